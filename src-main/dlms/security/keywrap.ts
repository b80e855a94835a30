// AES key wrap (RFC 3394) as used by Security setup key_transfer and by general-ciphering's
// wrapped-key (Green Book 9.2.3.5 "Key wrapping": the KEK is the master key, the default IV
// A6A6A6A6A6A6A6A6 of RFC 3394 §2.2.3.1). Through node:crypto's id-aesNNN-wrap ciphers.
//
// Never include key material in errors: an unwrap that fails its integrity check is
// AUTH_FAILED with no further detail.

import { createCipheriv, createDecipheriv } from 'node:crypto';
import { DlmsDecodeError } from '../errors';

/** RFC 3394 §2.2.3.1 default initial value. */
export const RFC3394_DEFAULT_IV = Uint8Array.of(0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6);

interface ErrorSite {
  offset?: number;
  path?: string;
}

function bad(code: 'BAD_VALUE' | 'BAD_LENGTH' | 'AUTH_FAILED', message: string, at: ErrorSite): never {
  throw new DlmsDecodeError(code, message, at.offset ?? 0, at.path ?? '');
}

function algorithm(kek: Uint8Array, at: ErrorSite): string {
  switch (kek.length) {
    case 16:
      return 'id-aes128-wrap';
    case 24:
      return 'id-aes192-wrap';
    case 32:
      return 'id-aes256-wrap';
    default:
      return bad('BAD_VALUE', `key encrypting key must be 16, 24 or 32 bytes, got ${kek.length}`, at);
  }
}

function u8(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

/** Wraps `key` (a multiple of 8 bytes, at least 16) under `kek`: returns key.length + 8 bytes. */
export function wrapKey(kek: Uint8Array, key: Uint8Array, at: ErrorSite = {}): Uint8Array {
  const alg = algorithm(kek, at);
  if (key.length < 16 || key.length % 8 !== 0) bad('BAD_LENGTH', `key to wrap must be a multiple of 8 bytes and at least 16, got ${key.length}`, at);
  const c = createCipheriv(alg, kek, RFC3394_DEFAULT_IV);
  return u8(Buffer.concat([c.update(key), c.final()]));
}

/** Unwraps and checks the RFC 3394 integrity value; a mismatch is AUTH_FAILED. */
export function unwrapKey(kek: Uint8Array, wrapped: Uint8Array, at: ErrorSite = {}): Uint8Array {
  const alg = algorithm(kek, at);
  if (wrapped.length < 24 || wrapped.length % 8 !== 0) bad('BAD_LENGTH', `wrapped key must be a multiple of 8 bytes and at least 24, got ${wrapped.length}`, at);
  const d = createDecipheriv(alg, kek, RFC3394_DEFAULT_IV);
  try {
    return u8(Buffer.concat([d.update(wrapped), d.final()]));
  } catch {
    return bad('AUTH_FAILED', 'key unwrap integrity check failed', at);
  }
}
