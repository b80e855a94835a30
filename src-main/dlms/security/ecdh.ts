// Key agreement for general-ciphering with an agreed-key (Green Book 9.2.3.4.6 "Key agreement"
// and 9.2.7.2.4 key-info), through node:crypto.
//
//   One-Pass Diffie-Hellman C(1e, 1s, ECC CDH)   key-parameters 0x01
//     the originator makes an ephemeral key pair, Z = ECDH(ephemeral private, recipient static public);
//     key-ciphered-data = ephemeral public key (X||Y) || ECDSA signature of it by the originator's
//     static signing key (r||s).
//   Static Unified Model C(0e, 2s, ECC CDH)       key-parameters 0x02
//     Z = ECDH(own static private, peer static public); key-ciphered-data is empty.
//
//   KDF: NIST SP 800-56A single-step concatenation KDF, hash SHA-256 (suite 1) / SHA-384 (suite 2):
//     K = leftmost keydatalen bits of H(counter 00000001 || Z || OtherInfo) (|| H(00000002 ...) ...)
//     OtherInfo = AlgorithmID || PartyUInfo || PartyVInfo   (SuppPubInfo, SuppPrivInfo empty)
//     AlgorithmID = the encoded OID of the block cipher (2.16.756.5.8.3.0 id-aes-gcm-128,
//                   2.16.756.5.8.3.1 id-aes-gcm-256)
//     One-Pass DH:          PartyUInfo = originator system title, PartyVInfo = recipient system title
//     Static Unified Model: PartyUInfo = originator system title,
//                           PartyVInfo = 0x08 || transaction-id (8 bytes) || recipient system title
// (AlgorithmID and the PartyVInfo of the static model as public stacks use them: Gurux's
// GXDLMSChippering; see the report for what remains unverified.)

import { createHash, diffieHellman, sign, verify, type KeyObject } from 'node:crypto';
import { DlmsDecodeError } from '../errors';
import { build } from '../codec/byte-writer';
import { ecPrivateKey, ecPublicKey, type EcdsaSuite, type EcKey } from './hls';

export const KEY_AGREEMENT = { 'one-pass-diffie-hellman': 0x01, 'static-unified-model': 0x02 } as const;

const SUITE = {
  1: { hash: 'sha256', size: 32, keyLength: 16, algorithmId: Uint8Array.of(0x60, 0x85, 0x74, 0x05, 0x08, 0x03, 0x00) },
  2: { hash: 'sha384', size: 48, keyLength: 32, algorithmId: Uint8Array.of(0x60, 0x85, 0x74, 0x05, 0x08, 0x03, 0x01) },
} as const;

function bad(message: string): never {
  throw new DlmsDecodeError('BAD_VALUE', message, 0, 'key-agreement');
}

const concat = (...parts: Uint8Array[]): Uint8Array => build((w) => parts.forEach((p) => w.bytes(p)));

/** NIST SP 800-56A §5.8.1 single-step KDF with a hash: `length` bytes of keying material. */
export function concatKdf(hash: 'sha256' | 'sha384', z: Uint8Array, otherInfo: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let filled = 0;
  for (let counter = 1; filled < length; counter++) {
    const block = createHash(hash)
      .update(build((w) => w.u32(counter)))
      .update(z)
      .update(otherInfo)
      .digest();
    const n = Math.min(block.length, length - filled);
    out.set(block.subarray(0, n), filled);
    filled += n;
  }
  return out;
}

/** Z: the x-coordinate of the ECDH shared point (ECC CDH). */
export function ecdhSharedSecret(privateKey: EcKey, publicKey: EcKey, suite: EcdsaSuite): Uint8Array {
  return new Uint8Array(diffieHellman({ privateKey: ecPrivateKey(privateKey, suite), publicKey: ecPublicKey(publicKey, suite) }));
}

export function onePassOtherInfo(suite: EcdsaSuite, originatorSystemTitle: Uint8Array, recipientSystemTitle: Uint8Array): Uint8Array {
  return concat(SUITE[suite].algorithmId, originatorSystemTitle, recipientSystemTitle);
}

export function staticUnifiedOtherInfo(suite: EcdsaSuite, originatorSystemTitle: Uint8Array, transactionId: Uint8Array, recipientSystemTitle: Uint8Array): Uint8Array {
  if (transactionId.length !== 8) bad(`transaction-id must be 8 bytes, got ${transactionId.length}`);
  return concat(SUITE[suite].algorithmId, originatorSystemTitle, Uint8Array.of(0x08), transactionId, recipientSystemTitle);
}

