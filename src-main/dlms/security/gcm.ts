// AES-GCM protection of xDLMS APDUs (Green Book 9.2.3.3 "AES-GCM", 9.2.7.2.4 "Cryptographic
// protection of xDLMS APDUs"), through node:crypto.
//
//   IV (12 bytes)  = system-title of the sender (8) || invocation-counter (4, big-endian)
//   key            = 128-bit block cipher key for suites 0 and 1, 256-bit for suite 2
//   SC bits A E    | input to GCM                     | information field        | tag
//   ---------------+----------------------------------+--------------------------+---------
//   1 1 (0x30)     | P = APDU, A = SC || AK           | ciphertext               | 12 bytes
//   1 0 (0x10)     | P = empty, A = SC || AK || APDU  | the APDU itself          | 12 bytes
//   0 1 (0x20)     | P = APDU, no A                   | ciphertext (GCM's CTR)   | none
// The tag is GCM's 16-byte tag truncated to its first 12 bytes (9.2.3.3.7).
//
// No randomness and no clock here: the invocation counter is the caller's (the session keeps the ledger).
// Error messages never contain key material.

import { createCipheriv, createDecipheriv } from 'node:crypto';
import { assertNever, DlmsDecodeError } from '../errors';
import { ByteWriter, build } from '../codec/byte-writer';
import {
  AUTH_TAG_LENGTH,
  cipheredApduName,
  encodeCipheredApdu,
  type CipheredApdu,
  type GeneralHeader,
  type KeyInfo,
  type SecuredContent,
  type ServiceSpecificTag,
  serviceSpecificKey,
} from './envelope';
import { parseSecurityControl, SC_AUTHENTICATION, SC_ENCRYPTION } from './security-control';
import { unwrapKey } from './keywrap';

export { describeSecurityControl, parseSecurityControl, securityControlByte } from './security-control';

export interface GcmParams {
  securityControl: number;
  /** The sender's system title (8 bytes): the IV's fixed field. */
  systemTitle: Uint8Array;
  invocationCounter: number;
  /** Block cipher key (global unicast/broadcast, dedicated, or an agreed/wrapped key). */
  ek: Uint8Array;
  /** Authentication key (only used when SC bit 4 is set). */
  ak?: Uint8Array;
  /** Bytes appended to SC || AK in the AAD (general-ciphering header fields with suites 1 and 2). */
  aadSuffix?: Uint8Array;
}

/** Where a failing GCM call reports its offset (the caller may know where the content sat). */
export interface ErrorSite {
  offset?: number;
  path?: string;
}

function fail(code: 'AUTH_FAILED' | 'BAD_VALUE' | 'UNSUPPORTED' | 'NO_KEY', message: string, at: ErrorSite = {}): never {
  throw new DlmsDecodeError(code, message, at.offset ?? 0, at.path ?? '');
}

/** The 12-byte GCM IV: system title || invocation counter. */
export function gcmIv(systemTitle: Uint8Array, invocationCounter: number): Uint8Array {
  return build((w) => w.bytes(systemTitle).u32(invocationCounter));
}

function cipherName(p: GcmParams, mode: 'gcm' | 'ctr', at: ErrorSite): string {
  const c = parseSecurityControl(p.securityControl);
  if (c.compressed) fail('UNSUPPORTED', 'compressed APDUs (security control bit 7) are not supported', at);
  const bits = c.suite === 0 || c.suite === 1 ? 128 : c.suite === 2 ? 256 : fail('UNSUPPORTED', `security suite ${c.suite} is reserved`, at);
  if (p.ek.length !== bits / 8) fail('BAD_VALUE', `suite ${c.suite} needs a ${bits / 8}-byte block cipher key, got ${p.ek.length} byte(s)`, at);
  if (p.systemTitle.length !== 8) fail('BAD_VALUE', `system title must be 8 bytes, got ${p.systemTitle.length}`, at);
  if (!Number.isInteger(p.invocationCounter) || p.invocationCounter < 0 || p.invocationCounter > 0xffffffff) {
    fail('BAD_VALUE', 'invocation counter must be an unsigned 32-bit integer', at);
  }
  return `aes-${bits}-${mode}`;
}

