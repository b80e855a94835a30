// The Data codec case by case: every tag against values worked out from the spec's encodings,
// every A-XDR length form, compact-array, limits and errors.
import { describe, expect, it } from 'vitest';
import { decodeDataBytes, encodeDataBytes } from '../../../src-main/dlms/axdr/data';
import type { DlmsData } from '../../../src-main/dlms/axdr/types';
import { DlmsDecodeError, type DecodeErrorCode } from '../../../src-main/dlms/errors';
import { fromHex, toHex } from '../../../src-shared/hex';

function decodeError(hex: string): DlmsDecodeError {
  try {
    decodeDataBytes(fromHex(hex));
  } catch (e) {
    if (e instanceof DlmsDecodeError) return e;
    throw e;
  }
  throw new Error(`${hex} decoded without error`);
}

function expectError(hex: string, code: DecodeErrorCode, offset?: number): void {
  const e = decodeError(hex);
  expect(e.code).toBe(code);
  if (offset !== undefined) expect(e.offset).toBe(offset);
}

function roundTrip(hex: string, expected: DlmsData): void {
  const d = decodeDataBytes(fromHex(hex));
  expect(d).toEqual(expected);
  expect(toHex(encodeDataBytes(d))).toBe(hex.replace(/\s/g, ''));
}

describe('simple types', () => {
  const cases: [string, string, DlmsData][] = [
    ['null-data', '00', { type: 'null-data' }],
    ['dont-care', 'FF', { type: 'dont-care' }],
    ['boolean false', '0300', { type: 'boolean', value: false }],
    ['double-long -1', '05FFFFFFFF', { type: 'double-long', value: -1 }],
    ['double-long min', '0580000000', { type: 'double-long', value: -2147483648 }],
    ['double-long-unsigned max', '06FFFFFFFF', { type: 'double-long-unsigned', value: 4294967295 }],
    ['utf8-string euro sign', '0C03E282AC', { type: 'utf8-string', value: Uint8Array.of(0xe2, 0x82, 0xac) }],
    ['bcd', '0D12', { type: 'bcd', value: 0x12 }],
    ['integer min', '0F80', { type: 'integer', value: -128 }],
    ['long max', '107FFF', { type: 'long', value: 32767 }],
    ['unsigned max', '11FF', { type: 'unsigned', value: 255 }],
    ['long64 -1', '14FFFFFFFFFFFFFFFF', { type: 'long64', value: -1n }],
    ['long64 min', '148000000000000000', { type: 'long64', value: -(2n ** 63n) }],
    ['long64-unsigned max', '15FFFFFFFFFFFFFFFF', { type: 'long64-unsigned', value: 2n ** 64n - 1n }],
    ['enum 3', '1603', { type: 'enum', value: 3 }],
    ['float32 -0', '1780000000', { type: 'float32', value: -0, raw: fromHex('80000000') }],
    ['float64 1.0', '183FF0000000000000', { type: 'float64', value: 1, raw: fromHex('3FF0000000000000') }],
    ['date-time', '1907E40101FF00030000FF8800', { type: 'date-time', value: fromHex('07E40101FF00030000FF8800') }],
    ['time 12:30', '1B0C1E0000', { type: 'time', value: fromHex('0C1E0000') }],
    ['delta-integer -128', '1C80', { type: 'delta-integer', value: -128 }],
    ['delta-long -32768', '1D8000', { type: 'delta-long', value: -32768 }],
    ['delta-double-long min', '1E80000000', { type: 'delta-double-long', value: -2147483648 }],
    ['delta-unsigned 255', '1FFF', { type: 'delta-unsigned', value: 255 }],
    ['delta-long-unsigned 65535', '20FFFF', { type: 'delta-long-unsigned', value: 65535 }],
    ['delta-double-long-unsigned max', '21FFFFFFFF', { type: 'delta-double-long-unsigned', value: 4294967295 }],
    ['bit-string of 0 bits', '0400', { type: 'bit-string', bits: 0, bytes: new Uint8Array(0) }],
    ['bit-string of 9 bits', '0409FF80', { type: 'bit-string', bits: 9, bytes: Uint8Array.of(0xff, 0x80) }],
    ['empty array', '0100', { type: 'array', items: [] }],
  ];
  for (const [name, hex, expected] of cases) it(name, () => roundTrip(hex, expected));

  it('float NaN payloads survive the round trip', () => {
    const d = decodeDataBytes(fromHex('177FC00001'));
    expect(d.type === 'float32' && Number.isNaN(d.value)).toBe(true);
    expect(toHex(encodeDataBytes(d))).toBe('177FC00001');
  });

  it('a boolean octet other than 00/01 is TRUE and is kept for the re-encode', () => {
    roundTrip('03FF', { type: 'boolean', value: true, raw: 0xff });
  });
});

