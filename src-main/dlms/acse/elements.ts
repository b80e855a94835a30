// The building blocks shared by AARQ, AARE, RLRQ and RLRE: walking the elements of an
// [APPLICATION n] IMPLICIT SEQUENCE in grammar order, keeping elements this codec does not model
// as raw bytes at their place, and the field types of the COSEM ACSE grammar (IEC 62056-5-3 /
// Green Book 9.3, the DLMS subset of ISO 8650-1):
//
//   AP-title ::= OCTET STRING                       -- the system title in COSEM
//   AE-qualifier ::= OCTET STRING                   -- e.g. a public key certificate (HLS ECDSA)
//   AP-invocation-identifier ::= INTEGER
//   AE-invocation-identifier ::= INTEGER
//   ACSE-requirements ::= BIT STRING { authentication (0) }
//   Mechanism-name ::= OBJECT IDENTIFIER
//   Authentication-value ::= CHOICE {
//     charstring [0] IMPLICIT GraphicString, bitstring [1] IMPLICIT BIT STRING,
//     external [2] IMPLICIT EXTERNAL, other [3] IMPLICIT SEQUENCE { … } }
//   Implementation-data ::= GraphicString
//   Association-information ::= OCTET STRING        -- holds one xDLMS APDU

import type { ByteReader, NodeInfo } from '../codec/byte-reader';
import { ByteWriter } from '../codec/byte-writer';
import { toHex } from '../../../src-shared/hex';
import { assertNever } from '../errors';
import {
  ctx,
  bitAt,
  bitStringContent,
  bitStringOf,
  expectTlv,
  integerContent,
  oidContent,
  peekTag,
  readBitStringContent,
  readIntegerContent,
  readOidContent,
  readTlv,
  tagHex,
  tagNumber,
  tagText,
  writeTlv,
  UNIVERSAL_TAGS,
  type BitString,
} from './ber';
import { ACSE_REQUIREMENT_BITS } from './names';

/** An element of an ACSE SEQUENCE this codec does not model, kept byte for byte. */
export interface RawElement {
  /** Tag number of the modelled element it followed (-1 when it came first). */
  after: number;
  /** The whole element as received: identifier, length and content octets. */
  tlv: Uint8Array;
}

export type AuthenticationValue =
  | { type: 'charstring'; value: Uint8Array }
  | { type: 'bitstring'; value: BitString }
  /** external [2] / other [3]: not used by COSEM, kept as the raw choice element. */
  | { type: 'other'; tlv: Uint8Array };

/** One modelled element: its identifier octet, name and content decoder. */
export interface ElementSpec {
  tag: number;
  label: string;
  /** Reads the content octets (the whole of them); returns the field-tree description. */
  read: (content: ByteReader) => NodeInfo | string | undefined;
}

/**
 * Walks the elements of a SEQUENCE's content. Modelled elements must come in grammar order
 * (ascending tag number) and at most once; anything else is kept in the returned raw list.
 */
export function readElements(r: ByteReader, specs: readonly ElementSpec[]): RawElement[] {
  const byTag = new Map(specs.map((s) => [s.tag, s]));
  const extra: RawElement[] = [];
  let last = -1;
  while (!r.eof) {
    const start = r.pos;
    const spec = byTag.get(peekTag(r));
    if (spec === undefined) {
      const tlv = r.node(
        'unknown-element',
        () => {
          const t = readTlv(r);
          return { tag: t.tag, bytes: r.bytes.slice(t.start, t.end) };
        },
        (t) => ({ value: tagHex(t.tag), meaning: `${tagText(t.tag)}: not a COSEM ACSE field, kept as is` }),
      );
      extra.push({ after: last, tlv: tlv.bytes });
      continue;
    }
    const n = tagNumber(spec.tag);
    if (n <= last) r.fail('BAD_TAG', `${spec.label} out of order or repeated`, start);
    last = n;
    r.node(spec.label, () => {
      const { content } = readTlv(r, spec.label);
      const info = spec.read(content);
      content.expectEnd(spec.label);
      return info;
    }, (info) => info);
  }
  return extra;
}

/** Writes [APPLICATION n] with the elements in grammar order and the raw ones at their place. */
export function writeElements(
  w: ByteWriter,
  appTag: number,
  parts: ReadonlyArray<readonly [number, Uint8Array] | undefined>,
  extra: readonly RawElement[] = [],
): void {
  const all: Array<{ key: number; bytes: Uint8Array }> = [];
  for (const p of parts) if (p !== undefined) all.push({ key: p[0], bytes: p[1] });
  for (const e of extra) all.push({ key: e.after + 0.5, bytes: e.tlv });
  all.sort((a, b) => a.key - b.key); // stable: raw elements keep their received order
  const body = new ByteWriter();
  for (const p of all) body.bytes(p.bytes);
  w.u8(appTag).withLength(body.toBytes());
}

