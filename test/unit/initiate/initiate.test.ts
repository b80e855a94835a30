// InitiateRequest / InitiateResponse: corpus vectors, A-XDR OPTIONAL/DEFAULT flags, round-trips, hostile input.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fromHex, toHex } from '../../../src-shared/hex';
import { corpusVector, seedVector } from '../../support/vectors';
import { ByteReader } from '../../../src-main/dlms/codec/byte-reader';
import { build } from '../../../src-main/dlms/codec/byte-writer';
import { isDlmsDecodeError } from '../../../src-main/dlms/errors';
import { decodeCipheredApduBytes } from '../../../src-main/dlms/security/envelope';
import { conformanceHex } from '../../../src-main/dlms/xdlms/conformance';
import {
  decodeInitiateRequest,
  decodeInitiateResponse,
  encodeInitiateRequest,
  encodeInitiateResponse,
  type InitiateRequest,
  type InitiateResponse,
} from '../../../src-main/dlms/xdlms/initiate';
import { initiateRequestArb, initiateResponseArb } from '../acse/arbitraries';

const req = (hex: string): InitiateRequest => {
  const r = ByteReader.from(fromHex(hex));
  const v = decodeInitiateRequest(r);
  r.expectEnd();
  return v;
};
const res = (hex: string): InitiateResponse => {
  const r = ByteReader.from(fromHex(hex));
  const v = decodeInitiateResponse(r);
  r.expectEnd();
  return v;
};
const reqHex = (v: InitiateRequest) => toHex(build((w) => encodeInitiateRequest(w, v)));
const resHex = (v: InitiateResponse) => toHex(build((w) => encodeInitiateResponse(w, v)));

describe('corpus xdlms vectors', () => {
  test('initiate-request-dedicated-key', () => {
    const v = corpusVector('initiate-request-dedicated-key');
    const q = req(v.hex);
    expect(toHex(q.dedicatedKey!)).toBe('00112233445566778899AABBCCDDEEFF');
    expect(q.responseAllowed).toBe(true);
    expect(q.responseAllowedOctet).toBeUndefined();
    expect(q.proposedQualityOfService).toBeUndefined();
    expect(q.proposedDlmsVersionNumber).toBe(6);
    expect(conformanceHex(q.proposedConformance)).toBe('0x007E1F');
    expect(q.clientMaxReceivePduSize).toBe(1200);
    expect(reqHex(q)).toBe(v.hex.toUpperCase());
  });

  test('initiate-response-with-qos', () => {
    const v = corpusVector('initiate-response-with-qos');
    const s = res(v.hex);
    expect(s).toEqual({
      type: 'initiateResponse',
      negotiatedQualityOfService: 0,
      negotiatedDlmsVersionNumber: 6,
      negotiatedConformance: s.negotiatedConformance,
      serverMaxReceivePduSize: 1224,
      vaaName: 0x0007,
    });
    expect(conformanceHex(s.negotiatedConformance)).toBe('0x001E1D');
    expect(resHex(s)).toBe(v.hex.toUpperCase());
  });

  test('the glo-initiate-request example carries that InitiateRequest as its plaintext', () => {
    const v = corpusVector('glo-initiate-request');
    expect(v.plaintext!.toUpperCase()).toBe(corpusVector('initiate-request-dedicated-key').hex.toUpperCase());
    const env = decodeCipheredApduBytes(ByteReader.from(fromHex(v.hex)));
    expect(env.type === 'service-specific' && env.tag).toBe(0x21);
    // GCM keeps the length: the ciphertext is as long as the 31-octet InitiateRequest it hides.
    expect(env.type === 'service-specific' && env.content.information.length).toBe(fromHex(v.plaintext!).length);
  });

  test('the seed’s authentication-only glo-initiate-request carries a readable SN InitiateRequest', () => {
    const b = fromHex(seedVector('client-aarq-wrapped-sn-ciphered-gmac').hex);
    // user-information BE 23 04 21 <envelope>: the envelope starts after the octet-string length 21.
    const pos = toHex(b).indexOf('BE230421211F');
    expect(pos % 2).toBe(0);
    const at = pos / 2 + 4;
    const env = decodeCipheredApduBytes(ByteReader.from(b.subarray(at)));
    if (env.type !== 'service-specific') throw new Error('expected a service-specific envelope');
    const q = decodeInitiateRequest(ByteReader.from(env.content.information));
    expect(conformanceHex(q.proposedConformance)).toBe('0x1C0320');
    expect(q.clientMaxReceivePduSize).toBe(65535);
  });
});