describe('A-XDR length forms', () => {
  const five = Uint8Array.of(1, 2, 3, 4, 5);
  const forms: [string, number | undefined][] = [
    ['05', undefined],
    ['8105', 2],
    ['820005', 3],
    ['83000005', 4],
    ['8400000005', 5],
  ];
  for (const [len, lengthSize] of forms) {
    it(`octet-string of 5 with length ${len}`, () => {
      const expected: DlmsData = lengthSize === undefined ? { type: 'octet-string', value: five } : { type: 'octet-string', value: five, lengthSize };
      roundTrip(`09${len}0102030405`, expected);
    });
  }

  it('minimal long forms for 128, 255, 256, 65536 octets carry no lengthSize', () => {
    for (const [n, len] of [[128, '8180'], [255, '81FF'], [256, '820100'], [65536, '83010000']] as const) {
      const body = new Uint8Array(n).fill(0x41);
      const bytes = Uint8Array.of(0x0a, ...fromHex(len), ...body);
      const d = decodeDataBytes(bytes);
      expect(d).toEqual({ type: 'visible-string', value: body });
      expect(toHex(encodeDataBytes(d).subarray(0, 1 + len.length / 2))).toBe(`0A${len}`);
    }
  });

  it('a structure count in a non-minimal form round-trips', () => {
    roundTrip('0281021100 1101'.replace(/ /g, ''), { type: 'structure', lengthSize: 2, items: [{ type: 'unsigned', value: 0 }, { type: 'unsigned', value: 1 }] });
  });

  it('bit-string length counts bits; the octets are ceil(bits / 8)', () => {
    roundTrip('0481100102', { type: 'bit-string', bits: 16, bytes: Uint8Array.of(1, 2), lengthSize: 2 });
    expectError('040901', 'TRUNCATED');
  });

  it('indefinite (80) and over-long (85..) length forms are refused', () => {
    expectError('0980', 'BAD_LENGTH', 1);
    expectError('09850000000001', 'LENGTH_OVERFLOW', 1);
  });
});

