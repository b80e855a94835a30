// Ciphered xDLMS APDUs: every envelope form, decode and encode (Green Book 9.2.7.2 and the
// xDLMS-APDU CHOICE in 9.5; tag numbers checked against jDLMS cosem.asn and u9n/dlms-cosem).
//
//   xDLMS-APDU ::= CHOICE {
//     -- service-specific global ciphering (SN referencing)
//     glo-initiateRequest [33] .. glo-readRequest [37], glo-writeRequest [38], glo-initiateResponse [40],
//     glo-readResponse [44], glo-writeResponse [45], glo-confirmedServiceError [46],
//     glo-unconfirmedWriteRequest [54], glo-informationReportRequest [56]   IMPLICIT OCTET STRING,
//     -- service-specific dedicated ciphering (SN): the same + 32: [65] [69] [70] [72] [76] [77] [78] [86] [88]
//     -- service-specific global ciphering (LN)
//     glo-get-request [200], glo-set-request [201], glo-event-notification-request [202],
//     glo-action-request [203], glo-get-response [204], glo-set-response [205],
//     glo-action-response [207]                                            IMPLICIT OCTET STRING,
//     -- service-specific dedicated ciphering (LN): the same + 8: [208] .. [213], [215]
//     general-glo-ciphering [219] IMPLICIT General-Glo-Ciphering,
//     general-ded-ciphering [220] IMPLICIT General-Ded-Ciphering,
//     general-ciphering     [221] IMPLICIT General-Ciphering,
//     general-signing       [223] IMPLICIT General-Signing, ... }
//
//   General-Glo-Ciphering ::= SEQUENCE { system-title OCTET STRING, ciphered-content OCTET STRING }
//   General-Ded-Ciphering ::= SEQUENCE { system-title OCTET STRING, ciphered-content OCTET STRING }
//   General-Ciphering ::= SEQUENCE {
//     transaction-id OCTET STRING, originator-system-title OCTET STRING,
//     recipient-system-title OCTET STRING, date-time OCTET STRING, other-information OCTET STRING,
//     key-info Key-Info OPTIONAL, ciphered-content OCTET STRING }
//   General-Signing ::= SEQUENCE {
//     transaction-id OCTET STRING, originator-system-title OCTET STRING,
//     recipient-system-title OCTET STRING, date-time OCTET STRING, other-information OCTET STRING,
//     content OCTET STRING, signature OCTET STRING }
//   Key-Info ::= CHOICE {
//     identified-key [0] SEQUENCE { key-id ENUMERATED { global-unicast-encryption-key (0),
//                                                       global-broadcast-encryption-key (1) } },
//     wrapped-key    [1] SEQUENCE { kek-id ENUMERATED { master-key (0) }, key-ciphered-data OCTET STRING },
//     agreed-key     [2] SEQUENCE { key-parameters OCTET STRING, key-ciphered-data OCTET STRING } }
//
// Every ciphered-content (and the OCTET STRING of a service-specific form) is
//   security-header (SC 1 byte || invocation-counter Unsigned32) || information || [authentication-tag 12]
// with the tag present exactly when SC bit 4 (authentication) is set (Green Book 9.2.7.2.4).

import { assertNever } from '../errors';
import type { ByteReader } from '../codec/byte-reader';
import type { ByteWriter } from '../codec/byte-writer';
import { toHex } from '../../../src-shared/hex';
import { describeSecurityControl, SC_AUTHENTICATION, SC_ENCRYPTION } from './security-control';

/** Length of the truncated GCM authentication tag DLMS uses (Green Book 9.2.3.3.7). */
export const AUTH_TAG_LENGTH = 12;

/** Service-specific ciphered tags: tag → [name, the unciphered APDU tag it carries]. */
export const SERVICE_SPECIFIC_TAGS = {
  // global ciphering, SN referencing and the initiate exchange
  0x21: ['glo-initiate-request', 0x01],
  0x25: ['glo-read-request', 0x05],
  0x26: ['glo-write-request', 0x06],
  0x28: ['glo-initiate-response', 0x08],
  0x2c: ['glo-read-response', 0x0c],
  0x2d: ['glo-write-response', 0x0d],
  0x2e: ['glo-confirmed-service-error', 0x0e],
  0x36: ['glo-unconfirmed-write-request', 0x16],
  0x38: ['glo-information-report-request', 0x18],
  // dedicated ciphering, SN referencing and the initiate exchange
  0x41: ['ded-initiate-request', 0x01],
  0x45: ['ded-read-request', 0x05],
  0x46: ['ded-write-request', 0x06],
  0x48: ['ded-initiate-response', 0x08],
  0x4c: ['ded-read-response', 0x0c],
  0x4d: ['ded-write-response', 0x0d],
  0x4e: ['ded-confirmed-service-error', 0x0e],
  0x56: ['ded-unconfirmed-write-request', 0x16],
  0x58: ['ded-information-report-request', 0x18],
  // global ciphering, LN referencing
  0xc8: ['glo-get-request', 0xc0],
  0xc9: ['glo-set-request', 0xc1],
  0xca: ['glo-event-notification-request', 0xc2],
  0xcb: ['glo-action-request', 0xc3],
  0xcc: ['glo-get-response', 0xc4],
  0xcd: ['glo-set-response', 0xc5],
  0xcf: ['glo-action-response', 0xc7],
  // dedicated ciphering, LN referencing
  0xd0: ['ded-get-request', 0xc0],
  0xd1: ['ded-set-request', 0xc1],
  0xd2: ['ded-event-notification-request', 0xc2],
  0xd3: ['ded-action-request', 0xc3],
  0xd4: ['ded-get-response', 0xc4],
  0xd5: ['ded-set-response', 0xc5],
  0xd7: ['ded-action-response', 0xc7],
} as const satisfies Record<number, readonly [string, number]>;

