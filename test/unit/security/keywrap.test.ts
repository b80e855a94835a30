import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DlmsDecodeError } from '../../../src-main/dlms/errors';
import { unwrapKey, wrapKey } from '../../../src-main/dlms/security/keywrap';
import { fromHex, toHex } from '../../../src-shared/hex';
import { corpusVector } from '../../support/vectors';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof DlmsDecodeError) return e.code;
    throw e;
  }
  return undefined;
}

// RFC 3394 section 4 test vectors (KEK, key data, ciphertext).
const RFC3394 = [
  ['4.1 128-bit data with 128-bit KEK', '000102030405060708090A0B0C0D0E0F', '00112233445566778899AABBCCDDEEFF', '1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5'],
  ['4.2 128-bit data with 192-bit KEK', '000102030405060708090A0B0C0D0E0F1011121314151617', '00112233445566778899AABBCCDDEEFF', '96778B25AE6CA435F92B5B97C050AED2468AB8A17AD84E5D'],
  ['4.3 128-bit data with 256-bit KEK', '000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F', '00112233445566778899AABBCCDDEEFF', '64E8C3F9CE0F5BA263E9777905818A2A93C8191E7D6E8AE7'],
  [
    '4.6 256-bit data with 256-bit KEK',
    '000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F',
    '00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F',
    '28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21',
  ],
] as const;

describe('AES key wrap (RFC 3394)', () => {
  for (const [name, kek, data, wrapped] of RFC3394) {
    it(`RFC 3394 ${name}`, () => {
      expect(toHex(wrapKey(fromHex(kek), fromHex(data)))).toBe(wrapped);
      expect(toHex(unwrapKey(fromHex(kek), fromHex(wrapped)))).toBe(data);
    });
  }

  it('corpus aes-key-wrap-rfc3394', () => {
    const v = corpusVector('aes-key-wrap-rfc3394');
    const kek = fromHex(v.keys!.kek!);
    expect(toHex(wrapKey(kek, fromHex(v.hex)))).toBe(v.expect);
    expect(toHex(unwrapKey(kek, fromHex(v.expect!)))).toBe(v.hex);
  });

  it('a tampered wrapped key or a wrong KEK fails the integrity check', () => {
    const w = fromHex(RFC3394[0][3]);
    w[23] = w[23]! ^ 1;
    expect(codeOf(() => unwrapKey(fromHex(RFC3394[0][1]), w))).toBe('AUTH_FAILED');
    expect(codeOf(() => unwrapKey(new Uint8Array(16), fromHex(RFC3394[0][3])))).toBe('AUTH_FAILED');
  });

  it('rejects bad sizes', () => {
    expect(codeOf(() => wrapKey(new Uint8Array(15), new Uint8Array(16)))).toBe('BAD_VALUE');
    expect(codeOf(() => wrapKey(new Uint8Array(16), new Uint8Array(12)))).toBe('BAD_LENGTH');
    expect(codeOf(() => unwrapKey(new Uint8Array(16), new Uint8Array(20)))).toBe('BAD_LENGTH');
  });

  it('unwrap(wrap(k)) == k', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(16, 24, 32).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
        fc.integer({ min: 2, max: 8 }).chain((n) => fc.uint8Array({ minLength: 8 * n, maxLength: 8 * n })),
        (kek, key) => {
          const w = wrapKey(kek, key);
          expect(w.length).toBe(key.length + 8);
          expect(toHex(unwrapKey(kek, w))).toBe(toHex(key));
        },
      ),
      { numRuns: 200 },
    );
  });
});
