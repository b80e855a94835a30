// The shared conformance table (src-shared/cosem/conformance.ts) against Green Book 9.4.6.1 values,
// and the three ways it is reached (shared module, codec re-export, device-file names) agreeing.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as shared from '../../../src-shared/cosem/conformance';
import * as codec from '../../../src-main/dlms/xdlms/conformance';
import { CONFORMANCE_BITS as FILE_BITS, conformanceFromNames, conformanceToNames } from '../../../src-shared/cosem/device-file';

describe('shared conformance names', () => {
  it('bit 1 is general-protection (0x400000) and bit 23 action (0x000001)', () => {
    expect(shared.conformanceBitValue('general-protection')).toBe(0x400000);
    expect(shared.conformanceBitValue('action')).toBe(0x000001);
    expect(shared.conformanceBitValue('reserved-zero')).toBe(0x800000);
    expect(shared.conformanceBitValue('block-transfer-with-get-or-read')).toBe(0x001000);
  });

  it('the codec and device files use the same table and functions', () => {
    expect(codec.CONFORMANCE_BITS).toBe(shared.CONFORMANCE_BITS);
    expect(FILE_BITS).toBe(shared.CONFORMANCE_BITS);
    expect(codec.conformanceNames).toBe(shared.conformanceNames);
  });

  it('0x403EDD names the seed bits', () => {
    const names = shared.conformanceNames(0x403edd);
    // 40 = bit 1; 3E = bits 10-14; DD = bits 16, 17, 19, 20, 21, 23
    expect(names).toEqual([
      'general-protection',
      'attribute0-supported-with-get', 'block-transfer-with-get-or-read', 'block-transfer-with-set-or-write',
      'block-transfer-with-action', 'multiple-references',
      'data-notification', 'access', 'get', 'set', 'selective-access', 'action',
    ]);
    expect(shared.conformanceHex(shared.conformanceOf(names))).toBe('0x403EDD');
  });

  it('numbers, names and records convert both ways for every 24-bit value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffff }), (n) => {
        const names = conformanceToNames(n);
        expect(conformanceFromNames(names)).toBe(n);
        expect(shared.conformanceNumberOf(names)).toBe(n);
        expect(shared.conformanceToNumber(shared.conformanceFromNumber(n))).toBe(n);
        expect(shared.conformanceNames(shared.conformanceFromNumber(n))).toEqual(names);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses numbers that are not 24-bit', () => {
    expect(() => shared.conformanceFromNumber(0x1000000)).toThrow(RangeError);
    expect(() => shared.conformanceFromNumber(-1)).toThrow(RangeError);
  });
});