export type ServiceSpecificTag = keyof typeof SERVICE_SPECIFIC_TAGS;

export const GENERAL_CIPHERING_TAGS = {
  0xdb: 'general-glo-ciphering',
  0xdc: 'general-ded-ciphering',
  0xdd: 'general-ciphering',
  0xdf: 'general-signing',
} as const;

/** Every ciphered APDU tag with its name in the spec's words. */
export const CIPHERED_TAGS: Readonly<Record<number, string>> = Object.freeze({
  ...Object.fromEntries(Object.entries(SERVICE_SPECIFIC_TAGS).map(([t, [name]]) => [Number(t), name])),
  ...GENERAL_CIPHERING_TAGS,
});

export function isCipheredTag(tag: number): boolean {
  return CIPHERED_TAGS[tag] !== undefined;
}

function isServiceSpecificTag(tag: number): tag is ServiceSpecificTag {
  return Object.prototype.hasOwnProperty.call(SERVICE_SPECIFIC_TAGS, tag);
}

/** Which key a service-specific tag names: global (glo-) or dedicated (ded-). */
export function serviceSpecificKey(tag: ServiceSpecificTag): 'global' | 'dedicated' {
  return SERVICE_SPECIFIC_TAGS[tag][0].startsWith('ded-') ? 'dedicated' : 'global';
}

export const KEY_INFO_TAGS = { 0: 'identified-key', 1: 'wrapped-key', 2: 'agreed-key' } as const;
export const KEY_IDS = { 0: 'global-unicast-encryption-key', 1: 'global-broadcast-encryption-key' } as const;
export const KEK_IDS = { 0: 'master-key' } as const;
/** key-parameters of an agreed-key (Green Book 9.2.7.2.4.4, Table "Key-parameters"). */
export const KEY_AGREEMENT_SCHEMES = {
  1: 'One-Pass Diffie-Hellman C(1e, 1s, ECC CDH)',
  2: 'Static Unified Model C(0e, 2s, ECC CDH)',
} as const;

/** Security header + information + optional tag: the inside of every ciphered-content. */
export interface SecuredContent {
  securityControl: number;
  invocationCounter: number;
  /** The information field: ciphertext when SC bit 5 is set, else the plain APDU. */
  information: Uint8Array;
  /** The 12-byte authentication tag, present exactly when SC bit 4 is set. */
  authenticationTag?: Uint8Array;
}

export type KeyInfo =
  | { type: 'identified-key'; keyId: number }
  | { type: 'wrapped-key'; kekId: number; keyCipheredData: Uint8Array }
  | { type: 'agreed-key'; keyParameters: Uint8Array; keyCipheredData: Uint8Array };

export interface GeneralHeader {
  transactionId: Uint8Array;
  originatorSystemTitle: Uint8Array;
  recipientSystemTitle: Uint8Array;
  dateTime: Uint8Array;
  otherInformation: Uint8Array;
}

export type CipheredApdu =
  | { type: 'service-specific'; tag: ServiceSpecificTag; content: SecuredContent }
  | { type: 'general-glo-ciphering'; systemTitle: Uint8Array; content: SecuredContent }
  | { type: 'general-ded-ciphering'; systemTitle: Uint8Array; content: SecuredContent }
  | ({ type: 'general-ciphering'; keyInfo?: KeyInfo; content: SecuredContent } & GeneralHeader)
  | ({ type: 'general-signing'; content: Uint8Array; signature: Uint8Array } & GeneralHeader);

/** The spec's name of the envelope, e.g. 'glo-get-request' or 'general-glo-ciphering'. */
export function cipheredApduName(c: CipheredApdu): string {
  return c.type === 'service-specific' ? SERVICE_SPECIFIC_TAGS[c.tag][0] : c.type;
}

