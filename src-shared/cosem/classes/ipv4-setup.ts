// IPv4 setup (class_id 42, version 0), Blue Book 4.9.2: addresses as double-long-unsigned.
import { arrayOf, attr, field, LOGICAL_NAME, method, NO_DATA, OBIS, structure } from './common';
import type { ClassDescriptor } from './types';

export const ipv4Setup: ClassDescriptor = {
  classId: 42,
  version: 0,
  name: 'IPv4 setup',
  attributes: [
    LOGICAL_NAME,
    attr(2, 'DL_reference', OBIS, 'static'),
    attr(3, 'IP_address', 'double-long-unsigned', 'dynamic', 'read-and-write'),
    attr(4, 'multicast_IP_address', arrayOf('double-long-unsigned'), 'static'),
    attr(5, 'IP_options', arrayOf(structure(field('IP_option_type', 'unsigned'), field('IP_option_length', 'unsigned'), field('IP_option_data', 'octet-string'))), 'static'),
    attr(6, 'subnet_mask', 'double-long-unsigned', 'static'),
    attr(7, 'gateway_IP_address', 'double-long-unsigned', 'static'),
    attr(8, 'use_DHCP_flag', 'boolean', 'static'),
    attr(9, 'primary_DNS_address', 'double-long-unsigned', 'static'),
    attr(10, 'secondary_DNS_address', 'double-long-unsigned', 'static'),
  ],
  methods: [
    method(1, 'add_mc_IP_address', 'double-long-unsigned', 'access', true),
    method(2, 'delete_mc_IP_address', 'double-long-unsigned', 'access', true),
    method(3, 'get_nbof_mc_IP_addresses', NO_DATA, 'access', true),
  ],
  snMethodOffset: 0x60,
};
