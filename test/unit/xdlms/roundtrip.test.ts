// Property tests: random values of every xDLMS PDU variant survive encode -> decode unchanged, through
// each module's own codec and through the top-level decodeApdu/encodeApdu.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ByteReader } from '../../../src-main/dlms/codec/byte-reader';
import type { ByteWriter } from '../../../src-main/dlms/codec/byte-writer';
import { decodeApduBytes, encodeApdu, summarizeApdu, type Apdu } from '../../../src-main/dlms/apdu';
import { decodeGetRequest, decodeGetResponse, encodeGetRequest, encodeGetResponse } from '../../../src-main/dlms/xdlms/get';
import { decodeSetRequest, decodeSetResponse, encodeSetRequest, encodeSetResponse } from '../../../src-main/dlms/xdlms/set';
import { decodeActionRequest, decodeActionResponse, encodeActionRequest, encodeActionResponse } from '../../../src-main/dlms/xdlms/action';
import { decodeGeneralBlockTransfer, encodeGeneralBlockTransfer } from '../../../src-main/dlms/xdlms/gbt';
import { encodeNotification } from '../../../src-main/dlms/xdlms/notification';
import { decodeAccessRequest, decodeAccessResponse, encodeAccessRequest, encodeAccessResponse } from '../../../src-main/dlms/xdlms/access';
import { decodeExceptionResponse, encodeExceptionResponse } from '../../../src-main/dlms/xdlms/exception';
import { encodeSnApdu } from '../../../src-main/dlms/xdlms/sn';
import { iipFromByte, iipToByte, longIipFromNumber, longIipToNumber } from '../../../src-main/dlms/xdlms/common';
import { decodeAll, encodeWith } from './helpers';
import * as A from './arbitraries';

function roundTrip<T>(arb: fc.Arbitrary<T>, enc: (w: ByteWriter, v: T) => void, dec: (r: ByteReader) => T, numRuns = 300): void {
  fc.assert(
    fc.property(arb, (v) => {
      const bytes = encodeWith(v, enc);
      expect(decodeAll(bytes, dec)).toEqual(v);
    }),
    { numRuns },
  );
}

describe('module codecs round-trip random values', () => {
  it('Get-Request', () => roundTrip(A.getRequest, encodeGetRequest, decodeGetRequest));
  it('Get-Response', () => roundTrip(A.getResponse, encodeGetResponse, decodeGetResponse));
  it('Set-Request', () => roundTrip(A.setRequest, encodeSetRequest, decodeSetRequest));
  it('Set-Response', () => roundTrip(A.setResponse, encodeSetResponse, decodeSetResponse));
  it('Action-Request', () => roundTrip(A.actionRequest, encodeActionRequest, decodeActionRequest));
  it('Action-Response', () => roundTrip(A.actionResponse, encodeActionResponse, decodeActionResponse));
  it('General-Block-Transfer', () => roundTrip(A.gbt, encodeGeneralBlockTransfer, decodeGeneralBlockTransfer));
  it('Access-Request', () => roundTrip(A.accessRequest, encodeAccessRequest, decodeAccessRequest));
  it('Access-Response', () => roundTrip(A.accessResponse, encodeAccessResponse, decodeAccessResponse));
  it('ExceptionResponse', () => roundTrip(A.exceptionResponse, encodeExceptionResponse, decodeExceptionResponse));
});

describe('the top-level codec round-trips every xDLMS variant', () => {
  const anyXdlms: fc.Arbitrary<Apdu> = fc.oneof(
    A.getRequest,
    A.getResponse,
    A.setRequest,
    A.setResponse,
    A.actionRequest,
    A.actionResponse,
    A.gbt,
    A.notification,
    A.accessRequest,
    A.accessResponse,
    A.exceptionResponse,
    A.snApdu,
  );

  it('decodeApduBytes(encodeApdu(x)) equals x, and the summary starts with the APDU name', () => {
    fc.assert(
      fc.property(anyXdlms, (a) => {
        const bytes = encodeApdu(a);
        const back = decodeApduBytes(bytes);
        expect(back).toEqual(a);
        expect(typeof summarizeApdu(back)).toBe('string');
      }),
      { numRuns: 1000 },
    );
  });

  it('notification and SN encoders agree with the top-level encoder', () => {
    fc.assert(
      fc.property(A.notification, A.snApdu, (n, s) => {
        expect(encodeWith(n, encodeNotification)).toEqual(encodeApdu(n));
        expect(encodeWith(s, encodeSnApdu)).toEqual(encodeApdu(s));
      }),
      { numRuns: 200 },
    );
  });
});

describe('invoke-id-and-priority bit layout (Green Book: invoke-id bits 0-3, service-class bit 6, priority bit 7)', () => {
  it('every octet maps to the named bits and back', () => {
    for (let b = 0; b < 256; b++) {
      const iip = iipFromByte(b);
      expect(iip.invokeId).toBe(b & 0x0f);
      expect(iip.serviceClass).toBe(b & 0x40 ? 'confirmed' : 'unconfirmed');
      expect(iip.priority).toBe(b & 0x80 ? 'high' : 'normal');
      expect(iipToByte(iip)).toBe(b);
    }
  });

  it('long-invoke-id-and-priority: id bits 0-23, self-descriptive 28, break-on-error 29, confirmed 30, high 31', () => {
    expect(longIipFromNumber(0x80000000).priority).toBe('high');
    expect(longIipFromNumber(0x40000000).serviceClass).toBe('confirmed');
    expect(longIipFromNumber(0x20000000).processingOption).toBe('break-on-error');
    expect(longIipFromNumber(0x10000000).selfDescriptive).toBe(true);
    expect(longIipFromNumber(0x00abcdef).longInvokeId).toBe(0xabcdef);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (v) => {
        expect(longIipToNumber(longIipFromNumber(v))).toBe(v);
      }),
      { numRuns: 500 },
    );
  });
});
