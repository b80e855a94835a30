// COSEM date-time (Blue Book 4.1.6.1): special values, deviation sign, clock status, fromDate/toDate.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clockStatusFlags,
  cosemDateTimeProblems,
  decodeCosemDate,
  decodeCosemDateTime,
  decodeCosemTime,
  encodeCosemDate,
  encodeCosemDateTime,
  encodeCosemTime,
  formatCosemDate,
  formatCosemDateTime,
  formatCosemTime,
  fromDate,
  toDate,
} from '../../../src-main/dlms/axdr/datetime';
import { DlmsDecodeError } from '../../../src-main/dlms/errors';
import { fromHex, toHex } from '../../../src-shared/hex';
import { arbitraryCosemDateTime } from './arbitraries';

describe('date-time octets', () => {
  it('not-specified values: year FFFF, FF fields, deviation 8000, status FF', () => {
    const dt = decodeCosemDateTime(fromHex('FFFFFFFFFFFFFFFFFF8000FF'));
    expect(dt).toEqual({
      year: null, month: null, dayOfMonth: null, dayOfWeek: null, hour: null, minute: null, second: null, hundredths: null, deviation: null, clockStatus: null,
    });
    expect(formatCosemDateTime(dt)).toBe('****-**-** **:**:**.**');
  });

  it('month FD/FE are daylight savings end/begin, day FD/FE the second-last/last day', () => {
    const dt = decodeCosemDateTime(fromHex('FFFFFEFE07020000FF800000'));
    expect(dt.month).toBe('dst-begin');
    expect(dt.dayOfMonth).toBe('last-day');
    expect(dt.dayOfWeek).toBe(7);
    expect(formatCosemDateTime(dt)).toBe('****-dst-begin-last Sun 02:00:00.**');
    expect(decodeCosemDate(fromHex('FFFFFDFDFF'))).toEqual({ year: null, month: 'dst-end', dayOfMonth: 'second-last-day', dayOfWeek: null });
  });

  it('deviation is minutes from local time to UTC: -60 is UTC+01:00, +300 is UTC-05:00', () => {
    expect(formatCosemDateTime(decodeCosemDateTime(fromHex('07E80B15040C000000FFC400')))).toBe('2024-11-21 Thu 12:00:00.00 +01:00');
    expect(formatCosemDateTime(decodeCosemDateTime(fromHex('07E80B15040C000000012C00')))).toBe('2024-11-21 Thu 12:00:00.00 -05:00');
    // The inverted convention of some companion specifications reads the same octets the other way.
    expect(formatCosemDateTime(decodeCosemDateTime(fromHex('07E80B15040C000000FFC400')), 'utc-to-local')).toBe('2024-11-21 Thu 12:00:00.00 -01:00');
  });

  it('clock status bits: invalid, doubtful, different clock base, invalid clock status, daylight saving active', () => {
    expect(clockStatusFlags(0x01)).toEqual(['invalid-value']);
    expect(clockStatusFlags(0x8f)).toEqual(['invalid-value', 'doubtful-value', 'different-clock-base', 'invalid-clock-status', 'daylight-saving-active']);
    expect(clockStatusFlags(0x70)).toEqual([]);
    const dt = decodeCosemDateTime(fromHex('07E4070FFF0A0000FFFF8882'));
    expect(dt.clockStatus).toBe(0x82);
    expect(formatCosemDateTime(dt)).toBe('2020-07-15 10:00:00.** +02:00 DST [doubtful-value]');
  });

  it('reserved values are kept as numbers and reported, so the octets re-encode exactly', () => {
    const bytes = fromHex('07E40DE0091E3D3E64FD2000');
    const dt = decodeCosemDateTime(bytes);
    expect(toHex(encodeCosemDateTime(dt))).toBe(toHex(bytes));
    expect(cosemDateTimeProblems(dt)).toEqual([
      'month 13 outside 1..12', 'day-of-month 224 outside 1..31', 'day-of-week 9 outside 1..7', 'hour 30 outside 0..23',
      'minute 61 outside 0..59', 'second 62 outside 0..59', 'hundredths 100 outside 0..99', 'deviation -736 outside -720..720',
    ]);
  });

  it('wrong lengths are BAD_LENGTH', () => {
    expect(() => decodeCosemDateTime(new Uint8Array(11))).toThrow(DlmsDecodeError);
    expect(() => decodeCosemDate(new Uint8Array(4))).toThrow(DlmsDecodeError);
    expect(() => decodeCosemTime(new Uint8Array(5))).toThrow(DlmsDecodeError);
  });

  it('date (5) and time (4) round-trip and format', () => {
    const date = decodeCosemDate(fromHex('07E80B15FF'));
    expect(date).toEqual({ year: 2024, month: 11, dayOfMonth: 21, dayOfWeek: null });
    expect(formatCosemDate(date)).toBe('2024-11-21');
    expect(toHex(encodeCosemDate(date))).toBe('07E80B15FF');
    const time = decodeCosemTime(fromHex('173B3B63'));
    expect(formatCosemTime(time)).toBe('23:59:59.99');
    expect(toHex(encodeCosemTime(time))).toBe('173B3B63');
  });

  it('structured date-times round-trip through their 12 octets', () => {
    fc.assert(
      fc.property(arbitraryCosemDateTime, (dt) => {
        const bytes = encodeCosemDateTime(dt);
        expect(bytes.length).toBe(12);
        expect(decodeCosemDateTime(bytes)).toEqual(dt);
      }),
      { numRuns: 500 },
    );
  });
});

describe('fromDate / toDate', () => {
  it('2020-01-01T00:03:00Z at deviation -120 shows 02:03 local, Wednesday', () => {
    const dt = fromDate(new Date('2020-01-01T00:03:00.000Z'), -120);
    expect(dt).toMatchObject({ year: 2020, month: 1, dayOfMonth: 1, dayOfWeek: 3, hour: 2, minute: 3, second: 0, hundredths: 0, deviation: -120, clockStatus: 0 });
    expect(toHex(encodeCosemDateTime(dt))).toBe('07E401010302030000FF8800');
  });

  it('toDate inverts fromDate for any instant and deviation (to the hundredth)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2150-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: -720, max: 720 }),
        (d, dev) => {
          const back = toDate(fromDate(d, dev));
          expect(back?.getTime()).toBe(d.getTime() - (d.getTime() % 10));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('toDate gives undefined when a needed field is not specified or a wildcard', () => {
    expect(toDate(decodeCosemDateTime(fromHex('07E2020CFF00000000800000')))).toBeUndefined();
    expect(toDate(decodeCosemDateTime(fromHex('07E202FEFF000000000000FF')))).toBeUndefined();
  });
});
