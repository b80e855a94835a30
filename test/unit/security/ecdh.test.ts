import { describe, expect, it } from 'vitest';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { ByteReader } from '../../../src-main/dlms/codec/byte-reader';
import { DlmsDecodeError } from '../../../src-main/dlms/errors';
import { decodeCipheredApduBytes } from '../../../src-main/dlms/security/envelope';
import {
  concatKdf,
  deriveKey,
  ecdhSharedSecret,
  onePassOriginate,
  onePassOtherInfo,
  onePassReceive,
  rawPublicKey,
  splitEphemeralKeyData,
  staticUnifiedOtherInfo,
} from '../../../src-main/dlms/security/ecdh';
import { ecPublicKey } from '../../../src-main/dlms/security/hls';
import { openCipheredApdu, sealApdu } from '../../../src-main/dlms/security/gcm';
import { fromHex, toHex } from '../../../src-shared/hex';
import { corpusVector } from '../../support/vectors';

describe('ECDH (ECC CDH)', () => {
  it('RFC 5903 section 8.1 (P-256): Z from i and g^r', () => {
    const i = fromHex('C88F01F510D9AC3F70A292DAA2316DE544E9AAB8AFE84049C62A9C57862D1433');
    const gr = fromHex(
      'D12DFB5289C8D4F81208B70270398C342296970A0BCCB74C736FC7554494BF63' + '56FBF3CA366CC23E8157854C13C58D6AAC23F046ADA30F8353E74F33039872AB',
    );
    expect(toHex(ecdhSharedSecret(i, gr, 1))).toBe('D6840F6B42F6EDAFD13116E0E12565202FEF8E9ECE7DCE03812464D04B9442DE');
  });
});

describe('concatenation KDF (SP 800-56A 5.8.1)', () => {
  const z = fromHex('00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF');
  const info = onePassOtherInfo(1, fromHex('4D4D4D0000BC614E'), fromHex('4D4D4D0000000001'));
  const h = (counter: string) => new Uint8Array(createHash('sha256').update(fromHex(counter)).update(z).update(info).digest());

  it('OtherInfo = AlgorithmID (2.16.756.5.8.3.0) || originator || recipient', () => {
    expect(toHex(info)).toBe('60857405080300' + '4D4D4D0000BC614E' + '4D4D4D0000000001');
    expect(toHex(staticUnifiedOtherInfo(2, fromHex('01'.repeat(8)), fromHex('0102030405060708'), fromHex('02'.repeat(8))))).toBe(
      '60857405080301' + '01'.repeat(8) + '08' + '0102030405060708' + '02'.repeat(8),
    );
  });
  it('is H(00000001 || Z || OtherInfo) truncated, continuing with counter 2', () => {
    expect(toHex(deriveKey(1, z, info))).toBe(toHex(h('00000001').subarray(0, 16)));
    const long = concatKdf('sha256', z, info, 40);
    expect(toHex(long)).toBe(toHex(h('00000001')) + toHex(h('00000002').subarray(0, 8)));
    expect(deriveKey(2, z, info).length).toBe(32);
  });
});

describe('One-Pass Diffie-Hellman C(1e, 1s)', () => {
  for (const [suite, curve] of [
    [1, 'P-256'],
    [2, 'P-384'],
  ] as const) {
    it(`suite ${suite}: both sides agree and a general-ciphering APDU opens with the agreed key`, () => {
      const originatorSigning = generateKeyPairSync('ec', { namedCurve: curve });
      const recipientAgreement = generateKeyPairSync('ec', { namedCurve: curve });
      const ephemeral = generateKeyPairSync('ec', { namedCurve: curve });
      const originatorSystemTitle = fromHex('4D4D4D0000BC614E');
      const recipientSystemTitle = fromHex('4D4D4D0000000001');
      const sent = onePassOriginate({
        suite,
        ephemeralPrivateKey: ephemeral.privateKey,
        ephemeralPublicKey: ephemeral.publicKey,
        originatorSigningKey: originatorSigning.privateKey,
        recipientAgreementKey: recipientAgreement.publicKey,
        originatorSystemTitle,
        recipientSystemTitle,
      });
      expect(sent.key.length).toBe(suite === 1 ? 16 : 32);
      const received = onePassReceive({
        suite,
        keyCipheredData: sent.keyCipheredData,
        originatorVerificationKey: rawPublicKey(originatorSigning.publicKey, suite),
        recipientAgreementKey: recipientAgreement.privateKey,
        originatorSystemTitle,
        recipientSystemTitle,
      });
      expect(toHex(received)).toBe(toHex(sent.key));

      const plaintext = fromHex('C001C100080000010000FF0200');
      const ak = new Uint8Array(suite === 1 ? 16 : 32).fill(0xd0);
      const { bytes } = sealApdu({
        target: {
          type: 'general-ciphering',
          transactionId: fromHex('0102030405060708'),
          originatorSystemTitle,
          recipientSystemTitle,
          dateTime: new Uint8Array(0),
          otherInformation: new Uint8Array(0),
          keyInfo: { type: 'agreed-key', keyParameters: Uint8Array.of(1), keyCipheredData: sent.keyCipheredData },
        },
        securityControl: 0x30 | suite,
        invocationCounter: 0,
        systemTitle: originatorSystemTitle,
        keys: { agreedKey: sent.key, ak },
        plaintext,
      });
      const c = decodeCipheredApduBytes(ByteReader.from(bytes));
      expect(toHex(openCipheredApdu(c, { agreedKey: received, ak }).plaintext)).toBe(toHex(plaintext));

      // a forged ephemeral key (signature no longer matches) is refused
      const forged = sent.keyCipheredData.slice();
      forged[5] = forged[5]! ^ 1;
      let code: string | undefined;
      try {
        onePassReceive({ suite, keyCipheredData: forged, originatorVerificationKey: originatorSigning.publicKey, recipientAgreementKey: recipientAgreement.privateKey, originatorSystemTitle, recipientSystemTitle });
      } catch (e) {
        code = e instanceof DlmsDecodeError ? e.code : 'other';
      }
      expect(code).toBe('AUTH_FAILED');
    });
  }

  it('corpus general-ciphering-ecdh: key-ciphered-data is a P-256 point X||Y and a 64-byte signature', () => {
    const v = corpusVector('general-ciphering-ecdh');
    const c = decodeCipheredApduBytes(ByteReader.from(fromHex(v.hex)));
    if (c.type !== 'general-ciphering' || c.keyInfo?.type !== 'agreed-key') throw new Error('not an agreed-key general-ciphering');
    expect(c.keyInfo.keyParameters[0]).toBe(1); // One-Pass Diffie-Hellman
    const { ephemeralPublicKey, signature } = splitEphemeralKeyData(1, c.keyInfo.keyCipheredData);
    expect(signature.length).toBe(64);
    // node refuses points that are not on the curve: this one is
    expect(toHex(rawPublicKey(ecPublicKey(ephemeralPublicKey, 1), 1))).toBe(toHex(ephemeralPublicKey));
    // and a changed coordinate is not (BAD_VALUE, not a node error)
    const off = ephemeralPublicKey.slice();
    off[63] = off[63]! ^ 1;
    let code: string | undefined;
    try {
      ecPublicKey(off, 1);
    } catch (e) {
      code = e instanceof DlmsDecodeError ? e.code : 'other';
    }
    expect(code).toBe('BAD_VALUE');
  });
});