const TAG_OF_GENERAL = { 'general-glo-ciphering': 0xdb, 'general-ded-ciphering': 0xdc, 'general-ciphering': 0xdd, 'general-signing': 0xdf } as const;

// ---------------------------------------------------------------------------------------------
// decode

const hexOf = (b: Uint8Array): string => (b.length === 0 ? '(empty)' : toHex(b));
const nBytes = (b: Uint8Array): string => `${b.length} byte(s)`;

/** An OCTET STRING: A-XDR length then the bytes, both recorded as one node. */
function octetString(r: ByteReader, label: string, describe: (b: Uint8Array) => string = hexOf): Uint8Array {
  return r.node(
    label,
    () => r.take(r.length(`${label} length`), label),
    (b) => describe(b),
  );
}

function decodeSecuredContent(r: ByteReader, label = 'ciphered-content'): SecuredContent {
  const n = r.node('length', () => r.length(`${label} length`), (v) => ({ value: String(v), meaning: `${label} of ${v} byte(s)` }));
  const c = r.sub(n, label);
  const securityControl = c.node('security-control', () => c.u8(), (v) => ({
    value: `0x${toHex(Uint8Array.of(v))}`,
    meaning: describeSecurityControl(v),
  }));
  const invocationCounter = c.node('invocation-counter', () => c.u32(), (v) => String(v));
  const tagLength = (securityControl & SC_AUTHENTICATION) !== 0 ? AUTH_TAG_LENGTH : 0;
  if (c.remaining < tagLength) {
    c.fail('BAD_LENGTH', `authenticated content needs a ${AUTH_TAG_LENGTH}-byte tag, ${c.remaining} byte(s) left`);
  }
  const encrypted = (securityControl & SC_ENCRYPTION) !== 0;
  const information = c.node('ciphered-content', () => c.take(c.remaining - tagLength), (b) => ({
    value: nBytes(b),
    meaning: encrypted ? 'encrypted information' : 'plain APDU (not encrypted)',
  }));
  const out: SecuredContent = { securityControl, invocationCounter, information };
  if (tagLength > 0) {
    out.authenticationTag = c.node('authentication-tag', () => c.take(tagLength), (b) => ({ value: toHex(b), meaning: 'GMAC tag truncated to 12 bytes' }));
  }
  c.expectEnd(label);
  return out;
}

function decodeGeneralHeader(r: ByteReader): GeneralHeader {
  return {
    transactionId: octetString(r, 'transaction-id'),
    originatorSystemTitle: octetString(r, 'originator-system-title'),
    recipientSystemTitle: octetString(r, 'recipient-system-title'),
    dateTime: octetString(r, 'date-time'),
    otherInformation: octetString(r, 'other-information'),
  };
}

function decodeKeyInfo(r: ByteReader): KeyInfo {
  const choice = r.node('choice', () => r.u8(), (v) => ({ value: String(v), meaning: (KEY_INFO_TAGS as Record<number, string>)[v] ?? 'unknown' }));
  switch (choice) {
    case 0: {
      const keyId = r.node('key-id', () => r.u8(), (v) => ({ value: String(v), meaning: (KEY_IDS as Record<number, string>)[v] ?? 'unknown key-id' }));
      return { type: 'identified-key', keyId };
    }
    case 1: {
      const kekId = r.node('kek-id', () => r.u8(), (v) => ({ value: String(v), meaning: (KEK_IDS as Record<number, string>)[v] ?? 'unknown kek-id' }));
      return { type: 'wrapped-key', kekId, keyCipheredData: octetString(r, 'key-ciphered-data', nBytes) };
    }
    case 2: {
      const keyParameters = r.node('key-parameters', () => r.take(r.length('key-parameters length'), 'key-parameters'), (b) => ({
        value: hexOf(b),
        meaning: b.length === 1 ? ((KEY_AGREEMENT_SCHEMES as Record<number, string>)[b[0]!] ?? 'unknown scheme') : 'key-parameters',
      }));
      return { type: 'agreed-key', keyParameters, keyCipheredData: octetString(r, 'key-ciphered-data', nBytes) };
    }
    default:
      return r.fail('BAD_TAG', `key-info choice ${choice} is not identified-key (0), wrapped-key (1) or agreed-key (2)`, r.pos - 1);
  }
}

/**
 * Decodes one ciphered APDU starting at the tag. Does not require the input to end after it
 * (use decodeCipheredApduBytes for that). Throws only DlmsDecodeError.
 */