describe('compact-array', () => {
  it('of long-unsigned: description 12, contents 6 octets, elements without tags', () => {
    roundTrip('1312' + '06' + '000100020003', {
      type: 'compact-array',
      description: { type: 'long-unsigned' },
      items: [1, 2, 3].map((value) => ({ type: 'long-unsigned', value })),
    });
  });

  it('of structure{long-unsigned, octet-string}: strings keep their length, not their tag', () => {
    roundTrip('13' + '02021209' + '09' + '000103414243' + '000200', {
      type: 'compact-array',
      description: { type: 'structure', elements: [{ type: 'long-unsigned' }, { type: 'octet-string' }] },
      items: [
        { type: 'structure', items: [{ type: 'long-unsigned', value: 1 }, { type: 'octet-string', value: fromHex('414243') }] },
        { type: 'structure', items: [{ type: 'long-unsigned', value: 2 }, { type: 'octet-string', value: new Uint8Array(0) }] },
      ],
    });
  });

  it('of array[2] of unsigned: the described count is not repeated in the contents', () => {
    const u = (value: number): DlmsData => ({ type: 'unsigned', value });
    roundTrip('13' + '01000211' + '04' + '01020304', {
      type: 'compact-array',
      description: { type: 'array', count: 2, element: { type: 'unsigned' } },
      items: [{ type: 'array', items: [u(1), u(2)] }, { type: 'array', items: [u(3), u(4)] }],
    });
  });

  it('refuses a compact-array inside a description, and unknown description tags', () => {
    expectError('131300', 'BAD_TAG', 1);
    expectError('130700', 'BAD_TAG', 1);
  });

  it('refuses zero-size elements that cannot fill the contents, and arrays of them', () => {
    expectError('130001AA', 'BAD_VALUE');
    expectError('1301000500' + '00', 'UNSUPPORTED');
    roundTrip('130000', { type: 'compact-array', description: { type: 'null-data' }, items: [] });
  });

  it('fails fast on a described array of 65535 x 65535 elements with 2 octets of contents', () => {
    const t0 = performance.now();
    expectError('13' + '01FFFF' + '01FFFF' + '11' + '02' + '0102', 'TRUNCATED');
    expect(performance.now() - t0).toBeLessThan(50);
  });

  it('an element cut off by the end of the contents is TRUNCATED inside the contents', () => {
    expectError('1312' + '03' + '000100', 'TRUNCATED');
  });

  it('the encoder refuses items that do not match the description', () => {
    expect(() =>
      encodeDataBytes({ type: 'compact-array', description: { type: 'unsigned' }, items: [{ type: 'long', value: 1 }] }),
    ).toThrow(RangeError);
  });
});

describe('limits and errors', () => {
  it('unknown tags are BAD_TAG at their offset', () => {
    for (const t of ['07', '08', '0B', '0E', '22', 'FE']) expectError(t, 'BAD_TAG', 0);
    expectError('0202' + '00' + '07', 'BAD_TAG', 3);
  });

  it('an element count of 2^31 with 3 octets left fails fast with LENGTH_OVERFLOW', () => {
    const t0 = performance.now();
    expectError('01' + '8480000000' + '0F2A00', 'LENGTH_OVERFLOW', 1);
    expect(performance.now() - t0).toBeLessThan(50);
  });

  it('a count larger than the octets left is LENGTH_OVERFLOW before any element is read', () => {
    expectError('0205' + '0000', 'LENGTH_OVERFLOW', 1);
  });

  it('1000 nested arrays fail with DEPTH', () => {
    const hex = '0101'.repeat(1000) + '00';
    expectError(hex, 'DEPTH');
  });

  it('truncated values are TRUNCATED; bytes after a value are TRAILING', () => {
    expectError('06000001', 'TRUNCATED');
    expectError('0905414243', 'LENGTH_OVERFLOW', 1);
    expectError('', 'TRUNCATED', 0);
    expectError('112A00', 'TRAILING', 2);
  });

  it('error paths name the fields being read', () => {
    expect(decodeError('0202' + '00' + '0600').path).toBe('structure.double-long-unsigned');
  });

  it('the encoder refuses values their type cannot hold', () => {
    expect(() => encodeDataBytes({ type: 'unsigned', value: 256 })).toThrow(RangeError);
    expect(() => encodeDataBytes({ type: 'long', value: 1.5 })).toThrow(RangeError);
    expect(() => encodeDataBytes({ type: 'long64', value: 2n ** 63n })).toThrow(RangeError);
    expect(() => encodeDataBytes({ type: 'date', value: new Uint8Array(4) })).toThrow(RangeError);
    expect(() => encodeDataBytes({ type: 'bit-string', bits: 9, bytes: new Uint8Array(1) })).toThrow(RangeError);
  });
});
