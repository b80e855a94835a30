// The simulator's device file: a JSON description of one meter (identity, addressing, associations,
// security, COSEM objects with attribute values, generated data). Schema in zod; src-main/sim/device-model
// loads it into an object model with DlmsData values.
// Attribute values use the "device value" JSON form of the A-XDR Data CHOICE: see ./device-value.
import { z } from 'zod';
import { ATTRIBUTE_ACCESS_MODES, METHOD_ACCESS_MODES } from './classes/types';
import { CONFORMANCE_BITS, conformanceNames, conformanceNumberOf, type ConformanceBitName } from './conformance';
import { deviceValueSchema, HEX_RE, parseObis } from './device-value';

export {
  canonicalObis, DATE_TIME_PATTERNS, deviceValueProblem, deviceValueSchema, formatObis, INTEGER_RANGES, INTEGER_VALUE_TYPES, parseObis,
  type DeviceTypeDescription, type DeviceValue, type IntegerValueType,
} from './device-value';

// ---------------------------------------------------------------------------------------------- names

/** Conformance block bit names (Green Book 9.4.6.1), shared with the codec: see ./conformance. */
export { CONFORMANCE_BITS };
export type ConformanceBit = ConformanceBitName;

/** The 24-bit conformance number with exactly the named bits set. */
export const conformanceFromNames: (names: readonly ConformanceBit[]) => number = conformanceNumberOf;

/** The names of the bits set in a 24-bit conformance number, in bit order. */
export const conformanceToNames: (value: number) => ConformanceBit[] = conformanceNames;

/** Authentication mechanism ids (Green Book 9.4.2.2.2, mechanism_name 2.16.756.5.8.2.id). */
export const AUTHENTICATION_MECHANISMS = {
  0: 'lowest-level-security',
  1: 'low-level-security',
  2: 'high-level-security (manufacturer specific)',
  3: 'high-level-security-MD5',
  4: 'high-level-security-SHA-1',
  5: 'high-level-security-GMAC',
  6: 'high-level-security-SHA-256',
  7: 'high-level-security-ECDSA',
} as const;

/** Application context names (Green Book 9.4.2.2.1, 2.16.756.5.8.1.id). */
export const APPLICATION_CONTEXTS = {
  'logical-name': 1,
  'short-name': 2,
  'logical-name-with-ciphering': 3,
  'short-name-with-ciphering': 4,
} as const;
export type ApplicationContext = keyof typeof APPLICATION_CONTEXTS;

// ---------------------------------------------------------------------------------------------- the file

const hexBytes = (n: number) => z.string().regex(new RegExp(`^[0-9A-Fa-f]{${2 * n}}$`), `must be ${n} bytes as ${2 * n} hex digits`);
const obis = z.string().refine((s) => parseObis(s) !== undefined, 'not an OBIS code (A-B:C.D.E.F)');
const u16 = z.number().int().min(0).max(0xffff);
const attributeAccess = z.enum(Object.keys(ATTRIBUTE_ACCESS_MODES) as [keyof typeof ATTRIBUTE_ACCESS_MODES]);
const methodAccess = z.enum(Object.keys(METHOD_ACCESS_MODES) as [keyof typeof METHOD_ACCESS_MODES]);
const indexKey = z.string().regex(/^[1-9]\d*$/, 'an attribute/method index');

const keySet = z.strictObject({
  /** Global unicast encryption key (EK). */
  ek: hexBytes(16),
  /** Authentication key (AK). */
  ak: hexBytes(16),
  /** Master key (KEK), used by key transfer. */
  kek: hexBytes(16).optional(),
  /** Dedicated key a client would propose by default (clients choose their own). */
  dedicatedKey: hexBytes(16).optional(),
  /** HLS-ECDSA (mechanism 7): the server's private signing scalar, 32 (P-256, suite 1) or 48 (P-384, suite 2) bytes hex. */
  serverSigningKey: z.string().regex(/^([0-9A-Fa-f]{64}|[0-9A-Fa-f]{96})$/, 'a P-256 (32 bytes) or P-384 (48 bytes) private key as hex').optional(),
  /** HLS-ECDSA: the client's public signing key X||Y, 64 (P-256) or 96 (P-384) bytes hex. */
  clientSigningPublicKey: z.string().regex(/^([0-9A-Fa-f]{128}|[0-9A-Fa-f]{192})$/, 'a P-256 (64 bytes) or P-384 (96 bytes) public key X||Y as hex').optional(),
});

