// Script table (class_id 9, version 0), Blue Book 4.5.2: scripts of write-attribute / execute-method actions.
import { arrayOf, attr, enumOf, field, LOGICAL_NAME, method, OBIS, structure } from './common';
import type { ClassDescriptor } from './types';

const ACTION_SPECIFICATION = structure(
  field('service_id', enumOf({ 1: 'write attribute', 2: 'execute specific method' })),
  field('class_id', 'long-unsigned'),
  field('logical_name', OBIS),
  field('index', 'integer'),
  field('parameter', 'any'),
);

export const scriptTable: ClassDescriptor = {
  classId: 9,
  version: 0,
  name: 'Script table',
  attributes: [
    LOGICAL_NAME,
    attr(2, 'scripts', arrayOf(structure(field('script_identifier', 'long-unsigned'), field('actions', arrayOf(ACTION_SPECIFICATION)))), 'static'),
  ],
  methods: [method(1, 'execute', 'long-unsigned')],
  snMethodOffset: 0x20,
};
