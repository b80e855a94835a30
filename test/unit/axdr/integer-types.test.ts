// The integer members of Data against Green Book 9.5: tag, octets, range; each encodes big-endian
// at its bounds and refuses one past them.
import { describe, expect, it } from 'vitest';
import { decodeDataBytes, encodeDataBytes } from '../../../src-main/dlms/axdr/data';
import { dataFromJson, dataToJson } from '../../../src-main/dlms/axdr/json';
import { formatData } from '../../../src-main/dlms/axdr/format';
import { DATA_TAGS, integerRange, isIntegerType, type IntegerTypeName } from '../../../src-main/dlms/axdr/types';
import { toHex } from '../../../src-shared/hex';

// name, tag, lowest as it is sent, highest as it is sent
const SPEC: [IntegerTypeName, number, number, string, number, string][] = [
  ['double-long', 5, -2147483648, '80000000', 2147483647, '7FFFFFFF'],
  ['double-long-unsigned', 6, 0, '00000000', 4294967295, 'FFFFFFFF'],
  ['bcd', 13, -128, '80', 127, '7F'], // bcd [13] IMPLICIT Integer8
  ['integer', 15, -128, '80', 127, '7F'],
  ['long', 16, -32768, '8000', 32767, '7FFF'],
  ['unsigned', 17, 0, '00', 255, 'FF'],
  ['long-unsigned', 18, 0, '0000', 65535, 'FFFF'],
  ['enum', 22, 0, '00', 255, 'FF'],
  ['delta-integer', 28, -128, '80', 127, '7F'],
  ['delta-long', 29, -32768, '8000', 32767, '7FFF'],
  ['delta-double-long', 30, -2147483648, '80000000', 2147483647, '7FFFFFFF'],
  ['delta-unsigned', 31, 0, '00', 255, 'FF'],
  ['delta-long-unsigned', 32, 0, '0000', 65535, 'FFFF'],
  ['delta-double-long-unsigned', 33, 0, '00000000', 4294967295, 'FFFFFFFF'],
];

describe('A-XDR integer types', () => {
  it('the table names exactly the integer members', () => {
    const names = (Object.keys(DATA_TAGS) as string[]).filter(isIntegerType);
    expect(names.sort()).toEqual(SPEC.map((s) => s[0]).sort());
    expect(isIntegerType('long64')).toBe(false);
    expect(isIntegerType('toString')).toBe(false);
  });

  for (const [type, tag, lo, loHex, hi, hiHex] of SPEC) {
    it(`${type} [${tag}] ${lo}..${hi}`, () => {
      expect(integerRange(type)).toEqual([lo, hi]);
      const tagHex = toHex(Uint8Array.of(tag));
      for (const [value, hex] of [[lo, loHex], [hi, hiHex]] as const) {
        const bytes = encodeDataBytes({ type, value });
        expect(toHex(bytes)).toBe(tagHex + hex);
        expect(decodeDataBytes(bytes)).toEqual({ type, value });
        expect(dataFromJson(dataToJson({ type, value }))).toEqual({ type, value });
        expect(formatData({ type, value })).toBe(String(value));
      }
      expect(() => encodeDataBytes({ type, value: lo - 1 })).toThrow(`${type} value ${lo - 1} outside ${lo}..${hi}`);
      expect(() => encodeDataBytes({ type, value: hi + 1 })).toThrow(RangeError);
      expect(() => encodeDataBytes({ type, value: 0.5 })).toThrow(RangeError);
    });
  }
});