function aad(p: GcmParams, plaintextForAuthOnly: Uint8Array | undefined, at: ErrorSite): Uint8Array {
  if (p.ak === undefined) fail('NO_KEY', 'authentication key needed for an authenticated APDU', at);
  const w = new ByteWriter(1 + p.ak.length + (p.aadSuffix?.length ?? 0) + (plaintextForAuthOnly?.length ?? 0));
  w.u8(p.securityControl).bytes(p.ak);
  if (p.aadSuffix) w.bytes(p.aadSuffix);
  if (plaintextForAuthOnly) w.bytes(plaintextForAuthOnly);
  return w.toBytes();
}

function u8(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  return build((w) => parts.forEach((p) => w.bytes(p)));
}

/** GCM's keystream for encryption-only: counter mode starting at inc32(J0) = IV || 00000002. */
function ctr(p: GcmParams, data: Uint8Array, at: ErrorSite): Uint8Array {
  const name = cipherName(p, 'ctr', at);
  const counter0 = concat(gcmIv(p.systemTitle, p.invocationCounter), Uint8Array.of(0, 0, 0, 2));
  const c = createCipheriv(name, p.ek, counter0);
  return u8(Buffer.concat([c.update(data), c.final()]));
}

function gcmTag(p: GcmParams, plaintext: Uint8Array, additional: Uint8Array, at: ErrorSite): { ciphertext: Uint8Array; tag: Uint8Array } {
  const c = createCipheriv(cipherName(p, 'gcm', at) as 'aes-128-gcm', p.ek, gcmIv(p.systemTitle, p.invocationCounter), { authTagLength: AUTH_TAG_LENGTH });
  c.setAAD(additional);
  const ciphertext = u8(Buffer.concat([c.update(plaintext), c.final()]));
  return { ciphertext, tag: u8(c.getAuthTag()) };
}

/**
 * Protects an APDU: returns the information field followed by the tag, i.e. what follows the
 * security header in the ciphered content (ciphertext||tag, plaintext||tag, or ciphertext).
 */
export function protect(p: GcmParams & { plaintext: Uint8Array }): Uint8Array {
  const a = (p.securityControl & SC_AUTHENTICATION) !== 0;
  const e = (p.securityControl & SC_ENCRYPTION) !== 0;
  if (a && e) {
    const { ciphertext, tag } = gcmTag(p, p.plaintext, aad(p, undefined, {}), {});
    return concat(ciphertext, tag);
  }
  if (a) return concat(p.plaintext, gcmTag(p, new Uint8Array(0), aad(p, p.plaintext, {}), {}).tag);
  if (e) return ctr(p, p.plaintext, {});
  return fail('BAD_VALUE', 'security control 0x' + p.securityControl.toString(16) + ' asks for neither authentication nor encryption');
}

function tagsEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}

/**
 * Opens the ciphered content (information || tag) and returns the plain APDU. A tag mismatch
 * is DlmsDecodeError('AUTH_FAILED'); nothing of the plaintext escapes in that case.
 */
export function unprotect(p: GcmParams & { cipheredContent: Uint8Array }, at: ErrorSite = {}): Uint8Array {
  const a = (p.securityControl & SC_AUTHENTICATION) !== 0;
  const e = (p.securityControl & SC_ENCRYPTION) !== 0;
  const body = p.cipheredContent;
  if (!a && !e) fail('BAD_VALUE', `security control 0x${p.securityControl.toString(16)} asks for neither authentication nor encryption`, at);
  if (!a) return ctr(p, body, at);
  if (body.length < AUTH_TAG_LENGTH) fail('AUTH_FAILED', `ciphered content of ${body.length} byte(s) has no room for the tag`, at);
  const information = body.subarray(0, body.length - AUTH_TAG_LENGTH);
  const tag = body.subarray(body.length - AUTH_TAG_LENGTH);
  if (!e) {
    const expected = gcmTag(p, new Uint8Array(0), aad(p, information, at), at).tag;
    if (!tagsEqual(expected, tag)) fail('AUTH_FAILED', 'authentication tag does not match', at);
    return information.slice();
  }
  const d = createDecipheriv(cipherName(p, 'gcm', at) as 'aes-128-gcm', p.ek, gcmIv(p.systemTitle, p.invocationCounter), { authTagLength: AUTH_TAG_LENGTH });
  d.setAAD(aad(p, undefined, at));
  d.setAuthTag(tag);
  const out = d.update(information);
  try {
    d.final();
  } catch {
    fail('AUTH_FAILED', 'authentication tag does not match', at);
  }
  return u8(out);
}

