import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDeviceValue, formatEnum, formatScaled, scaleDecimal } from '../../../src-shared/cosem/format';
import { getAttributeDescriptor, getClassDescriptor } from '../../../src-shared/cosem/registry';
import { unitInfo, unitSymbol, UNITS } from '../../../src-shared/cosem/units';

describe('Blue Book units', () => {
  it.each([
    [1, 'a'], [2, 'mo'], [3, 'wk'], [4, 'd'], [5, 'h'], [6, 'min'], [7, 's'], [8, '°'], [9, '°C'], [10, 'currency'],
    [11, 'm'], [12, 'm/s'], [13, 'm³'], [14, 'm³'], [15, 'm³/h'], [19, 'l'], [23, 'Pa'], [27, 'W'], [28, 'VA'], [29, 'var'],
    [30, 'Wh'], [31, 'VAh'], [32, 'varh'], [33, 'A'], [34, 'C'], [35, 'V'], [38, 'Ω'], [44, 'Hz'], [52, 'K'], [56, '%'],
    [57, 'Ah'], [70, 'dBm'], [254, 'other'], [255, 'count'],
  ])('unit %i is %s', (code, symbol) => {
    expect(unitSymbol(code)).toBe(symbol);
  });

  it('tells corrected volume (14) from volume (13) by quantity, and leaves reserved codes out', () => {
    expect(unitInfo(13)!.quantity).toMatch(/^volume/);
    expect(unitInfo(14)!.quantity).toMatch(/corrected volume/);
    for (const reserved of [0, 58, 59, 68, 69, 100, 200, 253]) expect(UNITS.has(reserved)).toBe(false);
    expect(unitSymbol(58)).toBe('unit(58)');
  });
});

describe('scaler formatting', () => {
  it.each([
    [123456, -3, '123.456'],
    [5, -2, '0.05'],
    [-5, -2, '-0.05'],
    [1000, -3, '1.000'],
    [0, -2, '0.00'],
    [12, 2, '1200'],
    [-7, 0, '-7'],
    [0, 3, '0'],
    [2301, -1, '230.1'],
    [4294967295, -3, '4294967.295'],
  ] as const)('%d × 10^%d = %s', (v, s, out) => {
    expect(scaleDecimal(v, s)).toBe(out);
  });

  it('is exact for 64-bit values (bigint and decimal strings)', () => {
    expect(scaleDecimal(18446744073709551615n, -3)).toBe('18446744073709551.615');
    expect(scaleDecimal(-9223372036854775808n, -5)).toBe('-92233720368547.75808');
    expect(scaleDecimal('9007199254740993', -1)).toBe('900719925474099.3');
    expect(scaleDecimal(9007199254740993n, 3)).toBe('9007199254740993000');
  });

  it('scales floats from their shortest decimal form, without float noise', () => {
    expect(scaleDecimal(0.1, 1)).toBe('1');
    expect(scaleDecimal(42.1, -2)).toBe('0.421');
    expect(scaleDecimal(1.5e-7, 0)).toBe('0.00000015');
    expect(scaleDecimal(1e21, -20)).toBe('10');
  });

  it('agrees with bigint arithmetic for any integer and scaler (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }), fc.integer({ min: -12, max: 12 }), (v, s) => {
        const out = scaleDecimal(v, s);
        // read the result back as value × 10^(-places) and compare with v × 10^s exactly
        const [int, frac = ''] = out.replace('-', '').split('.');
        const back = BigInt(int! + frac) * (out.startsWith('-') ? -1n : 1n);
        const places = frac.length;
        if (s >= 0) return back === v * 10n ** BigInt(s) && places === 0;
        return places === -s && back === v;
      }),
      { numRuns: 500 },
    );
  });

  it('appends the unit symbol, none for count', () => {
    expect(formatScaled(123456, { scaler: -3, unit: 30 })).toBe('123.456 Wh');
    expect(formatScaled(2301, { scaler: -1, unit: 35 })).toBe('230.1 V');
    expect(formatScaled(17, { scaler: 0, unit: 255 })).toBe('17');
  });

  it('names enum values where the descriptor gives names', () => {
    const status = getAttributeDescriptor(getClassDescriptor(15, 2)!, 8)!.type;
    expect(formatEnum(2, status)).toBe('2 (associated)');
    expect(formatEnum(9, status)).toBe('9');
    const dc = getClassDescriptor(70)!;
    expect(formatDeviceValue({ enum: 1 }, getAttributeDescriptor(dc, 3)!.type)).toBe('1 (Connected)');
    const su = getAttributeDescriptor(getClassDescriptor(3)!, 3)!.type;
    expect(formatDeviceValue({ structure: [{ integer: -3 }, { enum: 30 }] }, su)).toBe('{ scaler: -3, unit: 30 (Wh) }');
    const ln = getAttributeDescriptor(dc, 1)!.type;
    expect(formatDeviceValue({ 'octet-string': '000060030AFF' }, ln)).toBe('0-0:96.3.10.255');
  });
});
