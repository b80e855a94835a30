// IEC HDLC setup (class_id 23, version 1), Blue Book 4.7.2: HDLC link parameters (IEC 62056-46).
import { attr, BAUD_RATE, LOGICAL_NAME } from './common';
import type { ClassDescriptor } from './types';

export const iecHdlcSetup: ClassDescriptor = {
  classId: 23,
  version: 1,
  name: 'IEC HDLC setup',
  attributes: [
    LOGICAL_NAME,
    attr(2, 'comm_speed', BAUD_RATE, 'static'),
    attr(3, 'window_size_transmit', 'unsigned', 'static'),
    attr(4, 'window_size_receive', 'unsigned', 'static'),
    attr(5, 'max_info_field_length_transmit', 'long-unsigned', 'static'),
    attr(6, 'max_info_field_length_receive', 'long-unsigned', 'static'),
    attr(7, 'inter_octet_time_out', 'long-unsigned', 'static'),
    attr(8, 'inactivity_time_out', 'long-unsigned', 'static'),
    attr(9, 'device_address', 'long-unsigned', 'static'),
  ],
  methods: [],
};