/**
 * Decrypts the information field without checking any tag (GCM's counter mode alone). For
 * inspection when the authentication key is unknown: the result is NOT authenticated.
 */
export function decryptUnverified(p: Omit<GcmParams, 'ak' | 'aadSuffix'> & { information: Uint8Array }, at: ErrorSite = {}): Uint8Array {
  return ctr(p, p.information, at);
}

// ---------------------------------------------------------------------------------------------
// whole envelopes

/** Keys and titles to open (or seal) envelopes. All optional: a missing one is NO_KEY. */
export interface CipheringKeys {
  /** Global unicast encryption key (GUEK). */
  ek?: Uint8Array;
  /** Global broadcast encryption key (GBEK), chosen when SC bit 6 is set. */
  broadcastEk?: Uint8Array;
  ak?: Uint8Array;
  /** Dedicated key (from the InitiateRequest) for ded- and general-ded-ciphering APDUs. */
  dedicatedKey?: Uint8Array;
  /** Master key (KEK) for general-ciphering with a wrapped-key. */
  kek?: Uint8Array;
  /** Key agreed by ECDH (see ecdh.ts) for general-ciphering with an agreed-key. */
  agreedKey?: Uint8Array;
  /** The sender's system title, needed for service-specific envelopes that carry none. */
  systemTitle?: Uint8Array;
}

export interface OpenedApdu {
  plaintext: Uint8Array;
  securityControl: number;
  invocationCounter: number;
  /** The system title that formed the IV. */
  systemTitle: Uint8Array;
  /** Which key opened it, in words ("global unicast encryption key", ...): never the key itself. */
  key: string;
}

type KeyChoice = { key: Uint8Array; name: string };

function need(k: Uint8Array | undefined, name: string, what: string, at: ErrorSite): KeyChoice {
  if (k === undefined) fail('NO_KEY', `no ${name} to open ${what}`, at);
  return { key: k, name };
}

function globalKey(sc: number, keys: CipheringKeys, what: string, at: ErrorSite): KeyChoice {
  return parseSecurityControl(sc).broadcastKey
    ? need(keys.broadcastEk, 'global broadcast encryption key', what, at)
    : need(keys.ek, 'global unicast encryption key', what, at);
}

function generalCipheringKey(keyInfo: KeyInfo | undefined, sc: number, keys: CipheringKeys, at: ErrorSite): KeyChoice {
  const what = 'general-ciphering';
  if (keyInfo === undefined) return globalKey(sc, keys, what, at);
  switch (keyInfo.type) {
    case 'identified-key':
      if (keyInfo.keyId === 0) return need(keys.ek, 'global unicast encryption key', what, at);
      if (keyInfo.keyId === 1) return need(keys.broadcastEk, 'global broadcast encryption key', what, at);
      return fail('BAD_VALUE', `key-id ${keyInfo.keyId} is not defined`, at);
    case 'wrapped-key': {
      const kek = need(keys.kek, 'master key (KEK)', what, at).key;
      return { key: unwrapKey(kek, keyInfo.keyCipheredData, at), name: 'wrapped key' };
    }
    case 'agreed-key':
      return need(keys.agreedKey, 'agreed key', what, at);
    default:
      return assertNever(keyInfo, 'key-info');
  }
}

/** The general-ciphering header fields as they enter the AAD with suites 1 and 2 (each with its length). */
export function generalCipheringAad(h: GeneralHeader): Uint8Array {
  return build((w) =>
    w.withLength(h.transactionId).withLength(h.originatorSystemTitle).withLength(h.recipientSystemTitle).withLength(h.dateTime).withLength(h.otherInformation),
  );
}

interface Plan {
  content: SecuredContent;
  key: KeyChoice;
  systemTitle: Uint8Array;
  aadSuffix?: Uint8Array;
}

