// Association SN (class_id 12, version 2), Blue Book 4.4.3: the objects an SN association sees.
// Methods 1, 2 and 7 are "reserved from previous versions" and kept so the SN offsets stay right.
import { arrayOf, attr, enumOf, field, LOGICAL_NAME, method, NO_DATA, OBIS, structure } from './common';
import type { ClassDescriptor } from './types';

const OBJECT_LIST_ELEMENT = structure(
  field('base_name', 'long'),
  field('class_id', 'long-unsigned'),
  field('version', 'unsigned'),
  field('logical_name', OBIS),
);
const ACCESS_RIGHTS = structure(
  field('base_name', 'long'),
  field('attribute_access', arrayOf(structure(field('attribute_id', 'integer'), field('access_mode', enumOf({ 0: 'no_access', 1: 'read_only', 2: 'write_only', 3: 'read_and_write' })), field('access_selectors', 'any')))),
  field('method_access', arrayOf(structure(field('method_id', 'integer'), field('access_mode', enumOf({ 0: 'no_access', 1: 'access' }))))),
);

export const associationSn: ClassDescriptor = {
  classId: 12,
  version: 2,
  name: 'Association SN',
  attributes: [
    LOGICAL_NAME,
    attr(2, 'object_list', arrayOf(OBJECT_LIST_ELEMENT), 'static', 'read-only'),
    attr(3, 'access_rights_list', arrayOf(ACCESS_RIGHTS), 'static', 'read-only'),
    attr(4, 'security_setup_reference', OBIS, 'static', 'read-only'),
  ],
  methods: [
    method(1, 'reserved from previous versions', NO_DATA, 'no-access', true),
    method(2, 'reserved from previous versions', NO_DATA, 'no-access', true),
    method(3, 'read_by_logicalname', arrayOf(structure(field('class_id', 'long-unsigned'), field('logical_name', OBIS))), 'access', true),
    method(4, 'get_attributes&services', arrayOf('long'), 'access', true),
    method(5, 'change_LLS_secret', 'octet-string', 'access', true),
    method(6, 'change_HLS_secret', 'octet-string', 'access', true),
    method(7, 'reserved from previous versions', NO_DATA, 'no-access', true),
    method(8, 'reply_to_HLS_authentication', 'octet-string', 'access', true),
  ],
  snMethodOffset: 0x20,
};
