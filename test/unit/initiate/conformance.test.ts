// The 24-bit conformance block: Green Book bit names and numbering, checked against the seed and corpus.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fromHex, toHex } from '../../../src-shared/hex';
import { corpusVector } from '../../support/vectors';
import { ByteReader } from '../../../src-main/dlms/codec/byte-reader';
import { build } from '../../../src-main/dlms/codec/byte-writer';
import { isDlmsDecodeError } from '../../../src-main/dlms/errors';
import {
  CONFORMANCE_BITS,
  conformanceBitValue,
  conformanceFromNumber,
  conformanceHex,
  conformanceNames,
  conformanceOf,
  conformanceToNumber,
  decodeConformance,
  encodeConformance,
} from '../../../src-main/dlms/xdlms/conformance';

describe('conformance bit names', () => {
  test('24 distinct names in Green Book order, bit 0 first', () => {
    expect(CONFORMANCE_BITS.length).toBe(24);
    expect(new Set(CONFORMANCE_BITS).size).toBe(24);
    expect(CONFORMANCE_BITS[0]).toBe('reserved-zero');
    expect(CONFORMANCE_BITS[7]).toBe('reserved-seven');
    expect(CONFORMANCE_BITS[23]).toBe('action');
  });

  test('bit 0 is the most significant bit of the first octet', () => {
    expect(conformanceBitValue('reserved-zero')).toBe(0x800000);
    expect(conformanceBitValue('general-protection')).toBe(0x400000);
    expect(conformanceBitValue('general-block-transfer')).toBe(0x200000);
    expect(conformanceBitValue('get')).toBe(0x000010);
    expect(conformanceBitValue('action')).toBe(0x000001);
  });

  test('the seed 0x403EDD names exactly the vendor tool’s twelve bits', () => {
    expect(conformanceNames(0x403edd)).toEqual([
      'general-protection',
      'attribute0-supported-with-get',
      'block-transfer-with-get-or-read',
      'block-transfer-with-set-or-write',
      'block-transfer-with-action',
      'multiple-references',
      'data-notification',
      'access',
      'get',
      'set',
      'selective-access',
      'action',
    ]);
  });

  test('the forum’s LNSettings list builds 0x403EDD', () => {
    // target.LNSettings.Action = SelectiveAccess = Set = Get = Access = DataNotification =
    // MultipleReferences = ActionBlockTransfer = SetBlockTransfer = GetBlockTransfer =
    // Attribute0GetReferencing = GeneralProtection = true
    const c = conformanceOf([
      'action',
      'selective-access',
      'set',
      'get',
      'access',
      'data-notification',
      'multiple-references',
      'block-transfer-with-action',
      'block-transfer-with-set-or-write',
      'block-transfer-with-get-or-read',
      'attribute0-supported-with-get',
      'general-protection',
    ]);
    expect(conformanceHex(c)).toBe('0x403EDD');
  });

  test('corpus conformance-007e1f (bit string content 00 7E 1F)', () => {
    const v = corpusVector('conformance-007e1f');
    const c = decodeConformance(ByteReader.from(fromHex(`5F1F04${v.hex}`)));
    expect(conformanceNames(c)).toEqual([
      'priority-mgmt-supported',
      'attribute0-supported-with-get',
      'block-transfer-with-get-or-read',
      'block-transfer-with-set-or-write',
      'block-transfer-with-action',
      'multiple-references',
      'get',
      'set',
      'selective-access',
      'event-notification',
      'action',
    ]);
  });
});

describe('conformance encoding', () => {
  test('0x403EDD encodes as 5F1F 04 00 40 3E DD', () => {
    expect(toHex(build((w) => encodeConformance(w, conformanceFromNumber(0x403edd))))).toBe('5F1F0400403EDD');
  });

  test('number ↔ record ↔ bytes round-trip for every 24-bit value tried', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffff }), (n) => {
        const c = conformanceFromNumber(n);
        expect(conformanceToNumber(c)).toBe(n);
        expect(conformanceNames(c).reduce((acc, name) => acc | conformanceBitValue(name), 0)).toBe(n);
        const bytes = build((w) => encodeConformance(w, c));
        expect(decodeConformance(ByteReader.from(bytes))).toEqual(c);
      }),
      { numRuns: 500 },
    );
  });

  test.each([
    ['5F1E0400403EDD', 'BAD_TAG'],
    ['5F1F0500403EDD00', 'BAD_LENGTH'],
    ['5F1F0401403EDD', 'BAD_VALUE'],
    ['5F1F0400403E', 'TRUNCATED'],
  ])('%s is refused with %s', (hex, code) => {
    try {
      decodeConformance(ByteReader.from(fromHex(hex)));
      expect.unreachable();
    } catch (e) {
      expect(isDlmsDecodeError(e) && e.code).toBe(code);
    }
  });

  test('out-of-range numbers are not conformance blocks', () => {
    expect(() => conformanceFromNumber(0x1000000)).toThrow(RangeError);
    expect(() => conformanceFromNumber(-1)).toThrow(RangeError);
  });
});
