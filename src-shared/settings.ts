// DeviceSettings: every setting the seed's engineer had to get right is a named, typed field here,
// in the spec's words, with the bytes it becomes documented beside it. Plain data + zod schema:
// validated in main when it arrives over IPC or from a CLI/device file.

import { z } from 'zod';

/** How bytes reach the meter. */
export const InterfaceTypeSchema = z.enum([
  'wrapper-tcp', // IEC 62056-47 TCP/UDP wrapper over TCP (port 4059 by convention)
  'wrapper-udp',
  'hdlc-tcp', // HDLC frames over a TCP socket (e.g. a serial-to-IP converter)
  'hdlc-serial', // HDLC on RS-485 / direct serial
  'hdlc-mode-e', // IEC 62056-21 optical probe: 300 Bd sign-on, mode E switch, then HDLC
]);
export type InterfaceType = z.infer<typeof InterfaceTypeSchema>;

/** Authentication mechanism (mechanism-name 2.16.756.5.8.2.x). */
export const AuthenticationSchema = z.enum([
  'none', // 0 lowest level security
  'low', // 1 LLS: password in calling-authentication-value
  'high', // 2 HLS manufacturer specific
  'high-md5', // 3
  'high-sha1', // 4
  'high-gmac', // 5
  'high-sha256', // 6
  'high-ecdsa', // 7
]);
export type Authentication = z.infer<typeof AuthenticationSchema>;
export const MECHANISM_ID: Record<Authentication, number> = {
  none: 0,
  low: 1,
  high: 2,
  'high-md5': 3,
  'high-sha1': 4,
  'high-gmac': 5,
  'high-sha256': 6,
  'high-ecdsa': 7,
};

/** Security policy for xDLMS APDUs after the association (Security Setup attribute 2, version 0 names). */
export const SecurityPolicySchema = z.enum(['none', 'authenticated', 'encrypted', 'authenticated-encrypted']);
export type SecurityPolicy = z.infer<typeof SecurityPolicySchema>;

/** A byte string the user typed, with the way they typed it, so the editor can show both forms. */
export const BytesValueSchema = z.object({
  encoding: z.enum(['ascii', 'hex']),
  text: z.string(),
});
export type BytesValue = z.infer<typeof BytesValueSchema>;

const hexKey = z
  .string()
  .regex(/^([0-9A-Fa-f]{32}|[0-9A-Fa-f]{64})$/, 'a key is 16 bytes (suite 0/1) or 32 bytes (suite 2) of hex');

export const SerialSettingsSchema = z.object({
  path: z.string().min(1),
  baudRate: z.number().int().positive().default(9600),
  dataBits: z.union([z.literal(7), z.literal(8)]).default(8),
  parity: z.enum(['none', 'even', 'odd']).default('none'),
  stopBits: z.union([z.literal(1), z.literal(2)]).default(1),
});