function plan(c: CipheredApdu, keys: CipheringKeys, at: ErrorSite): Plan {
  const what = cipheredApduName(c);
  switch (c.type) {
    case 'service-specific': {
      const st = keys.systemTitle ?? fail('NO_KEY', `no sender system title to open ${what}`, at);
      const key = serviceSpecificKey(c.tag) === 'dedicated' ? need(keys.dedicatedKey, 'dedicated key', what, at) : globalKey(c.content.securityControl, keys, what, at);
      return { content: c.content, key, systemTitle: st };
    }
    case 'general-glo-ciphering':
      return { content: c.content, key: globalKey(c.content.securityControl, keys, what, at), systemTitle: c.systemTitle };
    case 'general-ded-ciphering':
      return { content: c.content, key: need(keys.dedicatedKey, 'dedicated key', what, at), systemTitle: c.systemTitle };
    case 'general-ciphering': {
      const p: Plan = { content: c.content, key: generalCipheringKey(c.keyInfo, c.content.securityControl, keys, at), systemTitle: c.originatorSystemTitle };
      if ((c.content.securityControl & 0x0f) !== 0) p.aadSuffix = generalCipheringAad(c);
      return p;
    }
    case 'general-signing':
      return fail('UNSUPPORTED', 'general-signing carries a signature, not ciphered content', at);
    default:
      return assertNever(c, 'ciphered APDU');
  }
}

/** Opens any ciphered envelope with the keys it names. Throws DlmsDecodeError (NO_KEY, AUTH_FAILED, ...). */
export function openCipheredApdu(c: CipheredApdu, keys: CipheringKeys, at: ErrorSite = {}): OpenedApdu {
  const p = plan(c, keys, at);
  const { securityControl, invocationCounter, information, authenticationTag } = p.content;
  const params: GcmParams & { cipheredContent: Uint8Array } = {
    securityControl,
    invocationCounter,
    systemTitle: p.systemTitle,
    ek: p.key.key,
    cipheredContent: authenticationTag ? concat(information, authenticationTag) : information,
  };
  if (keys.ak !== undefined) params.ak = keys.ak;
  if (p.aadSuffix !== undefined) params.aadSuffix = p.aadSuffix;
  const plaintext = unprotect(params, at);
  return { plaintext, securityControl, invocationCounter, systemTitle: p.systemTitle, key: p.key.name };
}

/** What to seal: the envelope form without its content (the content is computed). */
export type SealTarget =
  | { type: 'service-specific'; tag: ServiceSpecificTag }
  | { type: 'general-glo-ciphering' }
  | { type: 'general-ded-ciphering' }
  | ({ type: 'general-ciphering'; keyInfo?: KeyInfo } & GeneralHeader);

/**
 * Protects `plaintext` and builds the whole envelope. `systemTitle` is our own (the sender's);
 * general-glo/ded-ciphering carry it, general-ciphering carries its own originator title.
 */
export function sealApdu(args: {
  target: SealTarget;
  securityControl: number;
  invocationCounter: number;
  systemTitle: Uint8Array;
  keys: CipheringKeys;
  plaintext: Uint8Array;
}): { apdu: CipheredApdu; bytes: Uint8Array } {
  const { target, securityControl, invocationCounter, keys } = args;
  const shell: CipheredApdu = (() => {
    const content: SecuredContent = { securityControl, invocationCounter, information: new Uint8Array(0) };
    switch (target.type) {
      case 'service-specific':
        return { type: 'service-specific', tag: target.tag, content };
      case 'general-glo-ciphering':
      case 'general-ded-ciphering':
        return { type: target.type, systemTitle: args.systemTitle, content };
      case 'general-ciphering':
        return { ...target, content };
      default:
        return assertNever(target, 'seal target');
    }
  })();
  const p = plan(shell, { ...keys, systemTitle: args.systemTitle }, {});
  const gp: GcmParams & { plaintext: Uint8Array } = { securityControl, invocationCounter, systemTitle: p.systemTitle, ek: p.key.key, plaintext: args.plaintext };
  if (keys.ak !== undefined) gp.ak = keys.ak;
  if (p.aadSuffix !== undefined) gp.aadSuffix = p.aadSuffix;
  const body = protect(gp);
  const authenticated = (securityControl & SC_AUTHENTICATION) !== 0;
  p.content.information = authenticated ? body.slice(0, body.length - AUTH_TAG_LENGTH) : body;
  if (authenticated) p.content.authenticationTag = body.slice(body.length - AUTH_TAG_LENGTH);
  return { apdu: shell, bytes: build((w) => encodeCipheredApdu(w, shell)) };
}
