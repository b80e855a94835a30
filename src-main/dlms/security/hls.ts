// HLS authentication, passes 3 and 4 (Green Book 9.2.2.2.2 "High level security
// authentication" and 9.2.3.4 "HLS authentication mechanisms").
//
//   pass 1  AARQ  client → server  CtoS (calling-authentication-value)
//   pass 2  AARE  server → client  StoC (responding-authentication-value)
//   pass 3  client: reply_to_HLS_authentication( f(StoC) )   server checks it
//   pass 4  server: the method's return value f(CtoS)        client checks it
//
//   mechanism  f(StoC) by the client                          f(CtoS) by the server
//   2 HLS      manufacturer specific (registry below)
//   3 MD5      MD5(StoC || HLS-secret)                        MD5(CtoS || HLS-secret)
//   4 SHA-1    SHA-1(StoC || HLS-secret)                      SHA-1(CtoS || HLS-secret)
//   5 GMAC     SC || IC || GMAC(SC || AK || StoC)             SC || IC || GMAC(SC || AK || CtoS)
//              IV = ST-C || IC (client's title and counter)   IV = ST-S || IC
//   6 SHA-256  SHA-256(secret || ST-C || ST-S || StoC || CtoS) SHA-256(secret || ST-S || ST-C || CtoS || StoC)
//   7 ECDSA    ECDSA(ST-C || ST-S || StoC || CtoS)            ECDSA(ST-S || ST-C || CtoS || StoC)
//              P-256/SHA-256 (suite 1), P-384/SHA-384 (suite 2), signature r || s
// Put generally: a party answers the challenge it received, with its own title first and the
// received challenge before its own (order checked against Gurux's GXDLMSAssociationLogicalName).
//
// Challenges are the caller's (no randomness here). Secrets and keys never enter error messages.

import { createECDH, createHash, createPublicKey, createPrivateKey, sign, verify, type KeyObject } from 'node:crypto';
import { assertNever, DlmsDecodeError } from '../errors';
import { ByteReader } from '../codec/byte-reader';
import { build } from '../codec/byte-writer';
import { AUTH_TAG_LENGTH } from './envelope';
import { protect } from './gcm';
import { SC_AUTHENTICATION } from './security-control';

/** Authentication mechanism ids (the last arc of 2.16.756.5.8.2.x, Green Book 9.4.2.2.2). */
export const AUTHENTICATION_MECHANISMS = {
  0: 'lowest-level-security',
  1: 'low-level-security',
  2: 'high-level-security',
  3: 'high-level-security-md5',
  4: 'high-level-security-sha1',
  5: 'high-level-security-gmac',
  6: 'high-level-security-sha256',
  7: 'high-level-security-ecdsa',
} as const;

export type HlsMechanism = 2 | 3 | 4 | 5 | 6 | 7;
export type HlsRole = 'client' | 'server';

/** Both challenges and the role of the party whose f() this is (the responder). */
export interface HlsChallenges {
  /** 'client': pass 3, f(StoC); 'server': pass 4, f(CtoS). */
  role: HlsRole;
  ctos: Uint8Array;
  stoc: Uint8Array;
}

/** Manufacturer-specific HLS (mechanism 2): what a plug-in receives. */
export interface ManufacturerHlsInput {
  role: HlsRole;
  /** The challenge being answered (StoC for the client, CtoS for the server). */
  challenge: Uint8Array;
  /** The responder's own challenge. */
  ownChallenge: Uint8Array;
  secret: Uint8Array;
}
export type ManufacturerHlsFunction = (input: ManufacturerHlsInput) => Uint8Array;

/** A pluggable set of mechanism-2 functions, by name (e.g. a vendor's). */
export class ManufacturerHlsRegistry {
  private readonly fns = new Map<string, ManufacturerHlsFunction>();
  register(name: string, fn: ManufacturerHlsFunction): this {
    this.fns.set(name, fn);
    return this;
  }
  get(name: string): ManufacturerHlsFunction | undefined {
    return this.fns.get(name);
  }
  names(): string[] {
    return [...this.fns.keys()];
  }
}

/** The default registry (empty: manufacturer functions are registered by whoever knows them). */
export const manufacturerHls = new ManufacturerHlsRegistry();

/** A private or public EC key: a KeyObject, or raw bytes (scalar d; public X||Y or 04||X||Y). */
export type EcKey = KeyObject | Uint8Array;
export type EcdsaSuite = 1 | 2;

interface SecretParams extends HlsChallenges {
  secret: Uint8Array;
}
interface TitlesParams extends HlsChallenges {
  clientSystemTitle: Uint8Array;
  serverSystemTitle: Uint8Array;
}

