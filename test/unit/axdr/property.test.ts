// Properties of the Data codec: arbitrary values round-trip; hostile bytes only ever produce
// DlmsDecodeError, and whatever the decoder accepts re-encodes to the very same bytes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeDataBytes, encodeDataBytes } from '../../../src-main/dlms/axdr/data';
import { DlmsDecodeError } from '../../../src-main/dlms/errors';
import { toHex } from '../../../src-shared/hex';
import { arbitraryCompactArray, arbitraryDlmsData } from './arbitraries';

/** Decodes; if it succeeds the re-encoding must equal the input, if it fails only DlmsDecodeError may escape. */
function decodeExactOrDecodeError(bytes: Uint8Array): void {
  let d;
  try {
    d = decodeDataBytes(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(DlmsDecodeError);
    return;
  }
  expect(toHex(encodeDataBytes(d))).toBe(toHex(bytes));
}

describe('A-XDR Data properties', () => {
  it('arbitrary Data round-trips: decode(encode(d)) equals d and re-encodes identically', () => {
    fc.assert(
      fc.property(arbitraryDlmsData, (d) => {
        const bytes = encodeDataBytes(d);
        const back = decodeDataBytes(bytes);
        expect(back).toEqual(d);
        expect(toHex(encodeDataBytes(back))).toBe(toHex(bytes));
      }),
      { numRuns: 600 },
    );
  });

  it('arbitrary compact-arrays round-trip', () => {
    fc.assert(
      fc.property(arbitraryCompactArray, (d) => {
        const bytes = encodeDataBytes(d);
        expect(decodeDataBytes(bytes)).toEqual(d);
      }),
      { numRuns: 300 },
    );
  });

  it('random bytes: only DlmsDecodeError, and anything accepted re-encodes exactly', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 48 }), decodeExactOrDecodeError), { numRuns: 1000 });
  });

  it('random bytes after a plausible tag: only DlmsDecodeError, exact when accepted', () => {
    const tags = [0, 1, 2, 3, 4, 5, 6, 9, 10, 12, 13, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 33, 255];
    fc.assert(
      fc.property(fc.constantFrom(...tags), fc.uint8Array({ maxLength: 40 }), (tag, rest) => decodeExactOrDecodeError(Uint8Array.of(tag, ...rest))),
      { numRuns: 1000 },
    );
  });

  it('mutated valid encodings (byte changed, truncated, extended): only DlmsDecodeError, exact when accepted', () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
    );
    fc.assert(
      fc.property(arbitraryDlmsData, fc.array(mutation, { minLength: 1, maxLength: 3 }), (d, ms) => {
        let b = Array.from(encodeDataBytes(d));
        for (const m of ms) {
          const at = b.length === 0 ? 0 : m.at % b.length;
          if (m.kind === 'set') b[at] = m.byte;
          else if (m.kind === 'cut') b = b.slice(0, at);
          else b.splice(at, 0, m.byte);
        }
        decodeExactOrDecodeError(Uint8Array.from(b));
      }),
      { numRuns: 800 },
    );
  });
});