export const DeviceSettingsSchema = z.object({
  name: z.string().default('Built-in simulator'),
  interface: InterfaceTypeSchema.default('wrapper-tcp'),
  host: z.string().default('127.0.0.1'),
  port: z.number().int().min(1).max(65535).default(4059),
  serial: SerialSettingsSchema.optional(),

  /** Client SAP: the wrapper source wPort, or the HDLC client address (16 public, 32 reader, 1 management in IDIS). */
  clientAddress: z.number().int().min(0).max(0x7f).default(16),
  /** Server logical address (logical device): the wrapper destination wPort, or the HDLC upper address. 1 = management logical device. */
  serverLogicalAddress: z.number().int().min(0).max(0x3fff).default(1),
  /** HDLC lower address (physical device address); ignored on the wrapper. */
  serverPhysicalAddress: z.number().int().min(0).max(0x3fff).default(0),
  /** HDLC server address size in bytes (1, 2 or 4); 0 = choose the smallest that fits. */
  serverAddressSize: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(4)]).default(0),

  /** Logical name (LN, application context ...1.1/1.3) or short name (SN, ...1.2/1.4) referencing. */
  referencing: z.enum(['ln', 'sn']).default('ln'),
  authentication: AuthenticationSchema.default('none'),
  /** LLS password or HLS secret (mechanisms 2-4, 6). */
  password: BytesValueSchema.default({ encoding: 'ascii', text: '' }),
  /** Client system title: 8 bytes (3-letter manufacturer flag + 5 bytes), e.g. ascii 'MSC00001' or hex 4D5343... */
  clientSystemTitle: BytesValueSchema.default({ encoding: 'ascii', text: 'MSC00001' }),
  /** Expected server system title, if known (else taken from the AARE's responding-AP-title). */
  serverSystemTitle: BytesValueSchema.optional(),

  securityPolicy: SecurityPolicySchema.default('none'),
  securitySuite: z.union([z.literal(0), z.literal(1), z.literal(2)]).default(0),
  /** Global unicast encryption key (EK), hex. */
  blockCipherKey: hexKey.default('000102030405060708090A0B0C0D0E0F'),
  /** Authentication key (AK), hex. */
  authenticationKey: hexKey.default('D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF'),
  /** Dedicated key sent in the InitiateRequest (ded- ciphering), hex; absent = global keys only. */
  dedicatedKey: hexKey.optional(),
  /** ECDSA (mechanism 7 / general-signing) keys, PEM or hex, when used. */
  clientSigningKey: z.string().optional(),
  serverSigningPublicKey: z.string().optional(),

  /**
   * How xDLMS APDUs are ciphered after the association: 'service-specific' = glo-/ded-get-request etc.
   * (ded- when a dedicated key is set), 'general' = general-glo-ciphering / general-ded-ciphering
   * (carrying the sender's system title).
   */
  cipheringForm: z.enum(['service-specific', 'general']).default('service-specific'),
  /** Whether the InitiateRequest itself is ciphered (glo-initiate-request) or plain. The seed's meter wanted plain. */
  cipherInitiateRequest: z.boolean().default(false),
  /** Where the client's invocation counter comes from. 'read' = read 0.0.43.1.x.255 through the public client first (as GXDLMSDirector does). */
  invocationCounterSource: z.enum(['stored', 'read', 'fixed']).default('stored'),
  invocationCounter: z.number().int().min(0).max(0xffffffff).default(0),
  /** OBIS of the frame counter object read when invocationCounterSource = 'read'. */
  invocationCounterObis: z.string().default('0.0.43.1.0.255'),

  /**
   * Proposed conformance block as a 24-bit number (bit 0 of the Green Book's numbering is the MSB;
   * names in src-main/dlms/xdlms/conformance.ts). Default 0x603EDD = the seed vendor tool's LN set
   * (0x403EDD: general-protection, attribute0-supported-with-get, block-transfer-with-get-or-read,
   * -set-or-write, -action, multiple-references, data-notification, access, get, set,
   * selective-access, action) plus general-block-transfer.
   */
  proposedConformance: z.number().int().min(0).max(0xffffff).default(0x603edd),
  /** client-max-receive-pdu-size proposed in the InitiateRequest. */
  maxPduSize: z.number().int().min(12).max(0xffff).default(0xffff),
  dlmsVersion: z.number().int().min(6).max(6).default(6),
  /** Service class bit of invoke-id-and-priority. */
  serviceClass: z.enum(['confirmed', 'unconfirmed']).default('confirmed'),
  priority: z.enum(['normal', 'high']).default('high'),
  /** First invoke-id (0..15); incremented per request. */
  invokeId: z.number().int().min(0).max(15).default(1),
  /** General block transfer window the client offers (1..63). */
  gbtWindowSize: z.number().int().min(1).max(63).default(1),
  /**
   * Most attributes in one GET/SET with-list request (0 = no cap but the PDU size). Meters limit the
   * count, not only the bytes (the Gurux C++ server corrupted its heap on 102 items that fitted the
   * PDU); GXDLMSDirector and real meters use about 10.
   */
  maxListItems: z.number().int().min(0).max(0xffff).default(10),

  /** Client-to-server challenge: random of the given length, or a fixed value (hex). */
  challenge: z
    .object({ mode: z.enum(['random', 'fixed']), length: z.number().int().min(8).max(64).default(16), fixed: z.string().optional() })
    .default({ mode: 'random', length: 16 }),

  /** HDLC link parameters proposed in the SNRM. */
  hdlc: z
    .object({
      maxInfoFieldTransmit: z.number().int().min(32).max(2030).default(128),
      maxInfoFieldReceive: z.number().int().min(32).max(2030).default(128),
      windowSizeTransmit: z.number().int().min(1).max(7).default(1),
      windowSizeReceive: z.number().int().min(1).max(7).default(1),
      inactivityTimeoutSeconds: z.number().int().min(0).default(120),
    })
    .default({ maxInfoFieldTransmit: 128, maxInfoFieldReceive: 128, windowSizeTransmit: 1, windowSizeReceive: 1, inactivityTimeoutSeconds: 120 }),

  /** Timeouts and retries. */
  timeouts: z
    .object({
      connectMs: z.number().int().min(100).default(5000),
      responseMs: z.number().int().min(100).default(5000),
      retries: z.number().int().min(0).max(10).default(2),
    })
    .default({ connectMs: 5000, responseMs: 5000, retries: 2 }),

  /** Send RLRQ before disconnecting (some meters want none). */
  releaseOnDisconnect: z.boolean().default(true),
});

export type DeviceSettings = z.infer<typeof DeviceSettingsSchema>;
export type DeviceSettingsInput = z.input<typeof DeviceSettingsSchema>;

export function deviceSettings(input: DeviceSettingsInput = {}): DeviceSettings {
  return DeviceSettingsSchema.parse(input);
}

/** Bytes of a BytesValue (ASCII or hex as typed). Throws Error with a plain reason. */
export function bytesOf(v: BytesValue): Uint8Array {
  if (v.encoding === 'ascii') {
    const out = new Uint8Array(v.text.length);
    for (let i = 0; i < v.text.length; i++) {
      const c = v.text.charCodeAt(i);
      if (c > 0x7e || c < 0x20) throw new Error(`character ${JSON.stringify(v.text[i])} at ${i} is not printable ASCII`);
      out[i] = c;
    }
    return out;
  }
  const clean = v.text.replace(/[\s:]/g, '');
  if (!/^([0-9A-Fa-f]{2})*$/.test(clean)) throw new Error('not an even number of hex digits');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}