const association = z.strictObject({
  name: z.string().min(1),
  /** Client SAP: wrapper source wPort / HDLC client address. */
  clientAddress: z.number().int().min(0).max(0x7f),
  /** The Association LN (0.0.40.0.x.255) or SN (0.0.40.0.0.255) object that describes it. */
  logicalName: obis,
  applicationContext: z.enum(Object.keys(APPLICATION_CONTEXTS) as [ApplicationContext]),
  authentication: z.strictObject({
    mechanism: z.number().int().min(0).max(7),
    /** LLS password (mechanism 1), as text. */
    password: z.string().optional(),
    /** HLS secret for mechanisms 2-4 and 6, hex. GMAC (5) uses the key set instead. */
    hlsSecret: z.string().regex(HEX_RE).optional(),
  }),
  security: z.strictObject({
    /** Security setup version 0 policy: 0 nothing, 1 authenticated, 2 encrypted, 3 authenticated and encrypted. */
    policy: z.number().int().min(0).max(3),
    suite: z.number().int().min(0).max(2),
    /** Name of a key set in security.keySets. */
    keys: z.string(),
    /** The Security setup object (0.0.43.0.x.255) of this association. */
    securitySetup: obis,
  }),
  conformance: z.array(z.enum(CONFORMANCE_BITS)),
  /** Server max receive PDU size the AARE announces. */
  maxPduSize: z.number().int().min(12).max(0xffff),
  dlmsVersion: z.literal(6).default(6),
  /** Which objects the association's object_list shows: all, or these. */
  objects: z.union([z.literal('all'), z.array(obis)]),
  /** 'descriptor': each class descriptor's default access; 'read-only': read everything, call nothing. */
  defaultAccess: z.enum(['descriptor', 'read-only']),
  accessRights: z
    .array(z.strictObject({ obis, attributes: z.record(indexKey, attributeAccess).optional(), methods: z.record(indexKey, methodAccess).optional() }))
    .default([]),
});

const cosemObject = z.strictObject({
  classId: u16,
  version: z.number().int().min(0).max(255),
  obis,
  /** A human name for the object browser. */
  name: z.string().optional(),
  /** Short name (base_name) for SN referencing: a multiple of 8. */
  baseName: z.number().int().min(0).max(0xfff8).multipleOf(8).optional(),
  attributes: z.record(indexKey, deviceValueSchema).default({}),
});

const profileColumn = z.discriminatedUnion('kind', [
  /** The capture time: a date-time octet-string, the Clock's attribute 2. */
  z.strictObject({ kind: z.literal('clock'), obis, classId: z.literal(8).default(8), attributeIndex: z.literal(2).default(2) }),
  /** The same value in every row (e.g. AMR profile status 0). */
  z.strictObject({ kind: z.literal('constant'), obis, classId: u16, attributeIndex: z.number().int().min(1).max(127), value: deviceValueSchema }),
  /** A cumulative energy register: start value, then a deterministic pseudo-random increase per period. */
  z.strictObject({
    kind: z.literal('counter'),
    obis,
    classId: u16,
    attributeIndex: z.number().int().min(1).max(127),
    type: z.enum(['double-long-unsigned', 'long64-unsigned']),
    start: z.number().int().min(0),
    /** Mean increase per capture period, in register units; the daily shape and the seed vary it. */
    meanPerPeriod: z.number().int().min(0),
  }),
]);

const loadProfileGenerator = z.strictObject({
  kind: z.literal('load-profile'),
  /** The Profile generic object whose buffer is generated. */
  profile: obis,
  /** First capture time, UTC, on a capture-period boundary: "2025-01-01T00:00:00Z". */
  start: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, 'a UTC time like 2025-01-01T00:00:00Z'),
  capturePeriod: z.number().int().min(1).max(86400),
  entries: z.number().int().min(0).max(10_000_000),
  /** Local time offset for the date-times written (deviation = −offset). */
  utcOffsetMinutes: z.number().int().min(-720).max(720).default(0),
  seed: z.number().int(),
  columns: z.array(profileColumn).min(1),
});

export const deviceFileSchema = z.strictObject({
  format: z.literal('meterscope-device/1'),
  identity: z.strictObject({
    name: z.string().min(1),
    /** The three-letter manufacturer (FLAG) id. */
    manufacturer: z.string().regex(/^[A-Z]{3}$/, 'three capital letters (FLAG id)'),
    /** Server system title, 8 bytes hex; its first three bytes are the manufacturer id in ASCII. */
    systemTitle: hexBytes(8),
    /** COSEM logical device name (0.0.42.0.0.255), up to 16 characters, starting with the manufacturer id. */
    logicalDeviceName: z.string().min(3).max(16).regex(/^[\x20-\x7e]+$/),
  }),
  addressing: z.strictObject({
    wrapper: z.strictObject({ serverWPort: u16 }),
    hdlc: z.strictObject({ serverLogicalAddress: z.number().int().min(0).max(0x3fff), serverPhysicalAddress: z.number().int().min(0).max(0x3fff) }),
  }),
  security: z.strictObject({
    keySets: z.record(z.string(), keySet),
    invocationCounterStart: z.number().int().min(0).max(0xffffffff),
  }),
  associations: z.array(association).min(1),
  objects: z.array(cosemObject),
  generators: z.array(loadProfileGenerator).default([]),
});

export type DeviceFile = z.infer<typeof deviceFileSchema>;
export type DeviceFileAssociation = DeviceFile['associations'][number];
export type DeviceFileObject = DeviceFile['objects'][number];
export type LoadProfileGenerator = DeviceFile['generators'][number];
export type ProfileColumn = LoadProfileGenerator['columns'][number];

/** JSON path text for an issue path: ["objects", 3, "attributes", "2"] → "$.objects[3].attributes.2". */
export function jsonPath(path: readonly PropertyKey[]): string {
  return '$' + path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
}