export interface HlsComputeParams {
  2: SecretParams & { manufacturer: string; registry?: ManufacturerHlsRegistry };
  3: SecretParams;
  4: SecretParams;
  /** systemTitle and invocationCounter are the responder's own; suite 0/1 (AES-128) or 2 (AES-256). */
  5: HlsChallenges & { systemTitle: Uint8Array; invocationCounter: number; ek: Uint8Array; ak: Uint8Array; suite?: 0 | 1 | 2 };
  6: SecretParams & TitlesParams;
  7: TitlesParams & { privateKey: EcKey; suite: EcdsaSuite };
}

export interface HlsVerifyParams {
  2: HlsComputeParams[2];
  3: HlsComputeParams[3];
  4: HlsComputeParams[4];
  /** systemTitle is the responder's; SC and IC are read from the response itself. */
  5: HlsChallenges & { systemTitle: Uint8Array; ek: Uint8Array; ak: Uint8Array };
  6: HlsComputeParams[6];
  7: TitlesParams & { publicKey: EcKey; suite: EcdsaSuite };
}

function fail(code: 'UNSUPPORTED' | 'BAD_VALUE', message: string): never {
  throw new DlmsDecodeError(code, message, 0, 'HLS');
}

const concat = (...parts: Uint8Array[]): Uint8Array => build((w) => parts.forEach((p) => w.bytes(p)));
const digest = (alg: string, data: Uint8Array): Uint8Array => new Uint8Array(createHash(alg).update(data).digest());
const answered = (p: HlsChallenges): Uint8Array => (p.role === 'client' ? p.stoc : p.ctos);
const own = (p: HlsChallenges): Uint8Array => (p.role === 'client' ? p.ctos : p.stoc);

/** The bytes hashed (mechanism 6, after the secret) or signed (mechanism 7) by the responder. */
export function hlsTitlesAndChallenges(p: TitlesParams): Uint8Array {
  return p.role === 'client'
    ? concat(p.clientSystemTitle, p.serverSystemTitle, p.stoc, p.ctos)
    : concat(p.serverSystemTitle, p.clientSystemTitle, p.ctos, p.stoc);
}

// --- mechanism 5 -----------------------------------------------------------------------------

/** SC || IC || GMAC tag: the HLS-GMAC answer (the tag over SC || AK || challenge, no plaintext). */
function gmacResponse(p: HlsComputeParams[5]): Uint8Array {
  const sc = SC_AUTHENTICATION | (p.suite ?? 0);
  const body = protect({ securityControl: sc, systemTitle: p.systemTitle, invocationCounter: p.invocationCounter, ek: p.ek, ak: p.ak, plaintext: answered(p) });
  const tag = body.subarray(body.length - AUTH_TAG_LENGTH);
  return build((w) => w.u8(sc).u32(p.invocationCounter).bytes(tag));
}

/** Splits an HLS-GMAC answer into SC, IC and tag (DlmsDecodeError if it is not 17 bytes). */
export function decodeGmacResponse(bytes: Uint8Array): { securityControl: number; invocationCounter: number; tag: Uint8Array } {
  const r = ByteReader.from(bytes);
  const securityControl = r.node('security-control', () => r.u8());
  const invocationCounter = r.node('invocation-counter', () => r.u32());
  const tag = r.node('authentication-tag', () => r.take(AUTH_TAG_LENGTH));
  r.expectEnd('HLS-GMAC response');
  return { securityControl, invocationCounter, tag };
}

// --- mechanism 7 -----------------------------------------------------------------------------

const CURVES = {
  1: { jwk: 'P-256', openssl: 'prime256v1', hash: 'sha256', size: 32 },
  2: { jwk: 'P-384', openssl: 'secp384r1', hash: 'sha384', size: 48 },
} as const;

const b64url = (b: Uint8Array): string => Buffer.from(b).toString('base64url');

function publicPoint(raw: Uint8Array, size: number): { x: Uint8Array; y: Uint8Array } {
  const body = raw.length === 2 * size + 1 && raw[0] === 0x04 ? raw.subarray(1) : raw;
  if (body.length !== 2 * size) fail('BAD_VALUE', `public key must be ${2 * size} bytes X||Y (or 04||X||Y), got ${raw.length}`);
  return { x: body.subarray(0, size), y: body.subarray(size) };
}

export function ecPublicKey(key: EcKey, suite: EcdsaSuite): KeyObject {
  if (!(key instanceof Uint8Array)) return key;
  const c = CURVES[suite];
  const { x, y } = publicPoint(key, c.size);
  return asKeyObject(() => createPublicKey({ key: { kty: 'EC', crv: c.jwk, x: b64url(x), y: b64url(y) }, format: 'jwk' }), `a point on ${c.jwk}`);
}

