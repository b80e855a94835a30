// BER helpers against X.690 examples and the DLMS values the Green Book spells out.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fromHex, toHex } from '../../../src-shared/hex';
import { ByteReader } from '../../../src-main/dlms/codec/byte-reader';
import { ByteWriter } from '../../../src-main/dlms/codec/byte-writer';
import { isDlmsDecodeError } from '../../../src-main/dlms/errors';
import {
  bitAt,
  bitStringOf,
  ctx,
  integerContent,
  isConstructed,
  oidContent,
  readIntegerContent,
  readOidContent,
  readTag,
  readTlv,
  tagClass,
  tagNumber,
  tagText,
  writeTag,
} from '../../../src-main/dlms/acse/ber';
import { oidArb } from './arbitraries';

const reader = (hex: string) => ByteReader.from(fromHex(hex));
const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    if (isDlmsDecodeError(e)) return e.code;
    throw e;
  }
  return undefined;
};

describe('object identifiers', () => {
  test.each([
    ['2.16.756.5.8.1.1', '60857405080101'], // LN no ciphering (Green Book)
    ['2.16.756.5.8.1.4', '60857405080104'], // SN with ciphering
    ['2.16.756.5.8.2.5', '60857405080205'], // HLS GMAC
    ['1.2.840.113549', '2A864886F70D'], // X.690 8.19.5 style example (RSA arc)
    ['2.999.3', '883703'], // X.690: {2 999 3} → 88 37 03
  ])('%s ↔ %s', (oid, hex) => {
    expect(toHex(oidContent(oid))).toBe(hex);
    expect(readOidContent(reader(hex))).toBe(oid);
  });

  test('round-trip of any OID', () => {
    fc.assert(
      fc.property(oidArb, (oid) => {
        expect(readOidContent(ByteReader.from(oidContent(oid)))).toBe(oid);
      }),
      { numRuns: 500 },
    );
  });

  test('malformed content is refused', () => {
    expect(codeOf(() => readOidContent(reader('')))).toBe('BAD_LENGTH');
    expect(codeOf(() => readOidContent(reader('6085')))).toBe('BAD_VALUE'); // ends inside an arc
    expect(codeOf(() => readOidContent(reader('608074')))).toBe('BAD_VALUE'); // leading 0x80
    expect(codeOf(() => readOidContent(reader('60908080808001')))).toBe('UNSUPPORTED'); // arc ≥ 2^32
  });
});

describe('tags', () => {
  test('low and high tag numbers', () => {
    expect(readTag(reader('BE'))).toBe(0xbe);
    expect([tagClass(0xbe), isConstructed(0xbe), tagNumber(0xbe)]).toEqual(['context', true, 30]);
    expect(readTag(reader('5F1F'))).toBe(0x5f1f);
    expect([tagClass(0x5f1f), isConstructed(0x5f1f), tagNumber(0x5f1f)]).toEqual(['application', false, 31]);
    expect(tagText(0x5f1f)).toBe('[APPLICATION 31]');
    expect(readTag(reader('9F8101'))).toBe(0x9f8101);
    expect(tagNumber(0x9f8101)).toBe(129);
    expect(ctx(12, true)).toBe(0xac);
    expect(ctx(11)).toBe(0x8b);
  });

  test('non-minimal high tags are refused', () => {
    expect(codeOf(() => readTag(reader('9F1E')))).toBe('BAD_TAG'); // 30 fits the low form
    expect(codeOf(() => readTag(reader('9F8001')))).toBe('BAD_TAG'); // leading 0x80
    expect(codeOf(() => readTag(reader('9F818101')))).toBe('UNSUPPORTED');
  });

  test('writeTag writes the identifier octets back', () => {
    for (const t of [0x60, 0x5f1f, 0x9f8101]) {
      const w = new ByteWriter();
      writeTag(w, t);
      expect(readTag(ByteReader.from(w.toBytes()))).toBe(t);
    }
  });

  test('TLV with a long-form length', () => {
    const r = reader(`0481FF${'AA'.repeat(255)}`);
    const t = readTlv(r);
    expect([t.tag, t.content.remaining, t.start, t.end]).toEqual([0x04, 255, 0, 258]);
    expect(codeOf(() => readTlv(reader('0480')))).toBe('BAD_LENGTH'); // indefinite
    expect(codeOf(() => readTlv(reader('040500')))).toBe('LENGTH_OVERFLOW'); // more than remains
  });
});

describe('INTEGER and BIT STRING', () => {
  test.each([
    [0, '00'],
    [127, '7F'],
    [128, '0080'],
    [-128, '80'],
    [-129, 'FF7F'],
    [256, '0100'],
    [2 ** 31 - 1, '7FFFFFFF'],
    [-(2 ** 47), '800000000000'],
  ])('INTEGER %d ↔ %s (X.690 8.3)', (v, hex) => {
    expect(toHex(integerContent(v))).toBe(hex);
    expect(readIntegerContent(reader(hex))).toBe(v);
  });

  test('non-minimal INTEGER is refused', () => {
    expect(codeOf(() => readIntegerContent(reader('0001')))).toBe('BAD_VALUE');
    expect(codeOf(() => readIntegerContent(reader('FF80')))).toBe('BAD_VALUE');
    expect(codeOf(() => readIntegerContent(reader('')))).toBe('BAD_LENGTH');
  });

  test('ACSE-requirements {authentication} is 07 80', () => {
    const b = bitStringOf(1, [0]);
    expect([b.unusedBits, toHex(b.bytes)]).toEqual([7, '80']);
    expect(bitAt(b, 0)).toBe(true);
    expect(bitAt(b, 1)).toBe(false);
  });
});
