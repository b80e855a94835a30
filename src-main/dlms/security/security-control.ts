// The security control byte of a ciphered APDU's security header (Green Book 9.2.7.2.3,
// "Security header"): SH = SC (1 byte) || IC (4 bytes).
//
//   bit 7   compression              (0: not compressed, 1: compressed)
//   bit 6   key set                  (0: unicast key, 1: broadcast key)
//   bit 5   encryption   (E)
//   bit 4   authentication (A)
//   bits 3-0 security suite id       (0: AES-GCM-128, 1: ECDH-ECDSA-AES-GCM-128-SHA-256,
//                                     2: ECDH-ECDSA-AES-GCM-256-SHA-384, others reserved)

export const SECURITY_SUITES = {
  0: 'AES-GCM-128',
  1: 'ECDH-ECDSA-AES-GCM-128-SHA-256',
  2: 'ECDH-ECDSA-AES-GCM-256-SHA-384',
} as const;

export type SecuritySuite = keyof typeof SECURITY_SUITES;

export const SC_AUTHENTICATION = 0x10;
export const SC_ENCRYPTION = 0x20;
export const SC_BROADCAST_KEY = 0x40;
export const SC_COMPRESSION = 0x80;

export interface SecurityControl {
  /** Security suite id, bits 0-3 (0..15; only 0, 1 and 2 are defined). */
  suite: number;
  authenticated: boolean;
  encrypted: boolean;
  /** Key set bit: false = unicast key, true = broadcast key. */
  broadcastKey: boolean;
  compressed: boolean;
}

export function parseSecurityControl(sc: number): SecurityControl {
  return {
    suite: sc & 0x0f,
    authenticated: (sc & SC_AUTHENTICATION) !== 0,
    encrypted: (sc & SC_ENCRYPTION) !== 0,
    broadcastKey: (sc & SC_BROADCAST_KEY) !== 0,
    compressed: (sc & SC_COMPRESSION) !== 0,
  };
}

export function securityControlByte(c: SecurityControl): number {
  return (
    (c.suite & 0x0f) |
    (c.authenticated ? SC_AUTHENTICATION : 0) |
    (c.encrypted ? SC_ENCRYPTION : 0) |
    (c.broadcastKey ? SC_BROADCAST_KEY : 0) |
    (c.compressed ? SC_COMPRESSION : 0)
  );
}

export function isDefinedSuite(suite: number): suite is SecuritySuite {
  return suite === 0 || suite === 1 || suite === 2;
}

/** "suite 0, authenticated and encrypted, unicast key" (the dissector's meaning of the byte). */
export function describeSecurityControl(sc: number): string {
  const c = parseSecurityControl(sc);
  const suite = isDefinedSuite(c.suite) ? `suite ${c.suite}` : `suite ${c.suite} (reserved)`;
  const protection = c.authenticated
    ? c.encrypted
      ? 'authenticated and encrypted'
      : 'authenticated only'
    : c.encrypted
      ? 'encrypted only'
      : 'no protection';
  const key = c.broadcastKey ? 'broadcast key' : 'unicast key';
  return `${suite}, ${protection}, ${key}${c.compressed ? ', compressed' : ''}`;
}
