import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src-shared/hex';
import type { DlmsData } from '../../../src-main/dlms/axdr/types';
import { parseDeviceFile } from '../../../src-main/sim/device-model/index';
import { REPO_ROOT } from '../../support/vectors';

const json = JSON.parse(readFileSync(resolve(REPO_ROOT, 'assets/devices/residential-meter.json'), 'utf8')) as unknown;

function cells(row: DlmsData): DlmsData[] {
  if (row.type !== 'structure') throw new Error('row is not a structure');
  return row.items;
}
function num(d: DlmsData | undefined): number {
  if (!d || d.type !== 'double-long-unsigned') throw new Error('not a double-long-unsigned');
  return d.value;
}

describe('generated load profile 1-0:99.1.0.255', () => {
  it('loads a year of 15-minute rows in well under a second', () => {
    const t0 = performance.now();
    const m = parseDeviceFile(json);
    const lp = m.getObject('1-0:99.1.0.255')!;
    lp.profile!.row(35_039);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(lp.profile!.entries).toBe(35_040);
    expect(lp.get(7)).toEqual({ type: 'double-long-unsigned', value: 35_040 });
    expect(lp.get(4)).toEqual({ type: 'double-long-unsigned', value: 900 });
  });

  it('starts at 2025-01-01 00:00 local (UTC+01:00, deviation -60) and ends at 2025-12-31 23:45', () => {
    const p = parseDeviceFile(json).getObject('1-0:99.1.0.255')!.profile!;
    // date-time: 07E9 01 01 03(Wed) 00 00 00 00 FFC4(-60) 00
    expect(cells(p.row(0))[0]).toEqual({ type: 'octet-string', value: Uint8Array.from([0x07, 0xe9, 1, 1, 3, 0, 0, 0, 0, 0xff, 0xc4, 0]) });
    expect(toHex((cells(p.row(35_039))[0] as { value: Uint8Array }).value)).toBe('07E90C1F03172D0000FFC400');
    expect(p.timeOf(0)).toBe(Date.parse('2024-12-31T23:00:00Z'));
    expect(p.timeOf(35_039) - p.timeOf(0)).toBe((35_040 - 1) * 900_000);
  });

  it('is deterministic: two loads give the same rows', () => {
    const a = parseDeviceFile(json).getObject('1-0:99.1.0.255')!;
    const b = parseDeviceFile(json).getObject('1-0:99.1.0.255')!;
    for (const i of [0, 1, 95, 96, 17_000, 35_039]) expect(a.profile!.row(i)).toEqual(b.profile!.row(i));
    // and reading order does not matter: b reads the end first
    expect(b.profile!.rows(35_000, 35_040)).toEqual(a.profile!.rows(35_000, 35_040));
  });

  it('has columns clock, status, +A, -A matching capture_objects, with a non-decreasing energy register', () => {
    const lp = parseDeviceFile(json).getObject('1-0:99.1.0.255')!;
    const co = lp.get(3)!;
    expect(co.type === 'array' && co.items.length).toBe(4);
    const p = lp.profile!;
    let last = -1;
    let grew = 0;
    for (let i = 0; i < p.entries; i += 97) {
      const [, status, plusA] = cells(p.row(i));
      expect(status).toEqual({ type: 'unsigned', value: 0 });
      const v = num(plusA);
      expect(v).toBeGreaterThanOrEqual(last);
      if (v > last) grew++;
      last = v;
    }
    expect(num(cells(p.row(0))[2])).toBe(8_500_000);
    expect(grew).toBeGreaterThan(300);
    // a year at ~110 Wh per quarter hour is a few MWh: a plausible household
    const year = num(cells(p.row(35_039))[2]) - 8_500_000;
    expect(year).toBeGreaterThan(2_000_000);
    expect(year).toBeLessThan(6_000_000);
  });

  it('finds rows by capture time (range selection)', () => {
    const p = parseDeviceFile(json).getObject('1-0:99.1.0.255')!.profile!;
    const from = Date.parse('2025-01-02T00:00:00+01:00');
    const to = Date.parse('2025-01-02T01:00:00+01:00');
    expect(p.indexRange(from, to)).toEqual([96, 100]);
    expect(p.indexRange(from + 1, to - 1)).toEqual([97, 99]);
    expect(p.indexRange(Date.parse('2030-01-01T00:00:00Z'), Date.parse('2031-01-01T00:00:00Z'))).toBeUndefined();
    const sel = p.rows(96, 101);
    expect(sel.type === 'array' && sel.items.length).toBe(5);
  });
});
