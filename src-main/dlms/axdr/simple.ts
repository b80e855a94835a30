// A-XDR lengths and the simple (non-container) members of the Data CHOICE (Green Book 9.5,
// IEC 62056-6-2 / IEC 61334-6 A-XDR). The value readers here read only the value: the tag is read
// by data.ts, and in a compact-array there is no tag at all (the type comes from the description).
//
//   Data ::= CHOICE {
//     null-data [0] IMPLICIT NULL,            boolean [3] IMPLICIT BOOLEAN,
//     bit-string [4] IMPLICIT BIT STRING,     double-long [5] IMPLICIT Integer32,
//     double-long-unsigned [6] Unsigned32,    octet-string [9] IMPLICIT OCTET STRING,
//     visible-string [10] VisibleString,      utf8-string [12] IMPLICIT UTF8String,
//     bcd [13] IMPLICIT Integer8,             integer [15] IMPLICIT Integer8,
//     long [16] IMPLICIT Integer16,           unsigned [17] IMPLICIT Unsigned8,
//     long-unsigned [18] Unsigned16,          long64 [20] Integer64, long64-unsigned [21] Unsigned64,
//     enum [22] IMPLICIT Unsigned8,           float32 [23] OCTET STRING (SIZE(4)),
//     float64 [24] OCTET STRING (SIZE(8)),    date-time [25] OCTET STRING (SIZE(12)),
//     date [26] OCTET STRING (SIZE(5)),       time [27] OCTET STRING (SIZE(4)),
//     delta-integer [28] Integer8,            delta-long [29] Integer16,
//     delta-double-long [30] Integer32,       delta-unsigned [31] Unsigned8,
//     delta-long-unsigned [32] Unsigned16,    delta-double-long-unsigned [33] Unsigned32,
//     dont-care [255] IMPLICIT NULL,          ... (array [1], structure [2], compact-array [19]: data.ts)
//   }
// Variable-length strings carry an A-XDR length (octets; bits for bit-string); fixed ones do not.

import { toHex } from '../../../src-shared/hex';
import type { ByteReader } from '../codec/byte-reader';
import type { ByteWriter } from '../codec/byte-writer';
import { assertNever } from '../errors';
import { readCosemDate, readCosemDateTime, readCosemTime } from './datetime';
import { DATA_TAGS, INTEGER_TYPES, integerRange, isIntegerData, isIntegerType, type DataTypeName, type DlmsData, type IntegerTypeName, type SimpleTypeName } from './types';

const NAME_BY_TAG = new Map<number, DataTypeName>(
  Object.entries(DATA_TAGS).map(([name, tag]) => [tag, name as DataTypeName]),
);

/** The Data CHOICE name for a tag, or undefined for a tag the grammar does not define. */
export function dataTypeName(tag: number): DataTypeName | undefined {
  return NAME_BY_TAG.get(tag);
}

/** Octets of a fixed-size value; -1 for the variable-length strings (length-prefixed). */
export const VALUE_SIZE: Readonly<Record<SimpleTypeName, number>> = {
  'null-data': 0,
  'dont-care': 0,
  boolean: 1,
  'bit-string': -1,
  'double-long': 4,
  'double-long-unsigned': 4,
  'octet-string': -1,
  'visible-string': -1,
  'utf8-string': -1,
  bcd: 1,
  integer: 1,
  long: 2,
  unsigned: 1,
  'long-unsigned': 2,
  long64: 8,
  'long64-unsigned': 8,
  enum: 1,
  float32: 4,
  float64: 8,
  'date-time': 12,
  date: 5,
  time: 4,
  'delta-integer': 1,
  'delta-long': 2,
  'delta-double-long': 4,
  'delta-unsigned': 1,
  'delta-long-unsigned': 2,
  'delta-double-long-unsigned': 4,
};

export function isSimpleType(t: DataTypeName): t is SimpleTypeName {
  return t !== 'array' && t !== 'structure' && t !== 'compact-array';
}

// ---- lengths ----------------------------------------------------------------------------------

