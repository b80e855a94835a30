// COSEM date and time formats (Blue Book 4.1.6.1, "Date and time formats"):
//
//   date-time OCTET STRING (SIZE(12)) {
//     year highbyte, year lowbyte,   -- 0..0xFFFE, 0xFFFF = not specified
//     month,                         -- 1..12, 0xFD = daylight_savings_end, 0xFE = daylight_savings_begin, 0xFF = n.s.
//     day of month,                  -- 1..31, 0xFD = 2nd last day of month, 0xFE = last day of month,
//                                    --        0xE0..0xFC reserved, 0xFF = not specified
//     day of week,                   -- 1..7 (1 = Monday), 0xFF = not specified
//     hour, minute, second,          -- 0..23 / 0..59 / 0..59, 0xFF = not specified
//     hundredths of second,          -- 0..99, 0xFF = not specified
//     deviation highbyte, lowbyte,   -- long, -720..720 minutes, 0x8000 = not specified
//     clock status                   -- 0xFF = not specified
//   }
//   date OCTET STRING (SIZE(5))  = year(2), month, day of month, day of week
//   time OCTET STRING (SIZE(4))  = hour, minute, second, hundredths
//
// Deviation sign: we implement the Blue Book convention, "deviation: in minutes of local time to
// UTC", i.e. the minutes to ADD to local time to get UTC: UTC = local + deviation, so CET (UTC+01:00)
// is -60 and UTC+02:00 is -120 (as u9n/dlms-cosem and Gurux by default read it). Some companion specs
// and meters (Gurux's "UseUtc2NormalTime": Italy, India, Saudi Arabia) use the opposite sign; pass
// convention 'utc-to-local' to the helpers below for those.
//
// Reserved values (month 13, day 0xE0, hour 30, ...) are kept as plain numbers so that
// encode(decode(b)) is exact; `cosemDateTimeProblems` lists them.

import { ByteReader } from '../codec/byte-reader';
import { DlmsDecodeError } from '../errors';

export type CosemMonth = number | 'dst-end' | 'dst-begin' | null;
export type CosemDayOfMonth = number | 'second-last-day' | 'last-day' | null;

export interface CosemDate {
  /** null = not specified (0xFFFF). */
  year: number | null;
  month: CosemMonth;
  dayOfMonth: CosemDayOfMonth;
  /** 1 = Monday .. 7 = Sunday; null = not specified. */
  dayOfWeek: number | null;
}

export interface CosemTime {
  hour: number | null;
  minute: number | null;
  second: number | null;
  hundredths: number | null;
}

export interface CosemDateTime extends CosemDate, CosemTime {
  /** Minutes, UTC = local + deviation (Blue Book); null = not specified (0x8000). */
  deviation: number | null;
  /** The clock status octet; null = not specified (0xFF). See `clockStatusFlags`. */
  clockStatus: number | null;
}

export type DeviationConvention = 'standard' | 'utc-to-local';

/** Clock status bits (Blue Book 4.1.6.1); bits 4..6 are reserved. */
export const CLOCK_STATUS_BITS = {
  'invalid-value': 0x01,
  'doubtful-value': 0x02,
  'different-clock-base': 0x04,
  'invalid-clock-status': 0x08,
  'daylight-saving-active': 0x80,
} as const;
export type ClockStatusFlag = keyof typeof CLOCK_STATUS_BITS;

