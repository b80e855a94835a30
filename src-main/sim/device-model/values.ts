// Device values (the JSON form in src-shared/cosem/device-file.ts) ⇄ DlmsData.
// dataToDeviceValue writes the canonical form; deviceValueToData(dataToDeviceValue(d)) equals d for every
// DlmsData in minimal encoding (the device file is semantic: non-minimal length octets and a boolean's raw
// octet other than 01 are not kept).
import { DATE_TIME_PATTERNS, parseObis, type DeviceTypeDescription, type DeviceValue } from '../../../src-shared/cosem/device-file';
import { fromHex, toHex } from '../../../src-shared/hex';
import { assertNever } from '../../dlms/errors';
import type { DlmsData, TypeDescription } from '../../dlms/axdr/types';

/** A device value that cannot become DlmsData; `path` points inside the value. */
export class DeviceValueError extends Error {
  constructor(
    message: string,
    readonly path: (string | number)[],
  ) {
    super(message);
    this.name = 'DeviceValueError';
  }
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

// ------------------------------------------------------------------------------------------ date/time

function two(n: number): string {
  return String(n).padStart(2, '0');
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** COSEM day of week: 1 = Monday … 7 = Sunday. */
function dayOfWeek(y: number, m: number, d: number): number {
  const js = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return js === 0 ? 7 : js;
}

function dateBytes(text: string, fail: (m: string) => never): number[] {
  const m = DATE_TIME_PATTERNS.date.exec(text.slice(0, 10))!;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) fail(`'${text}' is not a calendar date`);
  return [y >> 8, y & 0xff, mo, d, dayOfWeek(y, mo, d)];
}

function timeBytes(h: number, mi: number, s: number, cc: number, text: string, fail: (m: string) => never): number[] {
  if (h > 23 || mi > 59 || s > 59) fail(`'${text}' is not a time of day`);
  return [h, mi, s, cc];
}

/** Text or raw hex → the 12/5/4 octets of a date-time/date/time. */
export function dateTimeTextToBytes(kind: 'date-time' | 'date' | 'time', text: string, path: (string | number)[] = []): Uint8Array {
  const fail = (m: string): never => {
    throw new DeviceValueError(m, path);
  };
  const rawLen = kind === 'date-time' ? 12 : kind === 'date' ? 5 : 4;
  if (/^[0-9A-Fa-f]+$/.test(text) && text.length === rawLen * 2) return fromHex(text);
  if (kind === 'date') {
    if (!DATE_TIME_PATTERNS.date.test(text)) fail(`'${text}' is not a date like 2026-01-01`);
    return Uint8Array.from(dateBytes(text, fail));
  }
  if (kind === 'time') {
    const m = DATE_TIME_PATTERNS.time.exec(text) ?? fail(`'${text}' is not a time like 12:00:00`);
    return Uint8Array.from(timeBytes(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), text, fail));
  }
  const m = DATE_TIME_PATTERNS.dateTime.exec(text) ?? fail(`'${text}' is not a date-time like 2026-01-01T00:00:00+01:00`);
  const date = dateBytes(text, fail);
  const time = timeBytes(Number(m[4]), Number(m[5]), Number(m[6]), Number(m[7] ?? 0), text, fail);
  let deviation = 0x8000; // not specified
  const off = m[8];
  if (off === 'Z') deviation = 0;
  else if (off !== undefined) {
    const minutes = Number(off.slice(1, 3)) * 60 + Number(off.slice(4, 6));
    if (minutes > 720) fail(`offset ${off} beyond ±12:00`);
    // deviation = UTC − local (Blue Book 4.1.6.1): local time ahead of UTC gives a negative deviation
    deviation = (off[0] === '+' ? -minutes : minutes) & 0xffff;
  }
  return Uint8Array.from([...date, ...time, deviation >> 8, deviation & 0xff, 0x00]);
}

