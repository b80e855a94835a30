// GPRS modem setup (class_id 45, version 0), Blue Book 4.9.8: APN, PIN and quality of service.
import { attr, field, LOGICAL_NAME, structure } from './common';
import type { ClassDescriptor, TypeSpec } from './types';

const QOS_ELEMENT: TypeSpec = structure(
  field('precedence', 'unsigned'),
  field('delay', 'unsigned'),
  field('reliability', 'unsigned'),
  field('peak_throughput', 'unsigned'),
  field('mean_throughput', 'unsigned'),
);

export const gprsModemSetup: ClassDescriptor = {
  classId: 45,
  version: 0,
  name: 'GPRS modem setup',
  attributes: [
    LOGICAL_NAME,
    attr(2, 'APN', 'octet-string', 'static'),
    attr(3, 'PIN_code', 'long-unsigned', 'static', 'write-only'),
    attr(4, 'quality_of_service', structure(field('default', QOS_ELEMENT), field('requested', QOS_ELEMENT)), 'static'),
  ],
  methods: [],
};
