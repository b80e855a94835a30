// Ciphering of the server side (Green Book 9.2.7.2): a ciphered request is opened with the device's
// keys and the client's system title (from the AARQ calling-AP-title, or the general-glo envelope),
// its invocation counter checked against replays, and the response sealed in the same envelope form
// (glo- answers glo-, ded- answers ded-, general-glo answers general-glo) with the server's system
// title and its own invocation counter.
import { openCipheredApdu, sealApdu, type CipheringKeys, type SealTarget } from '../../dlms/security/gcm';
import { SERVICE_SPECIFIC_TAGS, type CipheredApdu, type ServiceSpecificTag } from '../../dlms/security/envelope';
import { DlmsDecodeError } from '../../dlms/errors';
import type { AssociationModel } from '../device-model';
import type { DeviceRuntime } from './runtime';

/** How a request came, so that its response goes back the same way. */
export interface Protection {
  target: 'glo' | 'ded' | 'general-glo' | 'general-ded';
  securityControl: number;
}

export type Opened =
  | { ok: true; plaintext: Uint8Array; protection: Protection }
  | { ok: false; reason: 'deciphering-error' }
  | { ok: false; reason: 'invocation-counter-error'; expected: number };

/** Plain response tag -> [glo- tag, ded- tag] (Green Book 9.5 xDLMS-APDU). */
const RESPONSE_TAGS: Readonly<Record<number, readonly [ServiceSpecificTag, ServiceSpecificTag]>> = {
  0xc4: [0xcc, 0xd4], // get-response
  0xc5: [0xcd, 0xd5], // set-response
  0xc7: [0xcf, 0xd7], // action-response
  0x08: [0x28, 0x48], // initiateResponse
  0x0c: [0x2c, 0x4c], // readResponse
  0x0d: [0x2d, 0x4d], // writeResponse
  0x0e: [0x2e, 0x4e], // confirmedServiceError
};

export function keysOf(a: AssociationModel, dedicatedKey: Uint8Array | undefined, clientTitle: Uint8Array | undefined): CipheringKeys {
  const k: CipheringKeys = { ek: a.keys.ek, ak: a.keys.ak };
  if (dedicatedKey) k.dedicatedKey = dedicatedKey;
  if (clientTitle) k.systemTitle = clientTitle;
  return k;
}

export function openRequest(rt: DeviceRuntime, a: AssociationModel, c: CipheredApdu, keys: CipheringKeys): Opened {
  let target: Protection['target'];
  if (c.type === 'service-specific') target = SERVICE_SPECIFIC_TAGS[c.tag][0].startsWith('ded-') ? 'ded' : 'glo';
  else if (c.type === 'general-glo-ciphering') target = 'general-glo';
  else if (c.type === 'general-ded-ciphering') target = 'general-ded';
  else return { ok: false, reason: 'deciphering-error' };
  try {
    const o = openCipheredApdu(c, keys);
    if (!rt.acceptClientIc(a, o.invocationCounter)) return { ok: false, reason: 'invocation-counter-error', expected: rt.expectedClientIc(a) };
    return { ok: true, plaintext: o.plaintext, protection: { target, securityControl: o.securityControl } };
  } catch (e) {
    if (e instanceof DlmsDecodeError) return { ok: false, reason: 'deciphering-error' };
    throw e;
  }
}

/** Seals a plain response APDU the way its request came (with the server's title and next counter). */
export function sealResponse(rt: DeviceRuntime, a: AssociationModel, p: Protection, plain: Uint8Array, keys: CipheringKeys): Uint8Array {
  let target: SealTarget;
  if (p.target === 'general-glo') target = { type: 'general-glo-ciphering' };
  else if (p.target === 'general-ded') target = { type: 'general-ded-ciphering' };
  else {
    const tag = RESPONSE_TAGS[plain[0]!]?.[p.target === 'ded' ? 1 : 0];
    // an APDU without a service-specific ciphered form (exception-response, GBT) goes as general-glo
    target = tag === undefined ? { type: 'general-glo-ciphering' } : { type: 'service-specific', tag };
  }
  const { systemTitle: _client, ...own } = keys;
  return sealApdu({ target, securityControl: p.securityControl, invocationCounter: rt.nextServerIc(a), systemTitle: rt.model.identity.systemTitle, keys: own, plaintext: plain }).bytes;
}

/** Octets ciphering adds around a plain APDU of n octets (to keep the result within the client's max PDU). */
export function cipherOverhead(p: Protection | undefined, n: number): number {
  if (!p) return 0;
  const tagLen = (p.securityControl & 0x10) !== 0 ? 12 : 0;
  const inner = 5 + n + tagLen;
  const lenSize = inner < 0x80 ? 1 : inner < 0x100 ? 2 : 3;
  const title = p.target === 'general-glo' || p.target === 'general-ded' ? 9 : 0;
  return 1 + title + lenSize + 5 + tagLen;
}
