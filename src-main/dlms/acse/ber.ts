// BER (ISO/IEC 8825-1 = X.690) helpers for the ACSE APDUs and the conformance block.
//
// Only what COSEM ACSE needs (IEC 62056-5-3 / Green Book 9.3 and 11): identifier octets (low and
// high tag numbers), definite lengths, OBJECT IDENTIFIER, BIT STRING, INTEGER, and walking the
// elements of a SEQUENCE. Indefinite lengths are refused (COSEM never uses them).
//
// A tag is represented by its identifier octets packed big-endian into one number: 0x60 is
// [APPLICATION 0] constructed, 0xBE is [30] constructed, 0x5F1F is [APPLICATION 31] primitive.
// Comparing tags is then a number comparison, and the encoder writes the octets back unchanged.

import type { ByteReader } from '../codec/byte-reader';
import type { ByteWriter } from '../codec/byte-writer';
import { toHex } from '../../../src-shared/hex';

export const BER_UNIVERSAL = 0x00;
export const BER_APPLICATION = 0x40;
export const BER_CONTEXT = 0x80;
export const BER_PRIVATE = 0xc0;
export const BER_CONSTRUCTED = 0x20;

/** Universal tags used here (X.680 8.4). */
export const UNIVERSAL_TAGS = {
  INTEGER: 0x02,
  'BIT STRING': 0x03,
  'OCTET STRING': 0x04,
  'OBJECT IDENTIFIER': 0x06,
  GraphicString: 0x19,
} as const;

export type TagClass = 'universal' | 'application' | 'context' | 'private';

const CLASS_NAMES: readonly TagClass[] = ['universal', 'application', 'context', 'private'];

/** The identifier octet of a low tag number (0..30). */
export function tagByte(cls: number, constructed: boolean, number: number): number {
  if (number < 0 || number > 30) throw new RangeError(`tag number ${number} needs the high-tag form`);
  return cls | (constructed ? BER_CONSTRUCTED : 0) | number;
}

/** [n] context-specific tag octet: `ctx(1, true)` = 0xA1, `ctx(0)` = 0x80. */
export function ctx(number: number, constructed = false): number {
  return tagByte(BER_CONTEXT, constructed, number);
}

/** Leading identifier octet of a packed tag. */
function firstOctet(tag: number): number {
  return tag > 0xffff ? tag >>> 16 : tag > 0xff ? tag >>> 8 : tag;
}

export function tagClass(tag: number): TagClass {
  return CLASS_NAMES[firstOctet(tag) >>> 6]!;
}

export function isConstructed(tag: number): boolean {
  return (firstOctet(tag) & BER_CONSTRUCTED) !== 0;
}

/** The tag number (the [n] of the ASN.1 notation). */
export function tagNumber(tag: number): number {
  const first = firstOctet(tag);
  if ((first & 0x1f) !== 0x1f) return first & 0x1f;
  if (tag > 0xffff) return ((tag >>> 8) & 0x7f) * 128 + (tag & 0x7f);
  return tag & 0x7f;
}

/** "[APPLICATION 31]", "[30] constructed", "UNIVERSAL 6" … for messages and field meanings. */
export function tagText(tag: number): string {
  const cls = tagClass(tag);
  const n = tagNumber(tag);
  const head = cls === 'context' ? `[${n}]` : cls === 'universal' ? `UNIVERSAL ${n}` : `[${cls.toUpperCase()} ${n}]`;
  return `${head}${isConstructed(tag) ? ' constructed' : ''}`;
}

export function hexByte(b: number): string {
  return toHex(Uint8Array.of(b & 0xff));
}

/** "0x5F1F" */
export function tagHex(tag: number): string {
  return `0x${tag.toString(16).toUpperCase().padStart(tag > 0xffff ? 6 : tag > 0xff ? 4 : 2, '0')}`;
}

/**
 * Reads identifier octets (X.690 8.1.2). High tag numbers take at most two subsequent octets
 * (numbers up to 16383), far beyond anything DLMS uses; the minimal form is required.
 */
