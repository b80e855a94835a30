// ConfirmedServiceError: the seed's refusal, the Green Book choice numbers, every value round-trips.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fromHex, toHex } from '../../../src-shared/hex';
import { ByteReader } from '../../../src-main/dlms/codec/byte-reader';
import { build } from '../../../src-main/dlms/codec/byte-writer';
import { isDlmsDecodeError } from '../../../src-main/dlms/errors';
import {
  CONFIRMED_SERVICES,
  SERVICE_ERRORS,
  decodeConfirmedServiceError,
  encodeConfirmedServiceError,
  serviceErrorCode,
  serviceErrorFromCode,
  type ConfirmedServiceError,
  type ServiceErrorChoice,
} from '../../../src-main/dlms/xdlms/confirmed-service-error';
import { confirmedServiceErrorArb } from '../acse/arbitraries';

const decode = (hex: string): ConfirmedServiceError => {
  const r = ByteReader.from(fromHex(hex));
  const v = decodeConfirmedServiceError(r);
  r.expectEnd();
  return v;
};
const encode = (e: ConfirmedServiceError) => toHex(build((w) => encodeConfirmedServiceError(w, e)));

describe('ConfirmedServiceError', () => {
  test('0E 01 06 00 (the seed AARE) is initiateError / initiate / other', () => {
    expect(decode('0E010600')).toEqual({ type: 'confirmedServiceError', service: 'initiateError', error: { choice: 'initiate', value: 'other' } });
  });

  test('service choice numbers (Green Book: [0] reserved, initiateError [1] … terminateUpLoad [19])', () => {
    const expected = {
      initiateError: 1, getStatus: 2, getNameList: 3, getVariableAttribute: 4, read: 5, write: 6, getDataSetAttribute: 7,
      getTIAttribute: 8, changeScope: 9, start: 10, stop: 11, resume: 12, makeUsable: 13, initiateLoad: 14,
      loadSegment: 15, terminateLoad: 16, initiateUpLoad: 17, upLoadSegment: 18, terminateUpLoad: 19,
    };
    for (const [name, tag] of Object.entries(expected)) {
      expect(encode({ type: 'confirmedServiceError', service: name as never, error: { choice: 'service', value: 'other' } })).toBe(
        `0E${tag.toString(16).toUpperCase().padStart(2, '0')}0300`,
      );
    }
    expect(CONFIRMED_SERVICES.filter((s) => s !== undefined).length).toBe(19);
  });

  test('ServiceError choice numbers and the initiate enumeration', () => {
    const tags = Object.fromEntries(Object.entries(SERVICE_ERRORS).map(([k, [t]]) => [k, t]));
    expect(tags).toEqual({
      'application-reference': 0, 'hardware-resource': 1, 'vde-state-error': 2, service: 3, definition: 4, access: 5,
      initiate: 6, 'load-data-set': 7, 'change-scope': 8, task: 9, 'other-error': 10,
    });
    expect(SERVICE_ERRORS.initiate[1]).toEqual(['other', 'dlms-version-too-low', 'incompatible-conformance', 'pdu-size-too-short', 'refused-by-the-VDE-Handler']);
    expect(decode('0E010603').error).toEqual({ choice: 'initiate', value: 'pdu-size-too-short' });
    expect(decode('0E050002').error).toEqual({ choice: 'application-reference', value: 'application-unreachable' });
    expect(decode('0E010006').error).toEqual({ choice: 'application-reference', value: 'deciphering-error' });
    expect(decode('0E060A7F').error).toEqual({ choice: 'other-error', value: 0x7f });
  });

  test('every named value of every choice round-trips', () => {
    for (const choice of Object.keys(SERVICE_ERRORS) as ServiceErrorChoice[]) {
      const names = SERVICE_ERRORS[choice][1];
      const codes = names === null ? [0, 1, 200, 255] : names.map((_, i) => i);
      for (const code of codes) {
        const error = serviceErrorFromCode(choice, code)!;
        expect(serviceErrorCode(error)).toBe(code);
        const e: ConfirmedServiceError = { type: 'confirmedServiceError', service: 'read', error };
        const hex = encode(e);
        expect(hex).toBe(`0E05${SERVICE_ERRORS[choice][0].toString(16).toUpperCase().padStart(2, '0')}${code.toString(16).toUpperCase().padStart(2, '0')}`);
        expect(decode(hex)).toEqual(e);
      }
    }
  });

  test('generated values round-trip', () => {
    fc.assert(
      fc.property(confirmedServiceErrorArb, (e) => {
        expect(decode(encode(e))).toEqual(e);
      }),
      { numRuns: 300 },
    );
  });

  test.each([
    ['0F010600', 'BAD_TAG', 'not tag 14'],
    ['0E000600', 'BAD_TAG', 'service [0] is reserved'],
    ['0E140600', 'BAD_TAG', 'service [20] does not exist'],
    ['0E010B00', 'BAD_TAG', 'ServiceError [11] does not exist'],
    ['0E010605', 'BAD_VALUE', 'initiate has no value 5'],
    ['0E0106', 'TRUNCATED', 'value missing'],
  ])('%s is refused with %s (%s)', (hex, code) => {
    try {
      decode(hex);
      expect.unreachable();
    } catch (e) {
      expect(isDlmsDecodeError(e) && e.code).toBe(code);
    }
  });
});
