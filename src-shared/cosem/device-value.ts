// The "device value" JSON form of the A-XDR Data CHOICE, as the simulator's device file (device-file.ts)
// writes attribute values, and the OBIS text forms device files accept. One key, the type's spec name,
// whose value is:
//   null-data / dont-care        null
//   boolean                      true | false
//   integer … double-long-unsigned, enum, bcd, delta-*   a JSON number
//   long64, long64-unsigned      a decimal string ("-9223372036854775808"), so no precision is lost
//   float32, float64             a number, or { "raw": "<big-endian hex>" } for NaN payloads and -0
//   bit-string                   a string of '0'/'1', bit 0 first ("1010" = 4 bits); { "bits": n, "hex": … }
//                                when the unused trailing bits are not zero (as some meters send them)
//   octet-string                 hex ("0102"); input sugar: { "ascii": "MSC..." }, { "obis": "1-0:1.8.0.255" },
//                                { "date-time": "<see below>" }
//   visible-string, utf8-string  the text, or { "hex": "…" } for bytes that are not printable ASCII / UTF-8
//   date-time, date, time        (tags 25/26/27) "2026-01-01T00:00:00Z" / "2026-01-01" / "12:00:00", or raw hex
//   array, structure             a list of device values
//   compact-array                { "description": <type description>, "items": [device values] }
// A date-time text is local time with its offset: "+01:00" gives deviation -60 (deviation is UTC minus local
// time, Blue Book 4.1.6.1), "Z" gives 0, no offset gives 0x8000 "not specified"; day-of-week is derived, clock
// status is 0x00, hundredths from ".cc". Anything else (wildcards, status bits) is written as 24 hex digits.
// The canonical form (what the model writes back) is hex for octet-strings and raw hex for date-times that
// the text cannot express, so DlmsData → JSON → DlmsData is exact.
import { z } from 'zod';
import { ObisParseError, formatObis as formatObisText, obisFromBytes, obisToBytes, parseObis as parseObisText } from './obis';

// ---------------------------------------------------------------------------------------------- values

export const INTEGER_VALUE_TYPES = [
  'integer',
  'long',
  'unsigned',
  'long-unsigned',
  'double-long',
  'double-long-unsigned',
  'enum',
  'bcd',
  'delta-integer',
  'delta-long',
  'delta-double-long',
  'delta-unsigned',
  'delta-long-unsigned',
  'delta-double-long-unsigned',
] as const;
export type IntegerValueType = (typeof INTEGER_VALUE_TYPES)[number];

/** Ranges of the integer types (Green Book 9.5). */
export const INTEGER_RANGES: Readonly<Record<IntegerValueType, readonly [number, number]>> = {
  integer: [-128, 127],
  long: [-32768, 32767],
  unsigned: [0, 255],
  'long-unsigned': [0, 65535],
  'double-long': [-2147483648, 2147483647],
  'double-long-unsigned': [0, 4294967295],
  enum: [0, 255],
  bcd: [-128, 127],
  'delta-integer': [-128, 127],
  'delta-long': [-32768, 32767],
  'delta-double-long': [-2147483648, 2147483647],
  'delta-unsigned': [0, 255],
  'delta-long-unsigned': [0, 65535],
  'delta-double-long-unsigned': [0, 4294967295],
};

/** Type description of a compact-array: a simple type name, { array: { count, element } } or { structure: [...] }. */
export type DeviceTypeDescription = string | { array: { count: number; element: DeviceTypeDescription } } | { structure: DeviceTypeDescription[] };

type One<K extends string, V> = K extends string ? { [P in K]: V } : never;
export type DeviceValue =
  | One<'null-data' | 'dont-care', null>
  | One<'boolean', boolean>
  | { [K in IntegerValueType]: One<K, number> }[IntegerValueType]
  | One<'long64' | 'long64-unsigned', string>
  | One<'float32' | 'float64', number | { raw: string }>
  | One<'bit-string', string | { bits: number; hex: string }>
  | One<'octet-string', string | { ascii: string } | { obis: string } | { 'date-time': string }>
  | One<'visible-string' | 'utf8-string', string | { hex: string }>
  | One<'date-time' | 'date' | 'time', string>
  | One<'array' | 'structure', DeviceValue[]>
  | One<'compact-array', { description: DeviceTypeDescription; items: DeviceValue[] }>;