/** The canonical device-value text of date-time/date/time octets: readable text when it says it all, else hex. */
export function dateTimeBytesToText(kind: 'date-time' | 'date' | 'time', b: Uint8Array): string {
  const hex = toHex(b);
  const validDate = (o: number): boolean => {
    const y = (b[o]! << 8) | b[o + 1]!;
    const mo = b[o + 2]!;
    const d = b[o + 3]!;
    return y !== 0xffff && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo) && b[o + 4] === dayOfWeek(y, mo, d);
  };
  const validTime = (o: number): boolean => b[o]! <= 23 && b[o + 1]! <= 59 && b[o + 2]! <= 59 && b[o + 3]! <= 99;
  const dateText = (o: number): string => `${String((b[o]! << 8) | b[o + 1]!).padStart(4, '0')}-${two(b[o + 2]!)}-${two(b[o + 3]!)}`;
  const timeText = (o: number): string => `${two(b[o]!)}:${two(b[o + 1]!)}:${two(b[o + 2]!)}${b[o + 3] ? `.${two(b[o + 3]!)}` : ''}`;
  if (kind === 'date') return b.length === 5 && validDate(0) && ((b[0]! << 8) | b[1]!) <= 9999 ? dateText(0) : hex;
  if (kind === 'time') return b.length === 4 && validTime(0) ? timeText(0) : hex;
  if (b.length !== 12 || !validDate(0) || ((b[0]! << 8) | b[1]!) > 9999 || !validTime(5) || b[11] !== 0) return hex;
  const raw = (b[9]! << 8) | b[10]!;
  let off = '';
  if (raw !== 0x8000) {
    const deviation = raw >= 0x8000 ? raw - 0x10000 : raw;
    if (deviation < -720 || deviation > 720) return hex;
    const local = -deviation;
    off = local === 0 ? 'Z' : `${local > 0 ? '+' : '-'}${two(Math.floor(Math.abs(local) / 60))}:${two(Math.abs(local) % 60)}`;
  }
  return `${dateText(0)}T${timeText(5)}${off}`;
}

// ------------------------------------------------------------------------------------------ descriptions

function descriptionToData(d: DeviceTypeDescription): TypeDescription {
  if (typeof d === 'string') return { type: d } as TypeDescription;
  if ('structure' in d) return { type: 'structure', elements: d.structure.map(descriptionToData) };
  return { type: 'array', count: d.array.count, element: descriptionToData(d.array.element) };
}

function descriptionFromData(d: TypeDescription): DeviceTypeDescription {
  if (d.type === 'structure') return { structure: d.elements.map(descriptionFromData) };
  if (d.type === 'array') return { array: { count: d.count, element: descriptionFromData(d.element) } };
  return d.type;
}

// ------------------------------------------------------------------------------------------ values

function bitsFromString(s: string): { bits: number; bytes: Uint8Array } {
  const bytes = new Uint8Array(Math.ceil(s.length / 8));
  for (let i = 0; i < s.length; i++) if (s[i] === '1') bytes[i >> 3]! |= 0x80 >> (i & 7);
  return { bits: s.length, bytes };
}

function floatRaw(kind: 'float32' | 'float64', v: number): Uint8Array {
  const raw = new Uint8Array(kind === 'float32' ? 4 : 8);
  const view = new DataView(raw.buffer);
  if (kind === 'float32') view.setFloat32(0, v);
  else view.setFloat64(0, v);
  return raw;
}

function floatFromRaw(kind: 'float32' | 'float64', raw: Uint8Array): number {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  return kind === 'float32' ? view.getFloat32(0) : view.getFloat64(0);
}

