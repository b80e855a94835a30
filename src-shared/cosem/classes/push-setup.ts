// Push setup (class_id 40, version 0), Blue Book 4.4.8: what is pushed, where and when (IDIS push).
import { arrayOf, attr, CAPTURE_OBJECT_DEFINITION, enumOf, field, LOGICAL_NAME, method, NO_DATA, structure, WINDOW } from './common';
import type { ClassDescriptor } from './types';

export const TRANSPORT_SERVICES = {
  0: 'TCP',
  1: 'UDP',
  2: 'FTP',
  3: 'SMTP',
  4: 'SMS',
  5: 'HDLC',
  6: 'M-Bus',
  7: 'ZigBee',
} as const;

export const pushSetup: ClassDescriptor = {
  classId: 40,
  version: 0,
  name: 'Push setup',
  attributes: [
    LOGICAL_NAME,
    attr(2, 'push_object_list', arrayOf(CAPTURE_OBJECT_DEFINITION), 'static'),
    attr(
      3,
      'send_destination_and_method',
      structure(
        field('transport_service', enumOf(TRANSPORT_SERVICES)),
        field('destination', 'octet-string'),
        field('message', enumOf({ 0: 'A-XDR encoded xDLMS APDU', 1: 'XML encoded xDLMS APDU' })),
      ),
      'static',
    ),
    attr(4, 'communication_window', WINDOW, 'static'),
    attr(5, 'randomisation_start_interval', 'long-unsigned', 'static'),
    attr(6, 'number_of_retries', 'unsigned', 'static'),
    attr(7, 'repetition_delay', 'long-unsigned', 'static'),
  ],
  methods: [method(1, 'push', NO_DATA)],
  snMethodOffset: 0x38,
};
