// Security setup (class_id 64), Blue Book 4.4.7: security policy, suite, system titles and key transfer.
// Version 0 (IDIS, the seed's Elster module) has attributes 1..5 and two methods; version 1 adds
// certificates and the public-key methods, and turns security_policy into a bit map.
import { arrayOf, attr, enumOf, field, LOGICAL_NAME, method, structure } from './common';
import type { ClassDescriptor, TypeSpec } from './types';

/** security_policy, version 0 (an enumeration). */
export const SECURITY_POLICY_V0 = {
  0: 'nothing',
  1: 'all messages to be authenticated',
  2: 'all messages to be encrypted',
  3: 'all messages to be authenticated and encrypted',
} as const;

/** security_policy, version 1: bits of an enum value (bits 0, 1 reserved). */
export const SECURITY_POLICY_V1_BITS = {
  2: 'authenticated request',
  3: 'encrypted request',
  4: 'digitally signed request',
  5: 'authenticated response',
  6: 'encrypted response',
  7: 'digitally signed response',
} as const;

export const SECURITY_SUITES = {
  0: 'AES-GCM-128 authenticated encryption and AES-128 key wrap',
  1: 'ECDH-ECDSA-AES-GCM-128-SHA-256',
  2: 'ECDH-ECDSA-AES-GCM-256-SHA-384',
} as const;

export const KEY_IDS = {
  0: 'global unicast encryption key',
  1: 'global broadcast encryption key',
  2: 'authentication key',
  3: 'master key (KEK)',
} as const;

const KEY_DATA: TypeSpec = arrayOf(structure(field('key_id', enumOf(KEY_IDS)), field('key_wrapped', 'octet-string')));
const SYSTEM_TITLE: TypeSpec = { octetString: 'system-title' };

export const securitySetupV0: ClassDescriptor = {
  classId: 64,
  version: 0,
  name: 'Security setup',
  attributes: [
    LOGICAL_NAME,
    attr(2, 'security_policy', enumOf(SECURITY_POLICY_V0), 'static'),
    attr(3, 'security_suite', enumOf(SECURITY_SUITES), 'static', 'read-only'),
    attr(4, 'client_system_title', SYSTEM_TITLE, 'dynamic', 'read-only'),
    attr(5, 'server_system_title', SYSTEM_TITLE, 'static', 'read-only'),
  ],
  methods: [method(1, 'security_activate', enumOf(SECURITY_POLICY_V0)), method(2, 'global_key_transfer', KEY_DATA)],
  snMethodOffset: 0x28,
};

const CERTIFICATE_ENTITY = enumOf({ 0: 'server', 1: 'client', 2: 'certification authority', 3: 'other' });
const CERTIFICATE_TYPE = enumOf({ 0: 'digital signature', 1: 'key agreement', 2: 'TLS', 3: 'other' });
const KEY_PAIR = enumOf({ 0: 'digital signature key pair', 1: 'key agreement key pair', 2: 'TLS key pair' });

export const securitySetupV1: ClassDescriptor = {
  classId: 64,
  version: 1,
  name: 'Security setup',
  attributes: [
    LOGICAL_NAME,
    // an enum whose bits carry SECURITY_POLICY_V1_BITS
    attr(2, 'security_policy', 'enum', 'static'),
    attr(3, 'security_suite', enumOf(SECURITY_SUITES), 'static', 'read-only'),
    attr(4, 'client_system_title', SYSTEM_TITLE, 'dynamic', 'read-only'),
    attr(5, 'server_system_title', SYSTEM_TITLE, 'static', 'read-only'),
    attr(
      6,
      'certificates',
      arrayOf(
        structure(
          field('certificate_entity', CERTIFICATE_ENTITY),
          field('certificate_type', CERTIFICATE_TYPE),
          field('serial_number', 'octet-string'),
          field('issuer', 'octet-string'),
          field('subject', 'octet-string'),
          field('subject_alt_name', 'octet-string'),
        ),
      ),
      'static',
      'read-only',
    ),
  ],
  methods: [
    method(1, 'security_activate', 'enum'),
    method(2, 'key_transfer', KEY_DATA),
    method(3, 'key_agreement', arrayOf(structure(field('key_id', enumOf(KEY_IDS)), field('key_ciphered_data', 'octet-string')))),
    method(4, 'generate_key_pair', KEY_PAIR),
    method(5, 'generate_certificate_request', KEY_PAIR),
    method(6, 'import_certificate', 'octet-string'),
    method(7, 'export_certificate', structure(field('certificate_identification_type', enumOf({ 0: 'certificate identification by entity', 1: 'certificate identification by serial' })), field('certificate_identification_options', 'any'))),
    method(8, 'remove_certificate', structure(field('certificate_identification_type', enumOf({ 0: 'certificate identification by entity', 1: 'certificate identification by serial' })), field('certificate_identification_options', 'any'))),
  ],
  snMethodOffset: 0x30,
};