/** One element's TLV bytes, tagged with its tag number for writeElements. */
export function part(tag: number, content: Uint8Array): readonly [number, Uint8Array] {
  const w = new ByteWriter();
  writeTlv(w, tag, content);
  return [tagNumber(tag), w.toBytes()];
}

/** How one field's content octets are read, written and described. */
export interface FieldCodec<V> {
  read(content: ByteReader, label: string): V;
  content(v: V): Uint8Array;
  /** `pdu` is the PDU decoded so far (e.g. the mechanism, to name an authentication value). */
  describe(v: V, pdu: object): NodeInfo | string;
}

/** One modelled element of a PDU type T: where it sits and how it maps to T's property. */
export interface Field<T> {
  /** The property of T it fills. */
  key: string;
  tag: number;
  label: string;
  spec(out: Partial<T>): ElementSpec;
  part(v: T): readonly [number, Uint8Array] | undefined;
}

export function field<T, K extends keyof T & string>(key: K, tag: number, label: string, codec: FieldCodec<NonNullable<T[K]>>): Field<T> {
  return {
    key,
    tag,
    label,
    spec: (out) => ({
      tag,
      label,
      read: (c) => {
        const v = codec.read(c, label);
        out[key] = v;
        return codec.describe(v, out);
      },
    }),
    part: (v) => {
      const x = v[key];
      return x === undefined || x === null ? undefined : part(tag, codec.content(x));
    },
  };
}

/** Decodes the content of an ACSE PDU into the named fields plus the raw leftovers. */
export function readFields<T>(c: ByteReader, fields: readonly Field<T>[]): { out: Partial<T>; extra: RawElement[] } {
  const out: Partial<T> = {};
  const extra = readElements(c, fields.map((f) => f.spec(out)));
  return { out, extra };
}

/**
 * Decodes a whole ACSE PDU: its [APPLICATION n] TLV, the modelled fields, the raw leftovers in
 * `extra`. Each key in `mandatory` (in that order) must have been read, else BAD_TAG at the PDU's
 * start naming the element, e.g. "AARE without its mandatory result [2]".
 */
export function readSequence<T extends { type: string; extra?: RawElement[] }>(
  r: ByteReader,
  appTag: number,
  type: T['type'],
  fields: readonly Field<T>[],
  mandatory: ReadonlyArray<keyof T & string> = [],
): T {
  const start = r.pos;
  const { out, extra } = readFields(expectTlv(r, appTag, type), fields);
  for (const key of mandatory) {
    if (out[key] !== undefined) continue;
    const f = fields.find((x) => x.key === key);
    r.fail('BAD_TAG', `${type} without its mandatory ${f?.label ?? key} [${f === undefined ? '?' : tagNumber(f.tag)}]`, start);
  }
  const pdu = { ...out, type } as T;
  if (extra.length > 0) pdu.extra = extra;
  return pdu;
}

/** Encodes an ACSE PDU from its fields and raw leftovers. */
export function writeFields<T>(w: ByteWriter, appTag: number, fields: readonly Field<T>[], v: T, extra?: readonly RawElement[]): void {
  writeElements(w, appTag, fields.map((f) => f.part(v)), extra);
}

function tlvBytes(tag: number, content: Uint8Array): Uint8Array {
  const w = new ByteWriter();
  writeTlv(w, tag, content);
  return w.toBytes();
}

const hexOr = (b: Uint8Array): string => (b.length === 0 ? '(empty)' : toHex(b));

/** Printable ASCII of a system title's first three octets (the manufacturer flag), if it is one. */
export function describeApTitle(b: Uint8Array): string {
  const flag = b.length >= 3 ? String.fromCharCode(...b.subarray(0, 3)) : '';
  const isFlag = /^[A-Z]{3}$/.test(flag);
  return b.length === 8 ? `system title${isFlag ? `, manufacturer flag ${flag}` : ''}` : `${b.length} octet(s)`;
}

// ---------------------------------------------------------------------------------------------
// field content codecs: read* take the content reader of the tagged element, *Content give it back

/** [n] EXPLICIT OCTET STRING (AP-title, AE-qualifier, Association-information's outer form). */
export function readExplicitOctetString(c: ByteReader, label: string): Uint8Array {
  return expectTlv(c, UNIVERSAL_TAGS['OCTET STRING'], label).rest();
}

