// Association LN (class_id 15), Blue Book 4.4.4: the association's object list, partners, context,
// mechanism and secret. Version 1 has attributes 1..9 and methods 1..4; version 2 adds user_list,
// current_user, add_user and remove_user. Both are built from one table here.
import { arrayOf, attr, enumOf, field, LOGICAL_NAME, method, OBIS, structure } from './common';
import type { AttributeDescriptor, ClassDescriptor, MethodDescriptor, TypeSpec } from './types';

export const ASSOCIATION_STATUS = { 0: 'non-associated', 1: 'association-pending', 2: 'associated' } as const;

/** access_rights ::= structure { attribute_access_descriptor, method_access_descriptor } (versions 1/2). */
export const ACCESS_RIGHTS: TypeSpec = structure(
  field(
    'attribute_access',
    arrayOf(
      structure(
        field('attribute_id', 'integer'),
        field(
          'access_mode',
          enumOf({
            0: 'no_access',
            1: 'read_only',
            2: 'write_only',
            3: 'read_and_write',
            4: 'authenticated_read_only',
            5: 'authenticated_write_only',
            6: 'authenticated_read_and_write',
          }),
        ),
        // CHOICE { null-data, array of integer }
        field('access_selectors', { choice: ['null-data', arrayOf('integer')] }),
      ),
    ),
  ),
  field('method_access', arrayOf(structure(field('method_id', 'integer'), field('access_mode', enumOf({ 0: 'no_access', 1: 'access', 2: 'authenticated_access' }))))),
);

/** object_list_element ::= structure { class_id, version, logical_name, access_rights }. */
export const OBJECT_LIST_ELEMENT: TypeSpec = structure(
  field('class_id', 'long-unsigned'),
  field('version', 'unsigned'),
  field('logical_name', OBIS),
  field('access_rights', ACCESS_RIGHTS),
);

const USER = structure(field('user_id', 'unsigned'), field('user_name', 'visible-string'));

const V1_ATTRIBUTES: AttributeDescriptor[] = [
  LOGICAL_NAME,
  attr(2, 'object_list', arrayOf(OBJECT_LIST_ELEMENT), 'static', 'read-only'),
  attr(3, 'associated_partners_id', structure(field('client_SAP', 'integer'), field('server_SAP', 'long-unsigned')), 'static', 'read-only'),
  // the application_context_name / authentication_mechanism_name OIDs as A-XDR octet-strings (2.16.756.5.8.x.y)
  attr(4, 'application_context_name', 'octet-string', 'static', 'read-only'),
  attr(
    5,
    'xDLMS_context_info',
    structure(
      field('conformance', 'bit-string'),
      field('max_receive_pdu_size', 'long-unsigned'),
      field('max_send_pdu_size', 'long-unsigned'),
      field('dlms_version_number', 'unsigned'),
      field('quality_of_service', 'integer'),
      field('cyphering_info', 'octet-string'),
    ),
    'static',
    'read-only',
  ),
  attr(6, 'authentication_mechanism_name', 'octet-string', 'static', 'read-only'),
  attr(7, 'secret', 'octet-string', 'static', 'write-only'),
  attr(8, 'association_status', enumOf(ASSOCIATION_STATUS), 'dynamic', 'read-only'),
  attr(9, 'security_setup_reference', OBIS, 'static', 'read-only'),
];

const V1_METHODS: MethodDescriptor[] = [
  method(1, 'reply_to_HLS_authentication', 'octet-string'),
  method(2, 'change_HLS_secret', 'octet-string', 'access', true),
  method(3, 'add_object', OBJECT_LIST_ELEMENT, 'access', true),
  method(4, 'remove_object', OBJECT_LIST_ELEMENT, 'access', true),
];

export const associationLnV1: ClassDescriptor = {
  classId: 15,
  version: 1,
  name: 'Association LN',
  attributes: V1_ATTRIBUTES,
  methods: V1_METHODS,
  snMethodOffset: 0x60,
};

export const associationLnV2: ClassDescriptor = {
  classId: 15,
  version: 2,
  name: 'Association LN',
  attributes: [...V1_ATTRIBUTES, attr(10, 'user_list', arrayOf(USER), 'static', 'read-only', true), attr(11, 'current_user', USER, 'dynamic', 'read-only', true)],
  methods: [...V1_METHODS, method(5, 'add_user', USER, 'access', true), method(6, 'remove_user', USER, 'access', true)],
  snMethodOffset: 0x60,
};