/** The block cipher key from Z and OtherInfo: 16 bytes for suite 1, 32 for suite 2. */
export function deriveKey(suite: EcdsaSuite, z: Uint8Array, otherInfo: Uint8Array): Uint8Array {
  const s = SUITE[suite];
  return concatKdf(s.hash, z, otherInfo, s.keyLength);
}

/** X||Y of a public key (the form DLMS carries), from a KeyObject or raw bytes. */
export function rawPublicKey(key: EcKey, suite: EcdsaSuite): Uint8Array {
  const jwk = ecPublicKey(key, suite).export({ format: 'jwk' });
  if (jwk.x === undefined || jwk.y === undefined) bad('not an EC public key');
  return concat(new Uint8Array(Buffer.from(jwk.x, 'base64url')), new Uint8Array(Buffer.from(jwk.y, 'base64url')));
}

/** key-ciphered-data of One-Pass DH: ephemeral public key X||Y, then its ECDSA signature r||s. */
export function encodeEphemeralKeyData(suite: EcdsaSuite, ephemeralPublicKey: EcKey, originatorSigningKey: EcKey): Uint8Array {
  const s = SUITE[suite];
  const pub = rawPublicKey(ephemeralPublicKey, suite);
  const signature = new Uint8Array(sign(s.hash, pub, { key: ecPrivateKey(originatorSigningKey, suite), dsaEncoding: 'ieee-p1363' }));
  return concat(pub, signature);
}

export function splitEphemeralKeyData(suite: EcdsaSuite, keyCipheredData: Uint8Array): { ephemeralPublicKey: Uint8Array; signature: Uint8Array } {
  const n = 2 * SUITE[suite].size;
  if (keyCipheredData.length !== 2 * n) bad(`key-ciphered-data must be ${2 * n} bytes for suite ${suite}, got ${keyCipheredData.length}`);
  return { ephemeralPublicKey: keyCipheredData.subarray(0, n), signature: keyCipheredData.subarray(n) };
}

/** Checks the originator's signature over the ephemeral public key. */
export function verifyEphemeralKeyData(suite: EcdsaSuite, keyCipheredData: Uint8Array, originatorVerificationKey: EcKey): boolean {
  const { ephemeralPublicKey, signature } = splitEphemeralKeyData(suite, keyCipheredData);
  return verify(SUITE[suite].hash, ephemeralPublicKey, { key: ecPublicKey(originatorVerificationKey, suite), dsaEncoding: 'ieee-p1363' }, signature);
}

/** Originator side of One-Pass DH: the key to seal with and the key-ciphered-data to send. */
export function onePassOriginate(args: {
  suite: EcdsaSuite;
  ephemeralPrivateKey: KeyObject;
  ephemeralPublicKey: KeyObject;
  originatorSigningKey: EcKey;
  recipientAgreementKey: EcKey;
  originatorSystemTitle: Uint8Array;
  recipientSystemTitle: Uint8Array;
}): { key: Uint8Array; keyCipheredData: Uint8Array } {
  const z = ecdhSharedSecret(args.ephemeralPrivateKey, args.recipientAgreementKey, args.suite);
  return {
    key: deriveKey(args.suite, z, onePassOtherInfo(args.suite, args.originatorSystemTitle, args.recipientSystemTitle)),
    keyCipheredData: encodeEphemeralKeyData(args.suite, args.ephemeralPublicKey, args.originatorSigningKey),
  };
}

/** Recipient side of One-Pass DH: checks the signature (AUTH_FAILED if wrong) and derives the key. */
export function onePassReceive(args: {
  suite: EcdsaSuite;
  keyCipheredData: Uint8Array;
  originatorVerificationKey: EcKey;
  recipientAgreementKey: EcKey;
  originatorSystemTitle: Uint8Array;
  recipientSystemTitle: Uint8Array;
}): Uint8Array {
  if (!verifyEphemeralKeyData(args.suite, args.keyCipheredData, args.originatorVerificationKey)) {
    throw new DlmsDecodeError('AUTH_FAILED', 'signature of the ephemeral public key does not verify', 0, 'key-info.key-ciphered-data');
  }
  const { ephemeralPublicKey } = splitEphemeralKeyData(args.suite, args.keyCipheredData);
  const z = ecdhSharedSecret(args.recipientAgreementKey, ephemeralPublicKey, args.suite);
  return deriveKey(args.suite, z, onePassOtherInfo(args.suite, args.originatorSystemTitle, args.recipientSystemTitle));
}
