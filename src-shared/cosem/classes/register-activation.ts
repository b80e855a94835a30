// Register activation (class_id 6, version 0), Blue Book 4.3.6: which registers a tariff mask enables.
import { arrayOf, attr, field, LOGICAL_NAME, method, OBIS, structure } from './common';
import type { ClassDescriptor, TypeSpec } from './types';

const OBJECT_DEFINITION: TypeSpec = structure(field('class_id', 'long-unsigned'), field('logical_name', OBIS));
const REGISTER_ACT_MASK: TypeSpec = structure(field('mask_name', 'octet-string'), field('index_list', arrayOf('unsigned')));

export const registerActivation: ClassDescriptor = {
  classId: 6,
  version: 0,
  name: 'Register activation',
  attributes: [
    LOGICAL_NAME,
    attr(2, 'register_assignment', arrayOf(OBJECT_DEFINITION), 'static'),
    attr(3, 'mask_list', arrayOf(REGISTER_ACT_MASK), 'static'),
    attr(4, 'active_mask', 'octet-string', 'dynamic'),
  ],
  methods: [
    method(1, 'add_register', OBJECT_DEFINITION),
    method(2, 'add_mask', REGISTER_ACT_MASK),
    method(3, 'delete_mask', 'octet-string'),
  ],
  snMethodOffset: 0x30,
};