/** Hex text of whole bytes (an even number of hex digits, maybe none). */
export const HEX_RE = /^(?:[0-9A-Fa-f]{2})*$/;
const DATE_TIME_TEXT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{2}))?(Z|[+-]\d{2}:\d{2})?$/;
const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_TEXT = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d{2}))?$/;
export const DATE_TIME_PATTERNS = { dateTime: DATE_TIME_TEXT, date: DATE_TEXT, time: TIME_TEXT } as const;

const SIMPLE_DESCRIPTION_TYPES = new Set<string>([
  'null-data', 'boolean', 'bit-string', 'double-long', 'double-long-unsigned', 'octet-string', 'visible-string', 'utf8-string',
  ...INTEGER_VALUE_TYPES, 'long64', 'long64-unsigned', 'float32', 'float64', 'date-time', 'date', 'time', 'dont-care',
]);

interface Problem {
  path: (string | number)[];
  message: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function descriptionProblem(d: unknown, path: (string | number)[]): Problem | undefined {
  if (typeof d === 'string') return SIMPLE_DESCRIPTION_TYPES.has(d) ? undefined : { path, message: `unknown type '${d}' in description` };
  if (isRecord(d) && Array.isArray(d.structure)) {
    for (let i = 0; i < d.structure.length; i++) {
      const p = descriptionProblem(d.structure[i], [...path, 'structure', i]);
      if (p) return p;
    }
    return undefined;
  }
  if (isRecord(d) && isRecord(d.array) && Number.isInteger(d.array.count) && (d.array.count as number) >= 0) {
    return descriptionProblem(d.array.element, [...path, 'array', 'element']);
  }
  return { path, message: 'a type description is a type name, { structure: [...] } or { array: { count, element } }' };
}

/** The first problem of a device value, with its path, or undefined when it is well-formed. */
export function deviceValueProblem(v: unknown, path: (string | number)[] = [], depth = 0): Problem | undefined {
  if (depth > 32) return { path, message: 'nested deeper than 32 levels' };
  if (!isRecord(v)) return { path, message: 'a value is an object with one key, its type, e.g. { "long-unsigned": 230 }' };
  const keys = Object.keys(v);
  if (keys.length !== 1) return { path, message: `a value has exactly one key (its type), got ${keys.length}: ${keys.join(', ')}` };
  const tag = keys[0]!;
  const x = v[tag];
  const at = [...path, tag];
  const bad = (message: string): Problem => ({ path: at, message });
  switch (tag) {
    case 'null-data':
    case 'dont-care':
      return x === null ? undefined : bad('must be null');
    case 'boolean':
      return typeof x === 'boolean' ? undefined : bad('must be true or false');
    case 'long64':
    case 'long64-unsigned': {
      if (typeof x !== 'string' || !/^-?\d+$/.test(x)) return bad('must be a decimal string');
      const n = BigInt(x);
      const [lo, hi] = tag === 'long64' ? [-(2n ** 63n), 2n ** 63n - 1n] : [0n, 2n ** 64n - 1n];
      return n < lo || n > hi ? bad(`${x} outside ${tag} range`) : undefined;
    }
    case 'float32':
    case 'float64': {
      if (typeof x === 'number') return undefined;
      const len = tag === 'float32' ? 8 : 16;
      return isRecord(x) && typeof x.raw === 'string' && x.raw.length === len && HEX_RE.test(x.raw) ? undefined : bad(`must be a number or { "raw": "<${len} hex digits>" }`);
    }
    case 'bit-string':
      if (typeof x === 'string' && /^[01]*$/.test(x)) return undefined;
      if (isRecord(x) && Number.isInteger(x.bits) && typeof x.hex === 'string' && HEX_RE.test(x.hex) && x.hex.length === 2 * Math.ceil((x.bits as number) / 8)) return undefined;
      return bad("must be a string of '0' and '1', or { \"bits\": n, \"hex\": … }");
    case 'octet-string': {
      if (typeof x === 'string') return HEX_RE.test(x) ? undefined : bad('must be hex (an even number of hex digits)');
      if (isRecord(x) && typeof x.ascii === 'string' && Object.keys(x).length === 1) return /^[\x20-\x7e]*$/.test(x.ascii) ? undefined : bad('ascii must be printable ASCII');
      if (isRecord(x) && typeof x.obis === 'string' && Object.keys(x).length === 1) return parseObis(x.obis) ? undefined : bad(`'${x.obis}' is not an OBIS code`);
      if (isRecord(x) && typeof x['date-time'] === 'string' && Object.keys(x).length === 1) return dateTextProblem('date-time', x['date-time'], bad);
      return bad('must be hex, { "ascii": … }, { "obis": … } or { "date-time": … }');
    }
    case 'visible-string':
    case 'utf8-string':
      if (typeof x === 'string') return undefined;
      return isRecord(x) && typeof x.hex === 'string' && HEX_RE.test(x.hex) ? undefined : bad('must be text or { "hex": … }');
    case 'date-time':
    case 'date':
    case 'time':
      return typeof x === 'string' ? dateTextProblem(tag, x, bad) : bad('must be a string');
    case 'array':
    case 'structure': {
      if (!Array.isArray(x)) return bad('must be a list of values');
      for (let i = 0; i < x.length; i++) {
        const p = deviceValueProblem(x[i], [...at, i], depth + 1);
        if (p) return p;
      }
      return undefined;
    }
    case 'compact-array': {
      if (!isRecord(x) || !Array.isArray(x.items)) return bad('must be { "description": …, "items": [...] }');
      const d = descriptionProblem(x.description, [...at, 'description']);
      if (d) return d;
      for (let i = 0; i < x.items.length; i++) {
        const p = deviceValueProblem(x.items[i], [...at, 'items', i], depth + 1);
        if (p) return p;
      }
      return undefined;
    }
    default: {
      const range = INTEGER_RANGES[tag as IntegerValueType];
      if (!range) return { path, message: `unknown type '${tag}'` };
      if (typeof x !== 'number' || !Number.isInteger(x)) return bad('must be an integer');
      return x < range[0] || x > range[1] ? bad(`${x} outside ${tag} range ${range[0]}..${range[1]}`) : undefined;
    }
  }
}

function dateTextProblem(kind: 'date-time' | 'date' | 'time', s: string, bad: (m: string) => Problem): Problem | undefined {
  const rawLen = kind === 'date-time' ? 24 : kind === 'date' ? 10 : 8;
  if (s.length === rawLen && HEX_RE.test(s)) return undefined;
  const re = kind === 'date-time' ? DATE_TIME_TEXT : kind === 'date' ? DATE_TEXT : TIME_TEXT;
  return re.test(s) ? undefined : bad(`'${s}' is neither ${rawLen} hex digits nor a ${kind} text like ${kind === 'date-time' ? '2026-01-01T00:00:00+01:00' : kind === 'date' ? '2026-01-01' : '12:00:00'}`);
}

export const deviceValueSchema = z.custom<DeviceValue>().superRefine((v, ctx) => {
  const p = deviceValueProblem(v);
  if (p) ctx.addIssue({ code: 'custom', message: p.message, path: p.path });
});

// ---------------------------------------------------------------------------------------------- OBIS

// Device files allow only the decimal forms with all six groups; the values are read by obis.ts.
const DEVICE_FILE_OBIS = /^\d{1,3}-\d{1,3}:\d{1,3}\.\d{1,3}\.\d{1,3}[.*]\d{1,3}$|^\d{1,3}(?:\.\d{1,3}){5}$/;

/** "A-B:C.D.E.F", "A-B:C.D.E*F" or "A.B.C.D.E.F" → 6 bytes; undefined if not an OBIS code. */
export function parseObis(text: string): Uint8Array | undefined {
  if (!DEVICE_FILE_OBIS.test(text)) return undefined;
  try {
    return obisToBytes(parseObisText(text));
  } catch (e) {
    if (e instanceof ObisParseError) return undefined; // a group above 255
    throw e;
  }
}

/** 6 bytes → "A-B:C.D.E.F" (the form device files and the model use as key). */
export function formatObis(bytes: Uint8Array): string {
  return formatObisText(obisFromBytes(bytes), 'reduced-dot');
}

/** Canonical text of an OBIS code in any accepted form. */
export function canonicalObis(text: string): string | undefined {
  const b = parseObis(text);
  return b ? formatObis(b) : undefined;
}
