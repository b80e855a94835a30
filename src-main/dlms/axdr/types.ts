// The A-XDR Data CHOICE (Green Book 9.5 / IEC 62056-6-2 "Data ::= CHOICE"), as a tagged union.
// Every variant keeps what it needs for an exact re-encode: encode(decode(b)) equals b.
//
// `lengthSize` (optional, on every variant that carries an A-XDR length or count): the number of
// octets the length field took on the wire, kept by the decoder ONLY when the sender used a
// non-minimal form (e.g. 81 05 for 5, or 82 00 05). Absent means minimal, which is what encoders
// write. This keeps encode(decode(b)) byte-exact for every input the decoder accepts.

export const DATA_TAGS = {
  'null-data': 0,
  array: 1,
  structure: 2,
  boolean: 3,
  'bit-string': 4,
  'double-long': 5,
  'double-long-unsigned': 6,
  'octet-string': 9,
  'visible-string': 10,
  'utf8-string': 12,
  bcd: 13,
  integer: 15,
  long: 16,
  unsigned: 17,
  'long-unsigned': 18,
  'compact-array': 19,
  long64: 20,
  'long64-unsigned': 21,
  enum: 22,
  float32: 23,
  float64: 24,
  'date-time': 25,
  date: 26,
  time: 27,
  'delta-integer': 28,
  'delta-long': 29,
  'delta-double-long': 30,
  'delta-unsigned': 31,
  'delta-long-unsigned': 32,
  'delta-double-long-unsigned': 33,
  'dont-care': 255,
} as const;

export type DataTypeName = keyof typeof DATA_TAGS;

/** Integer types that fit a JS number. */
export type IntegerTypeName =
  | 'integer'
  | 'long'
  | 'unsigned'
  | 'long-unsigned'
  | 'double-long'
  | 'double-long-unsigned'
  | 'enum'
  | 'bcd'
  | 'delta-integer'
  | 'delta-long'
  | 'delta-double-long'
  | 'delta-unsigned'
  | 'delta-long-unsigned'
  | 'delta-double-long-unsigned';

/**
 * The integer members of Data, one descriptor each (Green Book 9.5): octets on the wire and sign.
 * The codec, the text and the JSON forms treat them alike, so they look the type up here instead
 * of listing the fourteen names in every switch. bcd is Integer8 in the Data CHOICE's grammar
 * (`bcd [13] IMPLICIT Integer8`), so it is signed here too; the octet on the wire is the same.
 */
export const INTEGER_TYPES: Readonly<Record<IntegerTypeName, { readonly size: 1 | 2 | 4; readonly signed: boolean }>> = {
  integer: { size: 1, signed: true },
  long: { size: 2, signed: true },
  unsigned: { size: 1, signed: false },
  'long-unsigned': { size: 2, signed: false },
  'double-long': { size: 4, signed: true },
  'double-long-unsigned': { size: 4, signed: false },
  enum: { size: 1, signed: false },
  bcd: { size: 1, signed: true },
  'delta-integer': { size: 1, signed: true },
  'delta-long': { size: 2, signed: true },
  'delta-double-long': { size: 4, signed: true },
  'delta-unsigned': { size: 1, signed: false },
  'delta-long-unsigned': { size: 2, signed: false },
  'delta-double-long-unsigned': { size: 4, signed: false },
};

export function isIntegerType(t: string): t is IntegerTypeName {
  return Object.prototype.hasOwnProperty.call(INTEGER_TYPES, t);
}

/** Narrows a Data value (or its JSON form) to its integer variant. */
export function isIntegerData<T extends { type: string }>(d: T): d is Extract<T, { type: IntegerTypeName }> {
  return isIntegerType(d.type);
}

/** The range of an integer type: [-2^(8n-1), 2^(8n-1) - 1] signed, [0, 2^(8n) - 1] unsigned. */
export function integerRange(t: IntegerTypeName): readonly [number, number] {
  const { size, signed } = INTEGER_TYPES[t];
  const span = 2 ** (8 * size);
  return signed ? [-span / 2, span / 2 - 1] : [0, span - 1];
}

export type DlmsData =
  | { type: 'null-data' }
  | { type: 'dont-care' }
  | { type: 'array'; items: DlmsData[]; lengthSize?: number }
  | { type: 'structure'; items: DlmsData[]; lengthSize?: number }
  /** `raw`: the octet as sent when it was neither 0x00 nor 0x01 (A-XDR: any non-zero octet is TRUE). */
  | { type: 'boolean'; value: boolean; raw?: number }
  /** `bits` = number of bits; `bytes` holds them MSB first (trailing bits as sent, normally zero). */
  | { type: 'bit-string'; bits: number; bytes: Uint8Array; lengthSize?: number }
  | { type: IntegerTypeName; value: number }
  | { type: 'long64' | 'long64-unsigned'; value: bigint }
  /** Floats keep their raw big-endian bytes so NaN payloads and -0 round-trip exactly. */
  | { type: 'float32' | 'float64'; value: number; raw: Uint8Array }
  | { type: 'octet-string'; value: Uint8Array; lengthSize?: number }
  /** Raw bytes (not necessarily valid ASCII/UTF-8 on real meters); text is derived for display. */
  | { type: 'visible-string' | 'utf8-string'; value: Uint8Array; lengthSize?: number }
  /** date-time (12 bytes), date (5 bytes), time (4 bytes): raw bytes; see axdr/datetime.ts to interpret. */
  | { type: 'date-time' | 'date' | 'time'; value: Uint8Array }
  /** `lengthSize` here is that of the array-contents length (the octet count of the contents). */
  | { type: 'compact-array'; description: TypeDescription; items: DlmsData[]; lengthSize?: number };

/** TypeDescription (Green Book 9.5, compact-array): a simple type, an array of n, or a structure. */
export type TypeDescription =
  | { type: 'array'; count: number; element: TypeDescription }
  | { type: 'structure'; elements: TypeDescription[]; lengthSize?: number }
  | { type: Exclude<DataTypeName, 'array' | 'structure' | 'compact-array'> };

/** The simple (non-container) types: what a TypeDescription leaf can name. */
export type SimpleTypeName = Exclude<DataTypeName, 'array' | 'structure' | 'compact-array'>;