/** A device value (already checked by the schema) → DlmsData. Throws DeviceValueError for values the schema cannot judge. */
export function deviceValueToData(v: DeviceValue, path: (string | number)[] = []): DlmsData {
  const tag = Object.keys(v)[0]! as keyof DeviceValue & string;
  const x = (v as Record<string, unknown>)[tag];
  const at = [...path, tag];
  const fail = (m: string): never => {
    throw new DeviceValueError(m, at);
  };
  switch (tag) {
    case 'null-data':
    case 'dont-care':
      return { type: tag };
    case 'boolean':
      return { type: tag, value: x as boolean };
    case 'long64':
    case 'long64-unsigned':
      return { type: tag, value: BigInt(x as string) };
    case 'float32':
    case 'float64': {
      if (typeof x === 'number') {
        const raw = floatRaw(tag, x);
        return { type: tag, value: floatFromRaw(tag, raw), raw };
      }
      const raw = fromHex((x as { raw: string }).raw);
      return { type: tag, value: floatFromRaw(tag, raw), raw };
    }
    case 'bit-string': {
      if (typeof x === 'string') return { type: tag, ...bitsFromString(x) };
      const o = x as { bits: number; hex: string };
      return { type: tag, bits: o.bits, bytes: fromHex(o.hex) };
    }
    case 'octet-string': {
      if (typeof x === 'string') return { type: tag, value: fromHex(x) };
      const o = x as Record<string, string>;
      if (o.ascii !== undefined) return { type: tag, value: Uint8Array.from(o.ascii, (c) => c.charCodeAt(0)) };
      if (o.obis !== undefined) return { type: tag, value: parseObis(o.obis) ?? fail(`'${o.obis}' is not an OBIS code`) };
      return { type: tag, value: dateTimeTextToBytes('date-time', o['date-time']!, [...at, 'date-time']) };
    }
    case 'visible-string':
    case 'utf8-string': {
      if (typeof x !== 'string') return { type: tag, value: fromHex((x as { hex: string }).hex) };
      if (tag === 'utf8-string') return { type: tag, value: utf8Encoder.encode(x) };
      if (!/^[\x20-\x7e]*$/.test(x)) fail('visible-string text must be printable ASCII; use { "hex": … } for other bytes');
      return { type: tag, value: Uint8Array.from(x, (c) => c.charCodeAt(0)) };
    }
    case 'date-time':
    case 'date':
    case 'time':
      return { type: tag, value: dateTimeTextToBytes(tag, x as string, at) };
    case 'array':
    case 'structure':
      return { type: tag, items: (x as DeviceValue[]).map((it, i) => deviceValueToData(it, [...at, i])) };
    case 'compact-array': {
      const o = x as { description: DeviceTypeDescription; items: DeviceValue[] };
      return { type: tag, description: descriptionToData(o.description), items: o.items.map((it, i) => deviceValueToData(it, [...at, 'items', i])) };
    }
    default:
      return { type: tag, value: x as number } as DlmsData;
  }
}

function isPrintableAscii(b: Uint8Array): boolean {
  return b.every((c) => c >= 0x20 && c <= 0x7e);
}

/** DlmsData → the canonical device value. */
export function dataToDeviceValue(d: DlmsData): DeviceValue {
  switch (d.type) {
    case 'null-data':
    case 'dont-care':
      return { [d.type]: null } as DeviceValue;
    case 'boolean':
      return { boolean: d.value };
    case 'array':
      return { array: d.items.map(dataToDeviceValue) };
    case 'structure':
      return { structure: d.items.map(dataToDeviceValue) };
    case 'compact-array':
      return { 'compact-array': { description: descriptionFromData(d.description), items: d.items.map(dataToDeviceValue) } };
    case 'bit-string': {
      let s = '';
      for (let i = 0; i < d.bits; i++) s += (d.bytes[i >> 3]! >> (7 - (i & 7))) & 1 ? '1' : '0';
      const clean = d.bytes.length === Math.ceil(d.bits / 8) && toHex(bitsFromString(s).bytes) === toHex(d.bytes);
      return { 'bit-string': clean ? s : { bits: d.bits, hex: toHex(d.bytes) } };
    }
    case 'long64':
    case 'long64-unsigned':
      return { [d.type]: d.value.toString() } as DeviceValue;
    case 'float32':
    case 'float64': {
      const plain = !Number.isNaN(d.value) && !Object.is(d.value, -0) && toHex(floatRaw(d.type, d.value)) === toHex(d.raw);
      return { [d.type]: plain ? d.value : { raw: toHex(d.raw) } } as DeviceValue;
    }
    case 'octet-string':
      return { 'octet-string': toHex(d.value) };
    case 'visible-string':
      return { 'visible-string': isPrintableAscii(d.value) ? String.fromCharCode(...d.value) : { hex: toHex(d.value) } };
    case 'utf8-string': {
      let text: string | undefined;
      try {
        text = utf8Decoder.decode(d.value);
      } catch {
        text = undefined;
      }
      const exact = text !== undefined && toHex(utf8Encoder.encode(text)) === toHex(d.value);
      return { 'utf8-string': exact ? text! : { hex: toHex(d.value) } };
    }
    case 'date-time':
    case 'date':
    case 'time':
      return { [d.type]: dateTimeBytesToText(d.type, d.value) } as DeviceValue;
    case 'integer':
    case 'long':
    case 'unsigned':
    case 'long-unsigned':
    case 'double-long':
    case 'double-long-unsigned':
    case 'enum':
    case 'bcd':
    case 'delta-integer':
    case 'delta-long':
    case 'delta-double-long':
    case 'delta-unsigned':
    case 'delta-long-unsigned':
    case 'delta-double-long-unsigned':
      return { [d.type]: d.value } as DeviceValue;
    default:
      return assertNever(d, 'DlmsData type');
  }
}