export function explicitOctetStringContent(b: Uint8Array): Uint8Array {
  return tlvBytes(UNIVERSAL_TAGS['OCTET STRING'], b);
}

/** [n] EXPLICIT INTEGER (AP/AE invocation identifiers, result, diagnostics). */
export function readExplicitInteger(c: ByteReader, label: string): number {
  const inner = expectTlv(c, UNIVERSAL_TAGS.INTEGER, label);
  const v = readIntegerContent(inner);
  inner.expectEnd(label);
  return v;
}

export function explicitIntegerContent(v: number): Uint8Array {
  return tlvBytes(UNIVERSAL_TAGS.INTEGER, integerContent(v));
}

/** [1] EXPLICIT OBJECT IDENTIFIER (application-context-name). */
export function readExplicitOid(c: ByteReader, label: string): string {
  const inner = expectTlv(c, UNIVERSAL_TAGS['OBJECT IDENTIFIER'], label);
  return readOidContent(inner);
}

export function explicitOidContent(oid: string): Uint8Array {
  return tlvBytes(UNIVERSAL_TAGS['OBJECT IDENTIFIER'], oidContent(oid));
}

/** The named bits of an ACSE-requirements value (only 'authentication' is defined). */
export function acseRequirementNames(b: BitString): Array<(typeof ACSE_REQUIREMENT_BITS)[number]> {
  return ACSE_REQUIREMENT_BITS.filter((_, i) => bitAt(b, i));
}

/** ACSE-requirements with the authentication bit set, as COSEM sends it: 07 80. */
export function acseRequirements(authentication: boolean): BitString {
  return authentication ? bitStringOf(1, [0]) : bitStringOf(1, []);
}

/** protocol-version BIT STRING { version1 (0) }: 07 80. */
export const PROTOCOL_VERSION_1: BitString = bitStringOf(1, [0]);

export function describeBitString(b: BitString): string {
  return `${hexOr(b.bytes)}, ${b.unusedBits} unused bit(s)`;
}

const AUTHENTICATION_VALUE_CHOICES: Readonly<Record<number, string>> = {
  [ctx(0)]: 'charstring',
  [ctx(1)]: 'bitstring',
  [ctx(2, true)]: 'external',
  [ctx(3, true)]: 'other',
};

/** Authentication-value CHOICE, the content of the EXPLICIT [12] / [10] element. */
export function readAuthenticationValue(c: ByteReader): AuthenticationValue {
  const start = c.pos;
  const tag = peekTag(c);
  const label = AUTHENTICATION_VALUE_CHOICES[tag];
  if (label === undefined) {
    return c.fail('BAD_TAG', `Authentication-value choice ${tagHex(tag)} is not charstring [0], bitstring [1], external [2] or other [3]`, start);
  }
  return c.node(label, (): AuthenticationValue => {
    const t = readTlv(c, label);
    if (tag === ctx(0)) return { type: 'charstring', value: t.content.rest() };
    if (tag === ctx(1)) return { type: 'bitstring', value: readBitStringContent(t.content) };
    return { type: 'other', tlv: c.bytes.slice(t.start, t.end) };
  }, (v) => (v.type === 'charstring' ? hexOr(v.value) : v.type === 'bitstring' ? describeBitString(v.value) : `${v.tlv.length} octet(s)`));
}

export function authenticationValueContent(v: AuthenticationValue): Uint8Array {
  switch (v.type) {
    case 'charstring':
      return tlvBytes(ctx(0), v.value);
    case 'bitstring':
      return tlvBytes(ctx(1), bitStringContent(v.value));
    case 'other':
      return v.tlv;
    default:
      return assertNever(v, 'Authentication-value');
  }
}

/** What an authentication value carries, in the engineer's words. */
export function describeAuthenticationValue(v: AuthenticationValue, mechanismId: number | undefined): NodeInfo {
  switch (v.type) {
    case 'charstring': {
      const what = mechanismId === 1 ? 'password (LLS)' : mechanismId !== undefined && mechanismId >= 2 ? 'challenge (HLS)' : 'charstring';
      return { value: hexOr(v.value), meaning: `${what}, ${v.value.length} octet(s)` };
    }
    case 'bitstring':
      return { value: describeBitString(v.value), meaning: 'bitstring' };
    case 'other':
      return { value: hexOr(v.tlv), meaning: 'external/other authentication value (kept as is)' };
    default:
      return assertNever(v, 'Authentication-value');
  }
}