export function decodeCipheredApdu(r: ByteReader): CipheredApdu {
  const tag = r.peek();
  const name = CIPHERED_TAGS[tag];
  if (name === undefined) r.fail('BAD_TAG', `0x${toHex(Uint8Array.of(tag))} is not a ciphered APDU tag`);
  return r.node(name, () => {
    r.node('tag', () => r.u8(), (v) => ({ value: `0x${toHex(Uint8Array.of(v))}`, meaning: name }));
    if (isServiceSpecificTag(tag)) {
      return { type: 'service-specific', tag, content: decodeSecuredContent(r) } satisfies CipheredApdu;
    }
    switch (tag) {
      case 0xdb:
      case 0xdc: {
        const systemTitle = octetString(r, 'system-title');
        const content = decodeSecuredContent(r);
        return tag === 0xdb
          ? ({ type: 'general-glo-ciphering', systemTitle, content } satisfies CipheredApdu)
          : ({ type: 'general-ded-ciphering', systemTitle, content } satisfies CipheredApdu);
      }
      case 0xdd: {
        const header = decodeGeneralHeader(r);
        const present = r.node('key-info-present', () => r.u8(), (v) => (v === 0 ? 'absent' : 'present'));
        if (present > 1) r.fail('BAD_VALUE', `OPTIONAL usage flag ${present} is not 0 or 1`, r.pos - 1);
        const keyInfo = present === 1 ? r.node('key-info', () => decodeKeyInfo(r), (k) => k.type) : undefined;
        const content = decodeSecuredContent(r);
        const out: CipheredApdu = { type: 'general-ciphering', ...header, content };
        if (keyInfo !== undefined) out.keyInfo = keyInfo;
        return out;
      }
      case 0xdf: {
        const header = decodeGeneralHeader(r);
        const content = octetString(r, 'content', nBytes);
        const signature = octetString(r, 'signature');
        return { type: 'general-signing', ...header, content, signature } satisfies CipheredApdu;
      }
      default:
        return r.fail('BAD_TAG', `0x${toHex(Uint8Array.of(tag))} is not a ciphered APDU tag`);
    }
  });
}

/** Decodes a whole buffer as one ciphered APDU; trailing bytes are an error. */
export function decodeCipheredApduBytes(r: ByteReader): CipheredApdu {
  const c = decodeCipheredApdu(r);
  r.expectEnd('ciphered APDU');
  return c;
}

// ---------------------------------------------------------------------------------------------
// encode

function securedContentBytes(w: ByteWriter, c: SecuredContent): void {
  const authenticated = (c.securityControl & SC_AUTHENTICATION) !== 0;
  const tag = c.authenticationTag;
  if (authenticated !== (tag !== undefined)) {
    throw new Error('authentication tag must be present exactly when security control bit 4 is set');
  }
  if (tag !== undefined && tag.length !== AUTH_TAG_LENGTH) throw new Error(`authentication tag must be ${AUTH_TAG_LENGTH} bytes`);
  const len = 5 + c.information.length + (tag?.length ?? 0);
  w.length_(len).u8(c.securityControl).u32(c.invocationCounter).bytes(c.information);
  if (tag) w.bytes(tag);
}

function generalHeaderBytes(w: ByteWriter, h: GeneralHeader): void {
  w.withLength(h.transactionId)
    .withLength(h.originatorSystemTitle)
    .withLength(h.recipientSystemTitle)
    .withLength(h.dateTime)
    .withLength(h.otherInformation);
}

function keyInfoBytes(w: ByteWriter, k: KeyInfo): void {
  switch (k.type) {
    case 'identified-key':
      w.u8(0).u8(k.keyId);
      return;
    case 'wrapped-key':
      w.u8(1).u8(k.kekId).withLength(k.keyCipheredData);
      return;
    case 'agreed-key':
      w.u8(2).withLength(k.keyParameters).withLength(k.keyCipheredData);
      return;
    default:
      assertNever(k, 'key-info');
  }
}

export function encodeCipheredApdu(w: ByteWriter, c: CipheredApdu): void {
  switch (c.type) {
    case 'service-specific':
      w.u8(c.tag);
      securedContentBytes(w, c.content);
      return;
    case 'general-glo-ciphering':
    case 'general-ded-ciphering':
      w.u8(TAG_OF_GENERAL[c.type]).withLength(c.systemTitle);
      securedContentBytes(w, c.content);
      return;
    case 'general-ciphering':
      w.u8(TAG_OF_GENERAL[c.type]);
      generalHeaderBytes(w, c);
      if (c.keyInfo === undefined) w.u8(0);
      else {
        w.u8(1);
        keyInfoBytes(w, c.keyInfo);
      }
      securedContentBytes(w, c.content);
      return;
    case 'general-signing':
      w.u8(TAG_OF_GENERAL[c.type]);
      generalHeaderBytes(w, c);
      w.withLength(c.content).withLength(c.signature);
      return;
    default:
      assertNever(c, 'ciphered APDU');
  }
}

/** The security-protected content of an envelope (general-signing has none). */
export function securedContentOf(c: CipheredApdu): SecuredContent | undefined {
  return c.type === 'general-signing' ? undefined : c.content;
}