/** Octets of the minimal A-XDR length form for n: 1 below 0x80, else 1 + the octets of n. */
export function minimalLengthSize(n: number): number {
  if (n < 0x80) return 1;
  if (n <= 0xff) return 2;
  if (n <= 0xffff) return 3;
  if (n <= 0xffffff) return 4;
  return 5;
}

export interface LengthRead {
  n: number;
  /** Set only when the form on the wire was longer than the minimal one. */
  lengthSize?: number;
}

/** Reads an A-XDR length as a 'length' node; `max` caps it against the bytes that can follow. */
export function readLength(r: ByteReader, meaning: string, max: number): LengthRead {
  return r.node(
    'length',
    () => {
      const start = r.pos;
      const n = r.length(meaning, max);
      const used = r.pos - start;
      return used === minimalLengthSize(n) ? { n } : { n, lengthSize: used };
    },
    (l) => ({
      value: String(l.n),
      meaning: l.lengthSize === undefined ? meaning : `${meaning} (non-minimal ${l.lengthSize}-octet form)`,
    }),
  );
}

/** Writes an A-XDR length, in the `lengthSize`-octet long form when one is given and can hold n. */
export function writeLength(w: ByteWriter, n: number, lengthSize?: number): void {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new RangeError(`A-XDR length ${n} out of range`);
  if (lengthSize === undefined || lengthSize <= minimalLengthSize(n) || lengthSize > 5) {
    w.length_(n);
    return;
  }
  const k = lengthSize - 1;
  w.u8(0x80 | k);
  for (let i = k - 1; i >= 0; i--) w.u8(Math.floor(n / 2 ** (8 * i)) & 0xff);
}

function withSize<T extends object>(v: T, lengthSize: number | undefined): T {
  return lengthSize === undefined ? v : { ...v, lengthSize };
}

// ---- values -----------------------------------------------------------------------------------

/** Reads the value of a simple type (no tag). Date/time types get one child node per field. */
export function readSimpleValue(r: ByteReader, type: SimpleTypeName): DlmsData {
  if (isIntegerType(type)) return { type, value: readInteger(r, type) };
  switch (type) {
    case 'null-data':
    case 'dont-care':
      return { type };
    case 'boolean': {
      const b = r.u8();
      return b === 0 || b === 1 ? { type, value: b === 1 } : { type, value: true, raw: b };
    }
    case 'bit-string': {
      const l = readLength(r, 'number of bits', r.remaining * 8);
      const bytes = r.take(Math.ceil(l.n / 8), 'bit-string octets');
      return withSize({ type, bits: l.n, bytes }, l.lengthSize);
    }
    case 'octet-string':
    case 'visible-string':
    case 'utf8-string': {
      const l = readLength(r, 'length in octets', r.remaining);
      return withSize({ type, value: r.take(l.n, type) }, l.lengthSize);
    }
    case 'long64':
      return { type, value: r.i64() };
    case 'long64-unsigned':
      return { type, value: r.u64() };
    case 'float32': {
      const raw = r.take(4, 'float32');
      return { type, value: new DataView(raw.buffer).getFloat32(0, false), raw };
    }
    case 'float64': {
      const raw = r.take(8, 'float64');
      return { type, value: new DataView(raw.buffer).getFloat64(0, false), raw };
    }
    case 'date-time':
      return { type, value: rawOf(r, () => readCosemDateTime(r)) };
    case 'date':
      return { type, value: rawOf(r, () => readCosemDate(r)) };
    case 'time':
      return { type, value: rawOf(r, () => readCosemTime(r)) };
    default:
      return assertNever(type, 'simple type');
  }
}

function readInteger(r: ByteReader, type: IntegerTypeName): number {
  const { size, signed } = INTEGER_TYPES[type];
  switch (size) {
    case 1:
      return signed ? r.i8() : r.u8();
    case 2:
      return signed ? r.i16() : r.u16();
    case 4:
      return signed ? r.i32() : r.u32();
    default:
      return assertNever(size, 'integer size');
  }
}