describe('A-XDR OPTIONAL and DEFAULT', () => {
  const tail = '065F1F0400403EDD042E';

  test('response-allowed DEFAULT TRUE is one 00 octet', () => {
    const q = req(`01000000${tail}`);
    expect(q.responseAllowed).toBe(true);
    expect(reqHex(q)).toBe(`01000000${tail}`);
  });

  test('response-allowed FALSE is sent as 01 00', () => {
    const q = req(`0100010000${tail}`);
    expect(q.responseAllowed).toBe(false);
    expect(reqHex({ ...q, responseAllowedOctet: undefined })).toBe(`0100010000${tail}`);
  });

  test('an explicit TRUE (01 FF) is kept for a byte-exact re-encode', () => {
    const q = req(`010001FF00${tail}`);
    expect([q.responseAllowed, q.responseAllowedOctet]).toEqual([true, 0xff]);
    expect(reqHex(q)).toBe(`010001FF00${tail}`);
    // Edited to FALSE, the stale octet is not reused.
    expect(reqHex({ ...q, responseAllowed: false })).toBe(`0100010000${tail}`);
  });

  test('proposed-quality-of-service is a signed Integer8', () => {
    const q = req(`01000001F6${tail}`);
    expect(q.proposedQualityOfService).toBe(-10);
    expect(reqHex(q)).toBe(`01000001F6${tail}`);
  });

  test('InitiateResponse for SN carries vaa-name FA00', () => {
    const s = res('0800065F1F04001C03200960FA00');
    expect(s.vaaName).toBe(0xfa00);
    expect(s.serverMaxReceivePduSize).toBe(0x0960);
  });

  test.each([
    ['02000000065F1F0400403EDD042E', 'BAD_TAG', 'not tag 1'],
    ['01020000065F1F0400403EDD042E', 'BAD_VALUE', 'usage flag 02'],
    ['0101100011', 'LENGTH_OVERFLOW', 'dedicated key shorter than its length'],
    ['01000000065F1F0400403EDD04', 'TRUNCATED', 'max PDU cut'],
  ])('%s is refused with %s (%s)', (hex, code) => {
    try {
      req(hex);
      expect.unreachable();
    } catch (e) {
      expect(isDlmsDecodeError(e) && e.code).toBe(code);
    }
  });
});

describe('properties', () => {
  test('InitiateRequest round-trips', () => {
    fc.assert(
      fc.property(initiateRequestArb, (q) => {
        const hex = reqHex(q);
        const back = req(hex);
        expect(back).toEqual(q);
        expect(reqHex(back)).toBe(hex);
      }),
      { numRuns: 500 },
    );
  });

  test('InitiateResponse round-trips', () => {
    fc.assert(
      fc.property(initiateResponseArb, (s) => {
        const hex = resHex(s);
        const back = res(hex);
        expect(back).toEqual(s);
        expect(resHex(back)).toBe(hex);
      }),
      { numRuns: 500 },
    );
  });

  test('mutated and random bytes only raise DlmsDecodeError', () => {
    fc.assert(
      fc.property(fc.oneof(initiateRequestArb.map(reqHex), initiateResponseArb.map(resHex)), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.nat(), (hex, at, b, cut) => {
        const bytes = fromHex(hex);
        bytes[at % bytes.length] = b;
        const input = bytes.subarray(0, bytes.length - (cut % 3));
        for (const decode of [decodeInitiateRequest, decodeInitiateResponse]) {
          try {
            decode(ByteReader.from(input));
          } catch (e) {
            if (!isDlmsDecodeError(e)) throw e;
          }
        }
      }),
      { numRuns: 800 },
    );
  });
});