export function readTag(r: ByteReader): number {
  const start = r.pos;
  const first = r.u8();
  if ((first & 0x1f) !== 0x1f) return first;
  const b1 = r.u8();
  if (b1 === 0x80) r.fail('BAD_TAG', 'high tag number with a leading 0x80 octet (not minimal)', start);
  if ((b1 & 0x80) === 0) {
    if (b1 < 31) r.fail('BAD_TAG', `tag number ${b1} must use the low-tag form`, start);
    return (first << 8) | b1;
  }
  const b2 = r.u8();
  if ((b2 & 0x80) !== 0) r.fail('UNSUPPORTED', 'tag number longer than two octets', start);
  return (first << 16) | (b1 << 8) | b2;
}

/** Reads the identifier octets without consuming them. */
export function peekTag(r: ByteReader): number {
  const save = r.pos;
  try {
    return readTag(r);
  } finally {
    r.pos = save;
  }
}

export function writeTag(w: ByteWriter, tag: number): void {
  if (tag > 0xffff) w.u8(tag >>> 16);
  if (tag > 0xff) w.u8((tag >>> 8) & 0xff);
  w.u8(tag & 0xff);
}

/** One element read: its tag, its content as a sub-reader, and where the whole TLV lies. */
export interface Tlv {
  tag: number;
  content: ByteReader;
  /** Absolute offsets of the whole element (identifier octets to end of content). */
  start: number;
  end: number;
}

/** Reads identifier and definite length, hands back a reader over exactly the content octets. */
export function readTlv(r: ByteReader, what = 'element'): Tlv {
  const start = r.pos;
  const tag = readTag(r);
  const n = r.length(`${what} length`);
  const content = r.sub(n, what);
  return { tag, content, start, end: r.pos };
}

/** Reads an element that must carry `expected`; any other tag is BAD_TAG. */
export function expectTlv(r: ByteReader, expected: number, what: string): ByteReader {
  const start = r.pos;
  const tag = readTag(r);
  if (tag !== expected) {
    r.fail('BAD_TAG', `${what}: expected ${tagHex(expected)} (${tagText(expected)}), got ${tagHex(tag)}`, start);
  }
  const n = r.length(`${what} length`);
  return r.sub(n, what);
}

/** Writes tag, definite length and content. */
export function writeTlv(w: ByteWriter, tag: number, content: Uint8Array): void {
  writeTag(w, tag);
  w.withLength(content);
}

// ---------------------------------------------------------------------------------------------
// OBJECT IDENTIFIER (X.690 8.19)

/** Arcs above this are refused: DLMS arcs are small, and this keeps arithmetic exact. */
const MAX_ARC = 0xffffffff;

/** Decodes the content octets of an OBJECT IDENTIFIER to dotted text, e.g. "2.16.756.5.8.1.1". */
export function readOidContent(r: ByteReader): string {
  if (r.eof) r.fail('BAD_LENGTH', 'empty object identifier');
  const subs: number[] = [];
  while (!r.eof) {
    const start = r.pos;
    let v = 0;
    let b = r.u8();
    if (b === 0x80) r.fail('BAD_VALUE', 'object identifier sub-identifier with a leading 0x80 octet (not minimal)', start);
    for (;;) {
      v = v * 128 + (b & 0x7f);
      if (v > MAX_ARC) r.fail('UNSUPPORTED', 'object identifier arc beyond 2^32', start);
      if ((b & 0x80) === 0) break;
      if (r.eof) r.fail('BAD_VALUE', 'object identifier ends inside a sub-identifier');
      b = r.u8();
    }
    subs.push(v);
  }
  const first = subs[0]!;
  const x = first < 40 ? 0 : first < 80 ? 1 : 2;
  return [x, first - 40 * x, ...subs.slice(1)].join('.');
}

