// DlmsData <-> plain JSON (the CLI's --json, exports). Lossless: every value keeps its A-XDR type,
// octets go as uppercase hex, 64-bit integers as decimal strings, non-finite floats as strings;
// strings and date/time values also carry their text for people. dataFromJson inverts dataToJson.

import { fromHex, toHex } from '../../../src-shared/hex';
import { assertNever } from '../errors';
import { formatBits, formatDateTimeOctets, latin1, utf8 } from './format';
import { isIntegerData, type DlmsData, type IntegerTypeName, type TypeDescription } from './types';

export type DlmsDataJson =
  | { type: 'null-data' | 'dont-care' }
  | { type: 'boolean'; value: boolean; raw?: number }
  | { type: 'array' | 'structure'; items: DlmsDataJson[]; lengthSize?: number }
  | { type: 'bit-string'; bits: number; hex: string; value: string; lengthSize?: number }
  | { type: IntegerTypeName; value: number }
  | { type: 'long64' | 'long64-unsigned'; value: string }
  | { type: 'float32' | 'float64'; value: number | string; hex: string }
  | { type: 'octet-string'; hex: string; text?: string; lengthSize?: number }
  | { type: 'visible-string' | 'utf8-string'; value: string; hex: string; lengthSize?: number }
  | { type: 'date-time' | 'date' | 'time'; value: string; hex: string }
  | { type: 'compact-array'; description: TypeDescription; items: DlmsDataJson[]; lengthSize?: number };

function sized<T extends object>(v: T, lengthSize: number | undefined): T {
  return lengthSize === undefined ? v : { ...v, lengthSize };
}

function printable(b: Uint8Array): boolean {
  return b.length > 0 && b.every((c) => c >= 0x20 && c <= 0x7e);
}

export function dataToJson(d: DlmsData): DlmsDataJson {
  if (isIntegerData(d)) return { type: d.type, value: d.value };
  switch (d.type) {
    case 'null-data':
    case 'dont-care':
      return { type: d.type };
    case 'boolean':
      return d.raw === undefined ? { type: d.type, value: d.value } : { type: d.type, value: d.value, raw: d.raw };
    case 'array':
    case 'structure':
      return sized({ type: d.type, items: d.items.map(dataToJson) }, d.lengthSize);
    case 'compact-array':
      return sized({ type: d.type, description: d.description, items: d.items.map(dataToJson) }, d.lengthSize);
    case 'bit-string':
      return sized({ type: d.type, bits: d.bits, hex: toHex(d.bytes), value: formatBits(d.bits, d.bytes) }, d.lengthSize);
    case 'long64':
    case 'long64-unsigned':
      return { type: d.type, value: d.value.toString() };
    case 'float32':
    case 'float64':
      return {
        type: d.type,
        value: Number.isFinite(d.value) && !Object.is(d.value, -0) ? d.value : String(Object.is(d.value, -0) ? '-0' : d.value),
        hex: toHex(d.raw),
      };
    case 'octet-string':
      return sized(printable(d.value) ? { type: d.type, hex: toHex(d.value), text: latin1(d.value) } : { type: d.type, hex: toHex(d.value) }, d.lengthSize);
    case 'visible-string':
      return sized({ type: d.type, value: latin1(d.value), hex: toHex(d.value) }, d.lengthSize);
    case 'utf8-string':
      return sized({ type: d.type, value: utf8(d.value), hex: toHex(d.value) }, d.lengthSize);
    case 'date-time':
    case 'date':
    case 'time':
      return { type: d.type, value: formatDateTimeOctets(d.type, d.value), hex: toHex(d.value) };
    default:
      return assertNever(d, 'Data');
  }
}

function floatFromJson(type: 'float32' | 'float64', hex: string): DlmsData {
  const raw = fromHex(hex);
  const size = type === 'float32' ? 4 : 8;
  if (raw.length !== size) throw new Error(`${type} needs ${size} octets of hex`);
  const dv = new DataView(raw.buffer);
  return { type, value: size === 4 ? dv.getFloat32(0, false) : dv.getFloat64(0, false), raw };
}

/** The inverse of dataToJson (octets come from `hex`; display texts are ignored). Throws Error on bad input. */
export function dataFromJson(j: DlmsDataJson): DlmsData {
  if (isIntegerData(j)) return { type: j.type, value: j.value };
  switch (j.type) {
    case 'null-data':
    case 'dont-care':
      return { type: j.type };
    case 'boolean':
      return j.raw === undefined ? { type: j.type, value: j.value } : { type: j.type, value: j.value, raw: j.raw };
    case 'array':
    case 'structure':
      return sized({ type: j.type, items: j.items.map(dataFromJson) }, j.lengthSize);
    case 'compact-array':
      return sized({ type: j.type, description: j.description, items: j.items.map(dataFromJson) }, j.lengthSize);
    case 'bit-string':
      return sized({ type: j.type, bits: j.bits, bytes: fromHex(j.hex) }, j.lengthSize);
    case 'long64':
    case 'long64-unsigned':
      return { type: j.type, value: BigInt(j.value) };
    case 'float32':
    case 'float64':
      return floatFromJson(j.type, j.hex);
    case 'octet-string':
    case 'visible-string':
    case 'utf8-string':
      return sized({ type: j.type, value: fromHex(j.hex) }, j.lengthSize);
    case 'date-time':
    case 'date':
    case 'time':
      return { type: j.type, value: fromHex(j.hex) };
    default:
      return assertNever(j, 'Data JSON');
  }
}
