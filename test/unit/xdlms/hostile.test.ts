// Hostile input: random bytes, and valid APDUs truncated or mutated, fed to decodeApdu. The only
// error that may escape is DlmsDecodeError, and decoding always terminates quickly. When a mutated
// buffer does decode, re-encoding it and decoding again gives the same value (the decoder accepts
// nothing it cannot represent).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DlmsDecodeError } from '../../../src-main/dlms/errors';
import { ByteReader } from '../../../src-main/dlms/codec/byte-reader';
import { FieldTreeSink } from '../../../src-main/dlms/dissect/field-sink';
import { APDU_TAGS, decodeApdu, decodeApduBytes, encodeApdu, type Apdu } from '../../../src-main/dlms/apdu';
import { fromHex } from '../../../src-shared/hex';
import * as A from './arbitraries';

function decodeOrDlmsError(b: Uint8Array): Apdu | DlmsDecodeError {
  try {
    return decodeApduBytes(b);
  } catch (e) {
    if (e instanceof DlmsDecodeError) return e;
    throw e; // anything else fails the property
  }
}

const allTags = Object.keys(APDU_TAGS).map(Number);

describe('decodeApdu on hostile input', () => {
  it('random bytes: only DlmsDecodeError escapes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        decodeOrDlmsError(b);
      }),
      { numRuns: 1000 },
    );
  });

  it('random bodies behind every known tag: only DlmsDecodeError escapes', () => {
    fc.assert(
      fc.property(fc.constantFrom(...allTags), fc.uint8Array({ maxLength: 48 }), (tag, body) => {
        const b = new Uint8Array(body.length + 1);
        b[0] = tag;
        b.set(body, 1);
        const r = decodeOrDlmsError(b);
        if (!(r instanceof DlmsDecodeError)) expect(decodeApduBytes(encodeApdu(r))).toEqual(r);
      }),
      { numRuns: 2000 },
    );
  });

  const valid = fc.oneof(A.getRequest, A.getResponse, A.setRequest, A.actionRequest, A.actionResponse, A.notification, A.accessResponse, A.snApdu, A.gbt);

  it('every truncation of a valid APDU is TRUNCATED (or another decode error), never a crash', () => {
    fc.assert(
      fc.property(valid, (a) => {
        const b = encodeApdu(a);
        for (let n = 0; n < b.length; n++) {
          const r = decodeOrDlmsError(b.subarray(0, n));
          expect(r).toBeInstanceOf(DlmsDecodeError);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('byte mutations of valid APDUs: only DlmsDecodeError escapes; what decodes re-encodes to the same value', () => {
    fc.assert(
      fc.property(valid, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), (a, muts) => {
        const b = encodeApdu(a).slice();
        for (const [i, v] of muts) b[i % b.length] = v;
        const r = decodeOrDlmsError(b);
        if (!(r instanceof DlmsDecodeError)) expect(decodeApduBytes(encodeApdu(r))).toEqual(r);
      }),
      { numRuns: 1000 },
    );
  });

  it('a huge declared SEQUENCE OF count fails fast with LENGTH_OVERFLOW', () => {
    // get-request-with-list claiming 0x7FFFFFFF descriptors in 8 bytes
    const b = fromHex('C003C1847FFFFFFF00000000');
    const t0 = performance.now();
    const r = decodeOrDlmsError(b);
    expect(r).toBeInstanceOf(DlmsDecodeError);
    expect((r as DlmsDecodeError).code).toBe('LENGTH_OVERFLOW');
    expect(performance.now() - t0).toBeLessThan(50);
  });

  it('an unknown first octet is BAD_TAG at offset 0, trailing bytes are TRAILING', () => {
    const bad = decodeOrDlmsError(Uint8Array.of(0x42, 0x00));
    expect(bad).toBeInstanceOf(DlmsDecodeError);
    expect((bad as DlmsDecodeError).code).toBe('BAD_TAG');
    expect((bad as DlmsDecodeError).offset).toBe(0);
    const trailing = decodeOrDlmsError(fromHex('C501C10000'));
    expect((trailing as DlmsDecodeError).code).toBe('TRAILING');
    expect((trailing as DlmsDecodeError).offset).toBe(4);
  });

  it('an invalid CHOICE inside a service is BAD_TAG with the offset and the field path', () => {
    const e = decodeOrDlmsError(fromHex('C009C1')) as DlmsDecodeError;
    expect(e.code).toBe('BAD_TAG');
    expect(e.offset).toBe(1);
    expect(e.path).toBe('get-request.choice');
    const dar = decodeOrDlmsError(fromHex('C401C102')) as DlmsDecodeError; // Get-Data-Result choice 2
    expect(dar.code).toBe('BAD_TAG');
    expect(dar.offset).toBe(3);
  });

  it('with a field sink, a truncated APDU keeps the tree up to the failure and marks the problem', () => {
    const sink = new FieldTreeSink();
    const r = new ByteReader(fromHex('C001C100070100630100FF02'), 0, 12, sink);
    expect(() => decodeApdu(r)).toThrow(DlmsDecodeError);
    const root = sink.roots[0]!;
    expect(root.label).toBe('get-request');
    const labels = (root.children ?? []).map((c) => c.label);
    expect(labels.slice(0, 4)).toEqual(['tag', 'choice', 'invoke-id-and-priority', 'cosem-attribute-descriptor']);
    const json = JSON.stringify(root);
    expect(json).toContain('"problem"');
  });
});