export function clockStatusFlags(status: number): ClockStatusFlag[] {
  return (Object.keys(CLOCK_STATUS_BITS) as ClockStatusFlag[]).filter((f) => (status & CLOCK_STATUS_BITS[f]) !== 0);
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

// ---- reading (with dissector nodes) ------------------------------------------------------------

function field(r: ByteReader, label: string, read: () => number, meaning: (v: number) => string | undefined): number {
  return r.node(label, read, (v) => ({ value: String(v), meaning: meaning(v) }));
}

const ns = (v: number, unset: number): string | undefined => (v === unset ? 'not specified' : undefined);

/** Reads the 5 date octets. */
export function readCosemDate(r: ByteReader): CosemDate {
  const year = field(r, 'year', () => r.u16(), (v) => ns(v, 0xffff));
  const month = field(r, 'month', () => r.u8(), (v) =>
    v === 0xfd ? 'daylight_savings_end' : v === 0xfe ? 'daylight_savings_begin' : v === 0xff ? 'not specified' : v >= 1 && v <= 12 ? undefined : 'reserved',
  );
  const day = field(r, 'day-of-month', () => r.u8(), (v) =>
    v === 0xfd ? '2nd last day of month' : v === 0xfe ? 'last day of month' : v === 0xff ? 'not specified' : v >= 1 && v <= 31 ? undefined : 'reserved',
  );
  const dow = field(r, 'day-of-week', () => r.u8(), (v) =>
    v === 0xff ? 'not specified' : v >= 1 && v <= 7 ? WEEKDAYS[v - 1] : 'reserved',
  );
  return {
    year: year === 0xffff ? null : year,
    month: month === 0xfd ? 'dst-end' : month === 0xfe ? 'dst-begin' : month === 0xff ? null : month,
    dayOfMonth: day === 0xfd ? 'second-last-day' : day === 0xfe ? 'last-day' : day === 0xff ? null : day,
    dayOfWeek: dow === 0xff ? null : dow,
  };
}

/** Reads the 4 time octets. */
export function readCosemTime(r: ByteReader): CosemTime {
  const opt = (v: number): number | null => (v === 0xff ? null : v);
  return {
    hour: opt(field(r, 'hour', () => r.u8(), (v) => ns(v, 0xff))),
    minute: opt(field(r, 'minute', () => r.u8(), (v) => ns(v, 0xff))),
    second: opt(field(r, 'second', () => r.u8(), (v) => ns(v, 0xff))),
    hundredths: opt(field(r, 'hundredths', () => r.u8(), (v) => ns(v, 0xff))),
  };
}

/** Reads the 12 date-time octets. */
export function readCosemDateTime(r: ByteReader): CosemDateTime {
  const date = readCosemDate(r);
  const time = readCosemTime(r);
  const dev = r.node('deviation', () => r.i16(), (v) => ({
    value: String(v),
    meaning: v === -0x8000 ? 'not specified' : `minutes of local time to UTC (UTC${formatOffset(-v)})`,
  }));
  const status = r.node('clock-status', () => r.u8(), (v) => ({
    value: `0x${v.toString(16).padStart(2, '0').toUpperCase()}`,
    meaning: v === 0xff ? 'not specified' : clockStatusFlags(v).join(', ') || 'ok',
  }));
  return { ...date, ...time, deviation: dev === -0x8000 ? null : dev, clockStatus: status === 0xff ? null : status };
}

function decodeFixed<T>(b: Uint8Array, n: number, what: string, read: (r: ByteReader) => T): T {
  if (b.length !== n) throw new DlmsDecodeError('BAD_LENGTH', `${what} must be ${n} octets, got ${b.length}`, 0, what);
  const r = ByteReader.from(b);
  return read(r);
}

export function decodeCosemDateTime(b: Uint8Array): CosemDateTime {
  return decodeFixed(b, 12, 'date-time', readCosemDateTime);
}
export function decodeCosemDate(b: Uint8Array): CosemDate {
  return decodeFixed(b, 5, 'date', readCosemDate);
}
export function decodeCosemTime(b: Uint8Array): CosemTime {
  return decodeFixed(b, 4, 'time', readCosemTime);
}

// ---- encoding ---------------------------------------------------------------------------------

function octet(v: number | null, what: string): number {
  if (v === null) return 0xff;
  if (!Number.isInteger(v) || v < 0 || v > 0xff) throw new RangeError(`${what} ${v} does not fit an octet`);
  return v;
}

function writeDate(out: number[], d: CosemDate): void {
  const y = d.year ?? 0xffff;
  if (!Number.isInteger(y) || y < 0 || y > 0xffff) throw new RangeError(`year ${y} out of range`);
  out.push(y >> 8, y & 0xff);
  out.push(d.month === 'dst-end' ? 0xfd : d.month === 'dst-begin' ? 0xfe : octet(d.month, 'month'));
  out.push(d.dayOfMonth === 'second-last-day' ? 0xfd : d.dayOfMonth === 'last-day' ? 0xfe : octet(d.dayOfMonth, 'day-of-month'));
  out.push(octet(d.dayOfWeek, 'day-of-week'));
}

function writeTime(out: number[], t: CosemTime): void {
  out.push(octet(t.hour, 'hour'), octet(t.minute, 'minute'), octet(t.second, 'second'), octet(t.hundredths, 'hundredths'));
}

export function encodeCosemDate(d: CosemDate): Uint8Array {
  const out: number[] = [];
  writeDate(out, d);
  return Uint8Array.from(out);
}

export function encodeCosemTime(t: CosemTime): Uint8Array {
  const out: number[] = [];
  writeTime(out, t);
  return Uint8Array.from(out);
}

export function encodeCosemDateTime(dt: CosemDateTime): Uint8Array {
  const out: number[] = [];
  writeDate(out, dt);
  writeTime(out, dt);
  const dev = dt.deviation ?? -0x8000;
  if (!Number.isInteger(dev) || dev < -0x8000 || dev > 0x7fff) throw new RangeError(`deviation ${dev} out of range`);
  out.push((dev >> 8) & 0xff, dev & 0xff, octet(dt.clockStatus, 'clock status'));
  return Uint8Array.from(out);
}

// ---- interpretation ---------------------------------------------------------------------------

/** The UTC offset (local − UTC, minutes) a deviation stands for under the given convention. */
export function utcOffsetMinutes(deviation: number, convention: DeviationConvention = 'standard'): number {
  return convention === 'standard' ? -deviation : deviation;
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const a = Math.abs(minutes);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

const two = (v: number | null): string => (v === null ? '**' : String(v).padStart(2, '0'));

export function formatCosemDate(d: CosemDate): string {
  const year = d.year === null ? '****' : String(d.year).padStart(4, '0');
  const month = d.month === 'dst-end' ? 'dst-end' : d.month === 'dst-begin' ? 'dst-begin' : two(d.month);
  const day = d.dayOfMonth === 'second-last-day' ? '2nd-last' : d.dayOfMonth === 'last-day' ? 'last' : two(d.dayOfMonth);
  const dow = d.dayOfWeek === null ? '' : ` ${WEEKDAYS[d.dayOfWeek - 1] ?? `dow${d.dayOfWeek}`}`;
  return `${year}-${month}-${day}${dow}`;
}

export function formatCosemTime(t: CosemTime): string {
  return `${two(t.hour)}:${two(t.minute)}:${two(t.second)}.${two(t.hundredths)}`;
}

/**
 * '2020-01-01 00:03:00.00 +02:00' ('*' for fields not specified, no offset when the deviation is
 * not specified), then 'DST' when the daylight-saving-active bit is set and the other status flags.
 */
export function formatCosemDateTime(dt: CosemDateTime, convention: DeviationConvention = 'standard'): string {
  let s = `${formatCosemDate(dt)} ${formatCosemTime(dt)}`;
  if (dt.deviation !== null) s += ` ${formatOffset(utcOffsetMinutes(dt.deviation, convention))}`;
  if (dt.clockStatus !== null) {
    const flags = clockStatusFlags(dt.clockStatus);
    if (flags.includes('daylight-saving-active')) s += ' DST';
    const others = flags.filter((f) => f !== 'daylight-saving-active');
    if (others.length > 0) s += ` [${others.join(', ')}]`;
  }
  return s;
}

/**
 * A date-time for the instant `date`, as a meter at `deviation` would show it (local time fields,
 * day of week, hundredths). `deviation` null: fields in UTC and deviation not specified.
 */
export function fromDate(
  date: Date,
  deviation: number | null = 0,
  opts: { clockStatus?: number | null; convention?: DeviationConvention } = {},
): CosemDateTime {
  const t = date.getTime();
  if (!Number.isFinite(t)) throw new RangeError('invalid Date');
  const offset = deviation === null ? 0 : utcOffsetMinutes(deviation, opts.convention);
  const local = new Date(t + offset * 60_000);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    dayOfMonth: local.getUTCDate(),
    dayOfWeek: ((local.getUTCDay() + 6) % 7) + 1,
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    hundredths: Math.floor(local.getUTCMilliseconds() / 10),
    deviation,
    clockStatus: opts.clockStatus === undefined ? 0 : opts.clockStatus,
  };
}

/**
 * The instant a fully specified date-time stands for, or undefined when a field it needs is not
 * specified (or is a wildcard such as 'last-day'). Hundredths not specified count as 0.
 */
export function toDate(dt: CosemDateTime, convention: DeviationConvention = 'standard'): Date | undefined {
  const { year, month, dayOfMonth, hour, minute, second, deviation } = dt;
  if (year === null || typeof month !== 'number' || typeof dayOfMonth !== 'number') return undefined;
  if (hour === null || minute === null || second === null || deviation === null) return undefined;
  const localMs = Date.UTC(year, month - 1, dayOfMonth, hour, minute, second, (dt.hundredths ?? 0) * 10);
  return new Date(localMs - utcOffsetMinutes(deviation, convention) * 60_000);
}

/** Values outside the ranges of 4.1.6.1 (reserved codes), as short texts; empty when all are valid. */
export function cosemDateTimeProblems(dt: Partial<CosemDateTime>): string[] {
  const p: string[] = [];
  const check = (name: string, v: unknown, lo: number, hi: number): void => {
    if (typeof v === 'number' && (v < lo || v > hi)) p.push(`${name} ${v} outside ${lo}..${hi}`);
  };
  check('month', dt.month, 1, 12);
  check('day-of-month', dt.dayOfMonth, 1, 31);
  check('day-of-week', dt.dayOfWeek, 1, 7);
  check('hour', dt.hour, 0, 23);
  check('minute', dt.minute, 0, 59);
  check('second', dt.second, 0, 59);
  check('hundredths', dt.hundredths, 0, 99);
  check('deviation', dt.deviation, -720, 720);
  return p;
}
