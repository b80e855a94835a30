import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deviceValueProblem, type DeviceValue } from '../../../src-shared/cosem/device-file';
import { fromHex, toHex } from '../../../src-shared/hex';
import type { DlmsData } from '../../../src-main/dlms/axdr/types';
import { dataToDeviceValue, dateTimeBytesToText, dateTimeTextToBytes, deviceValueToData } from '../../../src-main/sim/device-model/values';

const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });
const int = (type: DlmsData['type'], min: number, max: number) => fc.integer({ min, max }).map((value) => ({ type, value }) as DlmsData);

// Minimal-form DlmsData (what an encoder writes), to check DlmsData → device value → DlmsData is exact.
const simple: fc.Arbitrary<DlmsData> = fc.oneof(
  fc.constant<DlmsData>({ type: 'null-data' }),
  fc.constant<DlmsData>({ type: 'dont-care' }),
  fc.boolean().map((value): DlmsData => ({ type: 'boolean', value })),
  int('integer', -128, 127),
  int('long', -32768, 32767),
  int('unsigned', 0, 255),
  int('long-unsigned', 0, 65535),
  int('double-long', -(2 ** 31), 2 ** 31 - 1),
  int('double-long-unsigned', 0, 2 ** 32 - 1),
  int('enum', 0, 255),
  int('delta-long', -32768, 32767),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((value): DlmsData => ({ type: 'long64', value })),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((value): DlmsData => ({ type: 'long64-unsigned', value })),
  bytes(4, 4).map((raw): DlmsData => ({ type: 'float32', value: new DataView(raw.buffer).getFloat32(0), raw })),
  bytes(8, 8).map((raw): DlmsData => ({ type: 'float64', value: new DataView(raw.buffer).getFloat64(0), raw })),
  fc.integer({ min: 0, max: 40 }).chain((bits) =>
    bytes(Math.ceil(bits / 8), Math.ceil(bits / 8)).map((b): DlmsData => ({ type: 'bit-string', bits, bytes: b })),
  ),
  bytes(0, 20).map((value): DlmsData => ({ type: 'octet-string', value })),
  bytes(0, 12).map((value): DlmsData => ({ type: 'visible-string', value })),
  bytes(0, 12).map((value): DlmsData => ({ type: 'utf8-string', value })),
  fc.string({ unit: 'grapheme', maxLength: 6 }).map((s): DlmsData => ({ type: 'utf8-string', value: new TextEncoder().encode(s) })),
  bytes(12, 12).map((value): DlmsData => ({ type: 'date-time', value })),
  fc.date({ min: new Date('1990-01-01'), max: new Date('2090-01-01'), noInvalidDate: true }).map((d): DlmsData => ({
    type: 'date-time',
    value: dateTimeTextToBytes('date-time', d.toISOString().slice(0, 19) + 'Z'),
  })),
  bytes(5, 5).map((value): DlmsData => ({ type: 'date', value })),
  bytes(4, 4).map((value): DlmsData => ({ type: 'time', value })),
);
const data: fc.Arbitrary<DlmsData> = fc.letrec<{ d: DlmsData }>((tie) => ({
  d: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    simple,
    fc.array(tie('d'), { maxLength: 4 }).map((items): DlmsData => ({ type: 'array', items })),
    fc.array(tie('d'), { maxLength: 4 }).map((items): DlmsData => ({ type: 'structure', items })),
  ),
})).d;

describe('device values ⇄ DlmsData', () => {
  it('DlmsData → device value → DlmsData is exact, and the device value is well-formed JSON (property)', () => {
    fc.assert(
      fc.property(data, (d) => {
        const v = dataToDeviceValue(d);
        const json = JSON.parse(JSON.stringify(v)) as DeviceValue;
        expect(deviceValueProblem(json)).toBeUndefined();
        expect(deviceValueToData(json)).toEqual(d);
      }),
      { numRuns: 600 },
    );
  });

  it('canonical device values come back unchanged', () => {
    const canonical: DeviceValue[] = [
      { 'long-unsigned': 230 },
      { 'octet-string': '0102' },
      { 'date-time': '2026-01-01T00:00:00Z' },
      { 'date-time': '2026-03-29T02:30:15.50+01:00' },
      { 'date-time': '2026-03-29T02:30:15' },
      { date: '2024-11-21' },
      { time: '23:59:59.99' },
      { 'bit-string': '1010001' },
      { long64: '-9223372036854775808' },
      { float32: { raw: '80000000' } },
      { float64: 0.5 },
      { 'visible-string': 'world' },
      { 'visible-string': { hex: '00FF' } },
      { 'utf8-string': 'Grüße' },
      { structure: [{ 'null-data': null }, { boolean: false }, { array: [{ enum: 3 }] }] },
      { 'compact-array': { description: { structure: ['long-unsigned', 'octet-string'] }, items: [{ structure: [{ 'long-unsigned': 1 }, { 'octet-string': '' }] }] } },
    ];
    for (const v of canonical) expect(dataToDeviceValue(deviceValueToData(v))).toEqual(v);
  });

  it('date-time text follows the Blue Book deviation sign and derives the day of week', () => {
    // corpus datetime-2020-01-01-plus2: 07E4 01 01 FF 00 03 00 00 FF88 00 is 2020-01-01 00:03 at UTC+02:00 (deviation -120)
    expect(toHex(dateTimeTextToBytes('date-time', '2020-01-01T00:03:00+02:00'))).toBe('07E4010103000300' + '00FF8800');
    // that vector itself has day-of-week FF (not specified), which the text cannot say: it stays hex
    expect(dateTimeBytesToText('date-time', fromHex('07E40101FF00030000FF8800'))).toBe('07E40101FF00030000FF8800');
    expect(toHex(dateTimeTextToBytes('date-time', '2018-02-12T00:00:00'))).toBe('07E2020C01000000' + '00800000');
    expect(toHex(dateTimeTextToBytes('date', '2024-11-21'))).toBe('07E80B1504');
    expect(() => dateTimeTextToBytes('date', '2025-02-29')).toThrow(/not a calendar date/);
  });

  it('octet-string sugar becomes the bytes it names', () => {
    expect(deviceValueToData({ 'octet-string': { ascii: 'MSC' } })).toEqual({ type: 'octet-string', value: fromHex('4D5343') });
    expect(deviceValueToData({ 'octet-string': { obis: '1-0:1.8.0*255' } })).toEqual({ type: 'octet-string', value: fromHex('0100010800FF') });
  });
});