/** Content octets of an OBJECT IDENTIFIER given as dotted text. */
export function oidContent(oid: string): Uint8Array {
  const arcs = oid.split('.').map((s) => {
    if (!/^\d+$/.test(s)) throw new RangeError(`object identifier "${oid}": arc "${s}" is not a number`);
    return Number(s);
  });
  const [x, y] = arcs;
  if (x === undefined || y === undefined) throw new RangeError(`object identifier "${oid}" needs at least two arcs`);
  if (x > 2 || (x < 2 && y > 39)) throw new RangeError(`object identifier "${oid}": invalid first arcs`);
  const out: number[] = [];
  for (const arc of [40 * x + y, ...arcs.slice(2)]) {
    if (arc > MAX_ARC) throw new RangeError(`object identifier "${oid}": arc beyond 2^32`);
    const septets: number[] = [];
    let v = arc;
    do {
      septets.unshift(v % 128);
      v = Math.floor(v / 128);
    } while (v > 0);
    septets.forEach((s, i) => out.push(i < septets.length - 1 ? s | 0x80 : s));
  }
  return Uint8Array.from(out);
}

// ---------------------------------------------------------------------------------------------
// BIT STRING (X.690 8.6), primitive form only

export interface BitString {
  /** Number of unused bits in the last octet (0..7; 0 when there are no octets). */
  unusedBits: number;
  /** The octets, first bit (bit 0) in the most significant position of the first octet. */
  bytes: Uint8Array;
}

export function readBitStringContent(r: ByteReader): BitString {
  const start = r.pos;
  const unusedBits = r.u8();
  if (unusedBits > 7) r.fail('BAD_VALUE', `bit string with ${unusedBits} unused bits`, start);
  if (r.eof && unusedBits !== 0) r.fail('BAD_VALUE', 'empty bit string must have 0 unused bits', start);
  return { unusedBits, bytes: r.rest() };
}

export function bitStringContent(b: BitString): Uint8Array {
  const out = new Uint8Array(b.bytes.length + 1);
  out[0] = b.unusedBits;
  out.set(b.bytes, 1);
  return out;
}

export function bitStringLength(b: BitString): number {
  return b.bytes.length * 8 - b.unusedBits;
}

/** Bit n (0 = first, most significant bit of the first octet); false beyond the end. */
export function bitAt(b: BitString, n: number): boolean {
  if (n < 0 || n >= bitStringLength(b)) return false;
  return ((b.bytes[n >> 3]! >> (7 - (n & 7))) & 1) === 1;
}

/** The shortest bit string of `length` bits with the given bits set. */
export function bitStringOf(length: number, set: readonly number[]): BitString {
  const bytes = new Uint8Array(Math.ceil(length / 8));
  for (const n of set) {
    if (n < 0 || n >= length) throw new RangeError(`bit ${n} outside a ${length}-bit string`);
    bytes[n >> 3]! |= 0x80 >> (n & 7);
  }
  return { unusedBits: bytes.length * 8 - length, bytes };
}

// ---------------------------------------------------------------------------------------------
// INTEGER (X.690 8.3): two's complement, minimal, up to 6 octets (safe JS integers)

export function readIntegerContent(r: ByteReader): number {
  const start = r.pos;
  const n = r.remaining;
  if (n === 0) r.fail('BAD_LENGTH', 'INTEGER with no content octets', start);
  if (n > 6) r.fail('UNSUPPORTED', `INTEGER of ${n} octets`, start);
  const b = r.bytesView(n, 'INTEGER');
  if (n > 1 && ((b[0] === 0x00 && (b[1]! & 0x80) === 0) || (b[0] === 0xff && (b[1]! & 0x80) !== 0))) {
    r.fail('BAD_VALUE', 'INTEGER not in its minimal encoding', start);
  }
  // Starting from -1 for a negative number makes the accumulation the two's complement value.
  let v = (b[0]! & 0x80) !== 0 ? -1 : 0;
  for (const x of b) v = v * 256 + x;
  return v;
}

export function integerContent(v: number): Uint8Array {
  // The range of 6 two's complement octets, what readIntegerContent accepts.
  if (!Number.isSafeInteger(v) || v < -(2 ** 47) || v >= 2 ** 47) throw new RangeError(`INTEGER ${v} out of range`);
  const out: number[] = [];
  let x = v;
  for (;;) {
    const low = ((x % 256) + 256) % 256;
    out.unshift(low);
    x = (x - low) / 256;
    const signOk = (x === 0 && (low & 0x80) === 0) || (x === -1 && (low & 0x80) !== 0);
    if (signOk) break;
  }
  return Uint8Array.from(out);
}
