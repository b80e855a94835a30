// Modem configuration (class_id 27, version 1), Blue Book 4.7.4: PSTN/GSM modem initialisation.
import { arrayOf, attr, BAUD_RATE, field, LOGICAL_NAME, structure } from './common';
import type { ClassDescriptor } from './types';

export const modemConfiguration: ClassDescriptor = {
  classId: 27,
  version: 1,
  name: 'Modem configuration',
  attributes: [
    LOGICAL_NAME,
    attr(2, 'comm_speed', BAUD_RATE, 'static'),
    attr(
      3,
      'initialization_string',
      arrayOf(structure(field('request', 'octet-string'), field('response', 'octet-string'), field('delay_after_response', 'long-unsigned'))),
      'static',
    ),
    attr(4, 'modem_profile', arrayOf('octet-string'), 'static'),
  ],
  methods: [],
};
