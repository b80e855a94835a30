// M-Bus client (class_id 72, version 1), Blue Book 4.8.3: a wired/wireless M-Bus slave seen through the meter.
import { arrayOf, attr, enumOf, field, LOGICAL_NAME, method, NO_DATA, OBIS, structure } from './common';
import type { ClassDescriptor } from './types';

export const ENCRYPTION_KEY_STATUS = {
  0: 'no encryption_key',
  1: 'encryption_key set',
  2: 'encryption_key transferred',
  3: 'encryption_key set and transferred',
  4: 'encryption_key in use',
} as const;

export const mbusClient: ClassDescriptor = {
  classId: 72,
  version: 1,
  name: 'M-Bus client',
  attributes: [
    LOGICAL_NAME,
    attr(2, 'mbus_port_reference', OBIS, 'static'),
    attr(3, 'capture_definition', arrayOf(structure(field('data_information_block', 'octet-string'), field('value_information_block', 'octet-string'))), 'static'),
    attr(4, 'capture_period', 'double-long-unsigned', 'static'),
    attr(5, 'primary_address', 'unsigned', 'static'),
    attr(6, 'identification_number', 'double-long-unsigned', 'static'),
    attr(7, 'manufacturer_id', 'long-unsigned', 'static'),
    attr(8, 'version', 'unsigned', 'static'),
    attr(9, 'device_type', 'unsigned', 'static'),
    attr(10, 'access_number', 'unsigned', 'dynamic'),
    attr(11, 'status', 'unsigned', 'dynamic'),
    attr(12, 'alarm', 'unsigned', 'dynamic'),
    attr(13, 'configuration', 'long-unsigned', 'static', 'read-and-write', true),
    attr(14, 'encryption_key_status', enumOf(ENCRYPTION_KEY_STATUS), 'dynamic', 'read-only', true),
  ],
  methods: [
    method(1, 'slave_install', 'unsigned'),
    method(2, 'slave_deinstall', NO_DATA),
    method(3, 'capture', NO_DATA),
    method(4, 'reset_alarm_counter', NO_DATA),
    method(5, 'synchronize_clock', NO_DATA),
    method(6, 'data_send', arrayOf(structure(field('data_information_block', 'octet-string'), field('value_information_block', 'octet-string'), field('data', 'any')))),
    method(7, 'set_encryption_key', 'octet-string'),
    method(8, 'transfer_key', 'octet-string'),
  ],
};