/** Key bytes from a peer are input: node's own errors become BAD_VALUE (without the key). */
function asKeyObject(fn: () => KeyObject, what: string): KeyObject {
  try {
    return fn();
  } catch {
    return fail('BAD_VALUE', `key is not ${what}`);
  }
}

export function ecPrivateKey(key: EcKey, suite: EcdsaSuite): KeyObject {
  if (!(key instanceof Uint8Array)) return key;
  const c = CURVES[suite];
  if (key.length !== c.size) fail('BAD_VALUE', `private key must be ${c.size} bytes for suite ${suite}, got ${key.length}`);
  return asKeyObject(() => {
    const ecdh = createECDH(c.openssl);
    ecdh.setPrivateKey(key);
    const { x, y } = publicPoint(new Uint8Array(ecdh.getPublicKey()), c.size);
    return createPrivateKey({ key: { kty: 'EC', crv: c.jwk, x: b64url(x), y: b64url(y), d: b64url(key) }, format: 'jwk' });
  }, `a ${c.jwk} private scalar`);
}

function ecdsaSign(p: HlsComputeParams[7]): Uint8Array {
  const c = CURVES[p.suite];
  return new Uint8Array(sign(c.hash, hlsTitlesAndChallenges(p), { key: ecPrivateKey(p.privateKey, p.suite), dsaEncoding: 'ieee-p1363' }));
}

function ecdsaVerify(p: HlsVerifyParams[7], signature: Uint8Array): boolean {
  const c = CURVES[p.suite];
  if (signature.length !== 2 * c.size) return false;
  return verify(c.hash, hlsTitlesAndChallenges(p), { key: ecPublicKey(p.publicKey, p.suite), dsaEncoding: 'ieee-p1363' }, signature);
}

// --- the two entry points ----------------------------------------------------------------------

function manufacturer(p: HlsComputeParams[2]): Uint8Array {
  const fn = (p.registry ?? manufacturerHls).get(p.manufacturer);
  if (fn === undefined) fail('UNSUPPORTED', `no manufacturer-specific HLS function named "${p.manufacturer}"`);
  return fn({ role: p.role, challenge: answered(p), ownChallenge: own(p), secret: p.secret });
}

/** The responder's f(challenge): pass 3 for role 'client', pass 4 for role 'server'. */
export function computeHlsResponse<M extends HlsMechanism>(mechanism: M, params: HlsComputeParams[M]): Uint8Array {
  const m = mechanism as HlsMechanism;
  switch (m) {
    case 2:
      return manufacturer(params as HlsComputeParams[2]);
    case 3: {
      const p = params as HlsComputeParams[3];
      return digest('md5', concat(answered(p), p.secret));
    }
    case 4: {
      const p = params as HlsComputeParams[4];
      return digest('sha1', concat(answered(p), p.secret));
    }
    case 5:
      return gmacResponse(params as HlsComputeParams[5]);
    case 6: {
      const p = params as HlsComputeParams[6];
      return digest('sha256', concat(p.secret, hlsTitlesAndChallenges(p)));
    }
    case 7:
      return ecdsaSign(params as HlsComputeParams[7]);
    default:
      return assertNever(m, 'HLS mechanism');
  }
}

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}

/**
 * Checks the peer's f(challenge). `params.role` is the role of the party that produced
 * `response`. Returns false for a wrong or malformed response; throws only for missing
 * plug-ins or unusable keys (DlmsDecodeError).
 */
export function verifyHlsResponse<M extends HlsMechanism>(mechanism: M, params: HlsVerifyParams[M], response: Uint8Array): boolean {
  const m = mechanism as HlsMechanism;
  switch (m) {
    case 2:
    case 3:
    case 4:
    case 6:
      return constantTimeEqual(computeHlsResponse(m, params as HlsComputeParams[typeof m]), response);
    case 5: {
      const p = params as HlsVerifyParams[5];
      if (response.length !== 5 + AUTH_TAG_LENGTH) return false;
      const { securityControl, invocationCounter } = decodeGmacResponse(response);
      const suite = securityControl & 0x0f;
      if ((securityControl & 0xf0) !== SC_AUTHENTICATION || suite > 2) return false;
      try {
        return constantTimeEqual(gmacResponse({ ...p, invocationCounter, suite: suite as 0 | 1 | 2 }), response);
      } catch (e) {
        // a suite whose key size does not fit our key: the response cannot be ours to accept
        if (e instanceof DlmsDecodeError && e.code === 'BAD_VALUE') return false;
        throw e;
      }
    }
    case 7:
      return ecdsaVerify(params as HlsVerifyParams[7], response);
    default:
      return assertNever(m, 'HLS mechanism');
  }
}
