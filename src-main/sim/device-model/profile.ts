// A generated load profile (device file `generators`, kind 'load-profile'): rows are computed, not stored.
// On load we compute only the counter columns' running totals (one typed array per column, a few ms for a
// year of 15-minute data); rows become DlmsData when asked for, e.g. one GET block at a time.
import type { LoadProfileGenerator, ProfileColumn } from '../../../src-shared/cosem/device-file';
import type { DlmsData } from '../../dlms/axdr/types';
import { mulberry32 } from './prng';
import { deviceValueToData } from './values';

/** Relative consumption per hour of the day, in permille of the mean (averages 1000): night low, evening peak. */
const DAILY_SHAPE = [550, 450, 400, 400, 420, 520, 800, 1150, 1200, 1000, 900, 900, 1000, 950, 900, 950, 1100, 1450, 1700, 1650, 1500, 1300, 1000, 710];

export interface GeneratedProfile {
  readonly generator: LoadProfileGenerator;
  readonly entries: number;
  /** Capture period in seconds. */
  readonly capturePeriod: number;
  /** Capture time of row i, ms since the epoch (UTC). */
  timeOf(i: number): number;
  /** Row i as the buffer's structure of the column values. */
  row(i: number): DlmsData;
  /** Rows [from, to) as an array (the buffer attribute, or a part of it). */
  rows(from?: number, to?: number): DlmsData;
  /** Row indices [first, last] whose capture time lies in [fromMs, toMs] (range_descriptor), or undefined if none. */
  indexRange(fromMs: number, toMs: number): [number, number] | undefined;
}

function dateTimeOctets(ms: number, offsetMinutes: number): Uint8Array {
  const d = new Date(ms + offsetMinutes * 60_000);
  const y = d.getUTCFullYear();
  const dow = d.getUTCDay() === 0 ? 7 : d.getUTCDay();
  const deviation = -offsetMinutes & 0xffff; // deviation = UTC − local
  return Uint8Array.from([y >> 8, y & 0xff, d.getUTCMonth() + 1, d.getUTCDate(), dow, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), 0, deviation >> 8, deviation & 0xff, 0]);
}

export function generateLoadProfile(g: LoadProfileGenerator): GeneratedProfile {
  const startMs = Date.parse(g.start);
  const periodMs = g.capturePeriod * 1000;
  const n = g.entries;
  const rng = mulberry32(g.seed);
  // Running totals of the counter columns, filled in one pass so the PRNG stream (and so the data) does not
  // depend on which rows are read first.
  const totals = new Map<number, Float64Array>();
  const counters = g.columns.flatMap((c, i) => (c.kind === 'counter' ? [{ c, i }] : []));
  for (const { i } of counters) totals.set(i, new Float64Array(n));
  const running = counters.map(({ c }) => c.start);
  for (let r = 0; r < n; r++) {
    const hour = new Date(startMs + r * periodMs + g.utcOffsetMinutes * 60_000).getUTCHours();
    for (let k = 0; k < counters.length; k++) {
      const { c, i } = counters[k]!;
      if (c.kind !== 'counter') continue;
      totals.get(i)![r] = running[k]!;
      // increase over the period that starts at row r: mean × daily shape × (0.5 … 1.5)
      const noise = 500 + (rng() % 1001);
      running[k] = running[k]! + Math.floor((c.meanPerPeriod * DAILY_SHAPE[hour]! * noise) / 1_000_000);
    }
  }
  const constants = new Map<number, DlmsData>();
  g.columns.forEach((c, i) => {
    if (c.kind === 'constant') constants.set(i, deviceValueToData(c.value));
  });

  function cell(c: ProfileColumn, col: number, r: number): DlmsData {
    switch (c.kind) {
      case 'clock':
        return { type: 'octet-string', value: dateTimeOctets(startMs + r * periodMs, g.utcOffsetMinutes) };
      case 'constant':
        return constants.get(col)!;
      case 'counter': {
        const v = totals.get(col)![r]!;
        // a double-long-unsigned register rolls over like the meter's would
        return c.type === 'double-long-unsigned' ? { type: c.type, value: v % 2 ** 32 } : { type: c.type, value: BigInt(v) };
      }
    }
  }

  const profile: GeneratedProfile = {
    generator: g,
    entries: n,
    capturePeriod: g.capturePeriod,
    timeOf: (i) => startMs + i * periodMs,
    row(i) {
      if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`row ${i} outside 0..${n - 1}`);
      return { type: 'structure', items: g.columns.map((c, col) => cell(c, col, i)) };
    },
    rows(from = 0, to = n) {
      const a = Math.max(0, from);
      const b = Math.min(n, to);
      const items: DlmsData[] = [];
      for (let i = a; i < b; i++) items.push(profile.row(i));
      return { type: 'array', items };
    },
    indexRange(fromMs, toMs) {
      const first = Math.max(0, Math.ceil((fromMs - startMs) / periodMs));
      const last = Math.min(n - 1, Math.floor((toMs - startMs) / periodMs));
      return first <= last ? [first, last] : undefined;
    },
  };
  return profile;
}