function writeInteger(w: ByteWriter, type: IntegerTypeName, value: number): void {
  const [lo, hi] = integerRange(type);
  const v = intIn(value, lo, hi, type);
  const { size, signed } = INTEGER_TYPES[type];
  switch (size) {
    case 1:
      if (signed) w.i8(v);
      else w.u8(v);
      return;
    case 2:
      if (signed) w.i16(v);
      else w.u16(v);
      return;
    case 4:
      if (signed) w.i32(v);
      else w.u32(v);
      return;
    default:
      return assertNever(size, 'integer size');
  }
}

function rawOf(r: ByteReader, read: () => unknown): Uint8Array {
  const start = r.pos;
  read();
  return r.bytes.slice(start, r.pos);
}

function intIn(v: number, lo: number, hi: number, type: string): number {
  if (!Number.isInteger(v) || v < lo || v > hi) throw new RangeError(`${type} value ${v} outside ${lo}..${hi}`);
  return v;
}

function fixed(b: Uint8Array, n: number, type: string): Uint8Array {
  if (b.length !== n) throw new RangeError(`${type} must be ${n} octets, got ${b.length}`);
  return b;
}

/** The float's own raw bytes when they still encode its value (NaN payloads, -0), else fresh ones. */
function floatBytes(value: number, raw: Uint8Array, size: 4 | 8): Uint8Array {
  if (raw.length === size) {
    const dv = new DataView(raw.buffer, raw.byteOffset, size);
    const back = size === 4 ? dv.getFloat32(0, false) : dv.getFloat64(0, false);
    if (Object.is(back, value) || (Number.isNaN(back) && Number.isNaN(value))) return raw;
  }
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  if (size === 4) dv.setFloat32(0, value, false);
  else dv.setFloat64(0, value, false);
  return out;
}

/** Writes the value of a simple type (no tag). Throws RangeError for a value its type cannot hold. */
export function writeSimpleValue(w: ByteWriter, d: DlmsData): void {
  if (isIntegerData(d)) return writeInteger(w, d.type, d.value);
  switch (d.type) {
    case 'null-data':
    case 'dont-care':
      return;
    case 'boolean':
      w.u8(d.raw !== undefined && d.value && d.raw > 1 && d.raw <= 0xff ? d.raw : d.value ? 1 : 0);
      return;
    case 'bit-string':
      if (d.bytes.length !== Math.ceil(d.bits / 8)) {
        throw new RangeError(`bit-string of ${d.bits} bits needs ${Math.ceil(d.bits / 8)} octets, got ${d.bytes.length}`);
      }
      writeLength(w, d.bits, d.lengthSize);
      w.bytes(d.bytes);
      return;
    case 'octet-string':
    case 'visible-string':
    case 'utf8-string':
      writeLength(w, d.value.length, d.lengthSize);
      w.bytes(d.value);
      return;
    case 'long64':
      if (BigInt.asIntN(64, d.value) !== d.value) throw new RangeError(`long64 value ${d.value} out of range`);
      w.i64(d.value);
      return;
    case 'long64-unsigned':
      if (BigInt.asUintN(64, d.value) !== d.value) throw new RangeError(`long64-unsigned value ${d.value} out of range`);
      w.u64(d.value);
      return;
    case 'float32':
      w.bytes(floatBytes(d.value, d.raw, 4));
      return;
    case 'float64':
      w.bytes(floatBytes(d.value, d.raw, 8));
      return;
    case 'date-time':
      w.bytes(fixed(d.value, 12, d.type));
      return;
    case 'date':
      w.bytes(fixed(d.value, 5, d.type));
      return;
    case 'time':
      w.bytes(fixed(d.value, 4, d.type));
      return;
    case 'array':
    case 'structure':
    case 'compact-array':
      throw new RangeError(`${d.type} is not a simple type`);
    default:
      return assertNever(d, 'Data');
  }
}

/** Short hex of a tag for the 'tag' node. */
export function tagHex(tag: number): string {
  return `0x${toHex(Uint8Array.of(tag))}`;
}
