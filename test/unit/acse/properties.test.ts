// Round-trips of generated ACSE APDUs, and hostile input: mutated, truncated and random bytes
// only ever raise DlmsDecodeError, and whatever does decode re-encodes to a value that decodes the same.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fromHex, toHex } from '../../../src-shared/hex';
import { loadCorpus, loadSeedTraces } from '../../support/vectors';
import { ByteReader } from '../../../src-main/dlms/codec/byte-reader';
import { isDlmsDecodeError } from '../../../src-main/dlms/errors';
import { decodeAcseApdu, decodeAcseApduBytes, encodeAcseApduBytes, type AcseApdu } from '../../../src-main/dlms/acse/apdu';
import { aareArb, aarqArb, acseApduArb, rlreArb, rlrqArb } from './arbitraries';
import { seedApduBytes } from './expect';

const RUNS = 400;

describe('round-trips of generated values', () => {
  test.each([
    ['AARQ', aarqArb],
    ['AARE', aareArb],
    ['RLRQ', rlrqArb],
    ['RLRE', rlreArb],
  ] as const)('%s: decode(encode(v)) equals v and encode(decode(b)) equals b', (_name, arb) => {
    fc.assert(
      fc.property(arb as fc.Arbitrary<AcseApdu>, (v) => {
        const bytes = encodeAcseApduBytes(v);
        const back = decodeAcseApduBytes(bytes);
        expect(back).toEqual(v);
        expect(toHex(encodeAcseApduBytes(back))).toBe(toHex(bytes));
      }),
      { numRuns: RUNS },
    );
  });

  test('long elements use the BER long length form and still round-trip', () => {
    const value = new Uint8Array(300).map((_, i) => i & 0xff);
    const v: AcseApdu = { type: 'AARQ', applicationContextName: '2.16.756.5.8.1.1', callingAuthenticationValue: { type: 'charstring', value } };
    const bytes = encodeAcseApduBytes(v);
    // 60 82 len: the whole APDU is over 255 octets.
    expect(toHex(bytes.subarray(0, 2))).toBe('6082');
    expect(decodeAcseApduBytes(bytes)).toEqual(v);
  });
});

/** Decoding either succeeds (and is then stable under re-encoding) or throws DlmsDecodeError. */
function decodesOrRefuses(bytes: Uint8Array): void {
  let a: AcseApdu;
  try {
    a = decodeAcseApdu(ByteReader.from(bytes));
  } catch (e) {
    if (!isDlmsDecodeError(e)) throw e;
    return;
  }
  expect(decodeAcseApduBytes(encodeAcseApduBytes(a))).toEqual(a);
}

function refusal(hex: string): unknown {
  try {
    decodeAcseApduBytes(fromHex(hex));
  } catch (e) {
    return e;
  }
  return undefined;
}

const vectors: Uint8Array[] = [
  ...loadSeedTraces().filter((v) => v.expect.apdu === 'AARQ' || v.expect.apdu === 'AARE').map(seedApduBytes),
  ...loadCorpus().filter((v) => v.category === 'acse').map((v) => fromHex(v.hex)),
];

describe('hostile input', () => {
  test('single-byte mutations of every ACSE vector', () => {
    fc.assert(
      fc.property(fc.constantFrom(...vectors), fc.nat(), fc.integer({ min: 0, max: 255 }), (v, at, b) => {
        const m = v.slice();
        m[at % m.length] = b;
        decodesOrRefuses(m);
      }),
      { numRuns: 1000 },
    );
  });

  test('every truncation of every ACSE vector is refused with TRUNCATED or a length error', () => {
    for (const v of vectors) {
      for (let n = 0; n < v.length; n++) {
        let error: unknown;
        try {
          decodeAcseApdu(ByteReader.from(v.subarray(0, n)));
        } catch (e) {
          error = e;
        }
        expect(isDlmsDecodeError(error), `${toHex(v)} cut at ${n}`).toBe(true);
        if (isDlmsDecodeError(error)) expect(['TRUNCATED', 'LENGTH_OVERFLOW']).toContain(error.code);
      }
    }
  });

  test('random bytes after an ACSE tag', () => {
    fc.assert(
      fc.property(fc.constantFrom(0x60, 0x61, 0x62, 0x63), fc.uint8Array({ maxLength: 80 }), (tag, rest) => {
        decodesOrRefuses(Uint8Array.from([tag, rest.length, ...rest]));
      }),
      { numRuns: 1000 },
    );
  });

  test('mutations of generated APDUs', () => {
    fc.assert(
      fc.property(acseApduArb, fc.nat(), fc.integer({ min: 0, max: 255 }), (v, at, b) => {
        const m = encodeAcseApduBytes(v);
        m[at % m.length] = b;
        decodesOrRefuses(m);
      }),
      { numRuns: 600 },
    );
  });

  test('a wrong APDU tag is BAD_TAG at offset 0', () => {
    const e = refusal('6403800100');
    expect(isDlmsDecodeError(e) && [e.code, e.offset]).toEqual(['BAD_TAG', 0]);
  });

  test.each([
    ['610BA109060760857405080101', 'BAD_TAG', 'AARE without result and diagnostic'],
    ['6117A203020100A109060760857405080101A305A103020100', 'BAD_TAG', 'result before the application context'],
    ['6016A109060760857405080101A109060760857405080101', 'BAD_TAG', 'application context twice'],
    ['6005A103040100', 'BAD_TAG', 'application-context-name holding an OCTET STRING, not an OID'],
    ['600BA109060760857405088001', 'BAD_VALUE', 'OID sub-identifier with a leading 0x80'],
    ['6117A109060760857405080101A203020103A305A103020100', 'BAD_VALUE', 'result 3'],
    ['6117A109060760857405080101A203020100A305A10302010F', 'BAD_VALUE', 'diagnostic 15'],
    ['6118A109060760857405080101A20402020000A305A103020100', 'BAD_VALUE', 'INTEGER not minimal'],
    ['6203800102', 'BAD_VALUE', 'release request reason 2'],
    ['6204BE020400', 'TRUNCATED', 'empty user-information octet string'],
  ])('%s is refused with %s (%s)', (hex, code) => {
    const e = refusal(hex);
    expect(isDlmsDecodeError(e) && e.code).toBe(code);
  });
});
