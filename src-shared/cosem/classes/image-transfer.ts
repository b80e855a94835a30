// Image transfer (class_id 18, version 0), Blue Book 4.4.6: firmware upgrade in blocks.
import { arrayOf, attr, enumOf, field, LOGICAL_NAME, method, NO_DATA, structure } from './common';
import type { ClassDescriptor } from './types';

export const IMAGE_TRANSFER_STATUS = {
  0: 'Image transfer not initiated',
  1: 'Image transfer initiated',
  2: 'Image verification initiated',
  3: 'Image verification successful',
  4: 'Image verification failed',
  5: 'Image activation initiated',
  6: 'Image activation successful',
  7: 'Image activation failed',
} as const;

export const imageTransfer: ClassDescriptor = {
  classId: 18,
  version: 0,
  name: 'Image transfer',
  attributes: [
    LOGICAL_NAME,
    attr(2, 'image_block_size', 'double-long-unsigned', 'static', 'read-only'),
    attr(3, 'image_transferred_blocks_status', 'bit-string', 'dynamic'),
    attr(4, 'image_first_not_transferred_block_number', 'double-long-unsigned', 'dynamic'),
    attr(5, 'image_transfer_enabled', 'boolean', 'static'),
    attr(6, 'image_transfer_status', enumOf(IMAGE_TRANSFER_STATUS), 'dynamic'),
    attr(
      7,
      'image_to_activate_info',
      arrayOf(structure(field('image_to_activate_size', 'double-long-unsigned'), field('image_to_activate_identification', 'octet-string'), field('image_to_activate_signature', 'octet-string'))),
      'dynamic',
    ),
  ],
  methods: [
    method(1, 'image_transfer_initiate', structure(field('image_identifier', 'octet-string'), field('image_size', 'double-long-unsigned'))),
    method(2, 'image_block_transfer', structure(field('image_block_number', 'double-long-unsigned'), field('image_block_value', 'octet-string'))),
    method(3, 'image_verify', NO_DATA),
    method(4, 'image_activate', NO_DATA),
  ],
  snMethodOffset: 0x40,
};
