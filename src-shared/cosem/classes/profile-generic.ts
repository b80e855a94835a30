// Profile generic (class_id 7, version 1), Blue Book 4.3.6: a buffer of captured values (load profile, event log).
import { arrayOf, attr, CAPTURE_OBJECT_DEFINITION, enumOf, LOGICAL_NAME, method, NO_DATA } from './common';
import type { ClassDescriptor } from './types';

export const SORT_METHODS = {
  1: 'fifo',
  2: 'lifo',
  3: 'largest',
  4: 'smallest',
  5: 'nearest_to_zero',
  6: 'farest_from_zero',
} as const;

export const profileGeneric: ClassDescriptor = {
  classId: 7,
  version: 1,
  name: 'Profile generic',
  attributes: [
    LOGICAL_NAME,
    // buffer ::= array of structure of the captured values (selective access: range or entry descriptor)
    attr(2, 'buffer', arrayOf('any'), 'dynamic'),
    attr(3, 'capture_objects', arrayOf(CAPTURE_OBJECT_DEFINITION), 'static'),
    attr(4, 'capture_period', 'double-long-unsigned', 'static'),
    attr(5, 'sort_method', enumOf(SORT_METHODS), 'static'),
    attr(6, 'sort_object', CAPTURE_OBJECT_DEFINITION, 'static'),
    attr(7, 'entries_in_use', 'double-long-unsigned', 'dynamic'),
    attr(8, 'profile_entries', 'double-long-unsigned', 'static'),
  ],
  methods: [method(1, 'reset', NO_DATA), method(2, 'capture', NO_DATA)],
  snMethodOffset: 0x58,
};
