// IEC local port setup (class_id 19, version 1), Blue Book 4.7.1: the optical port (IEC 62056-21 mode E).
import { attr, BAUD_RATE, enumOf, LOGICAL_NAME } from './common';
import type { ClassDescriptor } from './types';

export const iecLocalPortSetup: ClassDescriptor = {
  classId: 19,
  version: 1,
  name: 'IEC local port setup',
  attributes: [
    LOGICAL_NAME,
    attr(2, 'default_mode', enumOf({ 0: 'protocol according to IEC 62056-21 (modes A…E)', 1: 'protocol according to IEC 62056-46 (DLMS/COSEM)', 2: 'protocol not specified' }), 'static'),
    attr(3, 'default_baud', BAUD_RATE, 'static'),
    attr(4, 'prop_baud', BAUD_RATE, 'static'),
    attr(5, 'response_time', enumOf({ 0: '20 ms', 1: '200 ms' }), 'static'),
    attr(6, 'device_addr', 'octet-string', 'static'),
    attr(7, 'pass_p1', 'octet-string', 'static', 'write-only'),
    attr(8, 'pass_p2', 'octet-string', 'static', 'write-only'),
    attr(9, 'pass_w5', 'octet-string', 'static', 'write-only'),
  ],
  methods: [],
};
