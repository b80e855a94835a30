// Settings as a capture records them: everything that shapes the bytes on the wire (addresses,
// mechanism, policy, suite, system titles, conformance, PDU size, ...) as is, every secret as a
// fingerprint. A fingerprint is "sha256:" + the first 8 bytes of SHA-256 of the secret's bytes in
// hex, the same naming the invocation-counter ledger uses for keys, so `meterscope replay` can tell
// whether the key it was given is the one the session used without the file holding the key.

import { bytesOf, type DeviceSettings } from '../../src-shared/settings';
import { fromHex } from '../../src-shared/hex';
import { keyFingerprint } from '../session/ic-ledger';

export const FINGERPRINT_PREFIX = 'sha256:';

/** The fingerprint of a secret's bytes: "sha256:0123456789ABCDEF". */
export function secretFingerprint(bytes: Uint8Array): string {
  return `${FINGERPRINT_PREFIX}${keyFingerprint(bytes)}`;
}

/** The fingerprint of a hex key as the settings hold it. */
export function keyTextFingerprint(hex: string): string {
  return secretFingerprint(fromHex(hex.replace(/[\s:]/g, '')));
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The settings without secrets (a plain JSON object). An empty password stays empty: "no password" is no secret. */
export function redactSettings(s: DeviceSettings): Record<string, unknown> {
  const out: Record<string, unknown> = JSON.parse(JSON.stringify(s)) as Record<string, unknown>;
  let passwordBytes: Uint8Array;
  try {
    passwordBytes = bytesOf(s.password);
  } catch {
    passwordBytes = utf8(s.password.text); // unusable as typed, but still never written out
  }
  out.password = s.password.text === '' ? { encoding: s.password.encoding, text: '' } : { encoding: s.password.encoding, fingerprint: secretFingerprint(passwordBytes) };
  out.blockCipherKey = keyTextFingerprint(s.blockCipherKey);
  out.authenticationKey = keyTextFingerprint(s.authenticationKey);
  if (s.dedicatedKey !== undefined) out.dedicatedKey = keyTextFingerprint(s.dedicatedKey);
  if (s.clientSigningKey !== undefined) out.clientSigningKey = secretFingerprint(utf8(s.clientSigningKey));
  return out;
}
