import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ByteReader } from '../../../src-main/dlms/codec/byte-reader';
import { DlmsDecodeError } from '../../../src-main/dlms/errors';
import {
  decodeCipheredApdu,
  decodeCipheredApduBytes,
  type CipheredApdu,
  type ServiceSpecificTag as SealTargetTag,
} from '../../../src-main/dlms/security/envelope';
import {
  decryptUnverified,
  openCipheredApdu,
  protect,
  sealApdu,
  unprotect,
  type CipheringKeys,
  type SealTarget,
} from '../../../src-main/dlms/security/gcm';
import { fromHex, toHex } from '../../../src-shared/hex';
import { corpusVector, loadCorpus, seedVector, type CorpusVector } from '../../support/vectors';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof DlmsDecodeError) return e.code;
    throw e;
  }
  return undefined;
}

const key = (v: CorpusVector, name: string): Uint8Array => {
  const h = v.keys?.[name];
  if (h === undefined) throw new Error(`${v.id} has no key ${name}`);
  return fromHex(h);
};

/** Params of a corpus vector (IV split into system title and invocation counter as stated). */
function paramsOf(v: CorpusVector) {
  const iv = key(v, 'iv');
  return {
    securityControl: parseInt(v.keys!.security_control!, 16),
    systemTitle: iv.subarray(0, 8),
    invocationCounter: new DataView(iv.buffer, iv.byteOffset + 8, 4).getUint32(0),
    ek: key(v, 'ek'),
    ...(v.keys?.ak ? { ak: key(v, 'ak') } : {}),
  };
}

describe('corpus: protect recomputes the stated ciphered content', () => {
  // vectors stating plaintext -> expect (ciphertext||tag, plaintext||tag, or ciphertext)
  for (const id of ['glo-get-request-sc20', 'glo-get-request-sc10', 'glo-initiate-request', 'aes-gcm-tool-example']) {
    it(id, () => {
      const v = corpusVector(id);
      const p = paramsOf(v);
      // the stated IV is the stated system title || invocation counter
      if (v.keys?.system_title) expect(toHex(p.systemTitle)).toBe(v.keys.system_title);
      if (v.keys?.invocation_counter) expect(p.invocationCounter).toBe(parseInt(v.keys.invocation_counter, 16));
      const out = protect({ ...p, plaintext: fromHex(v.plaintext!) });
      expect(toHex(out)).toBe(v.expect);
      expect(toHex(unprotect({ ...p, cipheredContent: out }))).toBe(v.plaintext);
    });
  }

  it('aes-gcm-tool-example: the 12-byte tag is the head of the stated 16-byte GCM tag', () => {
    const v = corpusVector('aes-gcm-tool-example');
    const out = protect({ ...paramsOf(v), plaintext: fromHex(v.plaintext!) });
    expect(v.expect_full_16byte_tag!.startsWith(toHex(out.subarray(out.length - 12)))).toBe(true);
  });

  it('aes-gcm-raw-decrypt-dummykey: unprotect the raw body with the stated IV', () => {
    const v = corpusVector('aes-gcm-raw-decrypt-dummykey');
    expect(toHex(unprotect({ ...paramsOf(v), cipheredContent: fromHex(v.hex) }))).toBe(v.expect);
  });
});

describe('corpus: envelopes open to the stated plaintext and seal back byte-exact', () => {
  const openable = loadCorpus().filter((v) => v.category === 'ciphering' && v.keys?.ek !== undefined && v.plaintext !== undefined && v.verified === true && v.checks.some((c) => c.startsWith('APDU parses exactly')));

  it('covers the keyed envelopes', () => expect(openable.map((v) => v.id)).toEqual(expect.arrayContaining(['glo-initiate-response-in-rlre', 'general-glo-ciphering-data-notification', 'gbt-lg-e570-gdgc-reassembled'])));

  for (const v of openable) {
    it(v.id, () => {
      const bytes = fromHex(v.hex);
      const c = decodeCipheredApduBytes(ByteReader.from(bytes));
      const p = paramsOf(v);
      const keys: CipheringKeys = { ek: p.ek, systemTitle: p.systemTitle, ...(p.ak ? { ak: p.ak } : {}) };
      const opened = openCipheredApdu(c, keys);
      expect(toHex(opened.plaintext)).toBe(v.plaintext);
      expect(toHex(opened.systemTitle)).toBe(v.keys!.system_title);
      expect(opened.key).toBe('global unicast encryption key');
      const target: SealTarget = c.type === 'service-specific' ? { type: 'service-specific', tag: c.tag as SealTargetTag } : { type: 'general-glo-ciphering' };
      const sealed = sealApdu({ target, securityControl: p.securityControl, invocationCounter: p.invocationCounter, systemTitle: p.systemTitle, keys, plaintext: opened.plaintext });
      expect(toHex(sealed.bytes)).toBe(v.hex);
    });
  }

  it('gbt-lg-e450-gdgc-reassembled: counter-mode decryption without the unknown AK; a guessed AK fails the tag', () => {
    const v = corpusVector('gbt-lg-e450-gdgc-reassembled');
    const c = decodeCipheredApduBytes(ByteReader.from(fromHex(v.hex)));
    if (c.type !== 'general-glo-ciphering') throw new Error(c.type);
    const p = paramsOf(v);
    const plain = decryptUnverified({ ...p, information: c.content.information });
    expect(toHex(plain)).toBe(v.plaintext);
    expect(codeOf(() => openCipheredApdu(c, { ek: p.ek, ak: p.ek }))).toBe('AUTH_FAILED');
    expect(codeOf(() => openCipheredApdu(c, { ek: p.ek }))).toBe('NO_KEY');
  });
});

describe('seed traces: glo-initiate-request inside the AARQ user-information', () => {
  for (const id of ['client-aarq-wrapped-sn-ciphered-mech2', 'client-aarq-wrapped-sn-ciphered-gmac']) {
    it(`${id}: recomputes the authentication tag`, () => {
      const v = seedVector(id);
      const crypto = v.crypto as Record<string, string | number>;
      const bytes = fromHex(v.hex);
      let at = -1;
      for (let i = 0; i + 1 < bytes.length; i++) {
        if (bytes[i] === 0x21 && bytes[i + 1] === 0x1f) {
          at = i;
          break;
        }
      }
      expect(at).toBeGreaterThan(0);
      // it is the user-information's last element: tag, length 0x1F, then exactly 31 bytes to the end
      expect(at + 2 + 0x1f).toBe(bytes.length);
      const r = new ByteReader(bytes, at);
      const c: CipheredApdu = decodeCipheredApdu(r);
      r.expectEnd();
      if (c.type !== 'service-specific') throw new Error(c.type);
      expect(c.content.securityControl).toBe(parseInt(String(crypto.securityControl), 16));
      expect(c.content.invocationCounter).toBe(crypto.invocationCounter);
      expect(toHex(c.content.information)).toBe(String(crypto.plaintext).toUpperCase());
      const keys: CipheringKeys = { ek: fromHex(String(crypto.ek)), ak: fromHex(String(crypto.ak)), systemTitle: fromHex(String(crypto.systemTitle)) };
      const recomputed = protect({
        securityControl: c.content.securityControl,
        systemTitle: keys.systemTitle!,
        invocationCounter: c.content.invocationCounter,
        ek: keys.ek!,
        ak: keys.ak!,
        plaintext: fromHex(String(crypto.plaintext)),
      });
      expect(toHex(recomputed.subarray(recomputed.length - 12))).toBe(String(crypto.expectTag).toUpperCase());
      expect(toHex(openCipheredApdu(c, keys).plaintext)).toBe(String(crypto.plaintext).toUpperCase());
    });
  }

  it('the mech-2 trace does not verify under the gmac trace system title (the IV matters)', () => {
    const v = seedVector('client-aarq-wrapped-sn-ciphered-mech2');
    const other = seedVector('client-aarq-wrapped-sn-ciphered-gmac').crypto as Record<string, string>;
    const bytes = fromHex(v.hex);
    const c = decodeCipheredApdu(new ByteReader(bytes, bytes.length - 0x21));
    expect(codeOf(() => openCipheredApdu(c, { ek: fromHex(other.ek!), ak: fromHex(other.ak!), systemTitle: fromHex(other.systemTitle!) }))).toBe('AUTH_FAILED');
  });
});

describe('tampering and missing keys', () => {
  const v = corpusVector('glo-initiate-request');
  const c = decodeCipheredApduBytes(ByteReader.from(fromHex(v.hex)));
  const p = paramsOf(v);
  const keys: CipheringKeys = { ek: p.ek, ak: p.ak!, systemTitle: p.systemTitle };

  it('a flipped tag bit is AUTH_FAILED', () => {
    if (c.type !== 'service-specific') throw new Error(c.type);
    const tag = c.content.authenticationTag!.slice();
    tag[11] = tag[11]! ^ 0x01;
    expect(codeOf(() => openCipheredApdu({ ...c, content: { ...c.content, authenticationTag: tag } }, keys))).toBe('AUTH_FAILED');
  });
  it('a wrong AK is AUTH_FAILED and the message holds no key bytes', () => {
    const wrong = { ...keys, ak: fromHex('00'.repeat(16)) };
    let msg = '';
    try {
      openCipheredApdu(c, wrong);
    } catch (e) {
      msg = (e as Error).message;
      expect((e as DlmsDecodeError).code).toBe('AUTH_FAILED');
    }
    for (const k of [keys.ek!, keys.ak!]) expect(msg.toUpperCase()).not.toContain(toHex(k));
  });
  it('missing keys and titles are NO_KEY', () => {
    expect(codeOf(() => openCipheredApdu(c, { ek: p.ek, ak: p.ak! }))).toBe('NO_KEY');
    expect(codeOf(() => openCipheredApdu(c, { ak: p.ak!, systemTitle: p.systemTitle }))).toBe('NO_KEY');
    expect(codeOf(() => openCipheredApdu(c, { ek: p.ek, systemTitle: p.systemTitle }))).toBe('NO_KEY');
    // ded- envelopes need the dedicated key, not the global one
    if (c.type !== 'service-specific') throw new Error(c.type);
    expect(codeOf(() => openCipheredApdu({ ...c, tag: 0x41 }, keys))).toBe('NO_KEY');
  });
  it('a key of the wrong size for the suite is BAD_VALUE', () => {
    expect(codeOf(() => protect({ ...p, ek: new Uint8Array(32), plaintext: new Uint8Array(3) }))).toBe('BAD_VALUE');
    expect(codeOf(() => protect({ ...p, securityControl: 0x32, plaintext: new Uint8Array(3) }))).toBe('BAD_VALUE');
    expect(codeOf(() => protect({ ...p, securityControl: 0x33, ek: new Uint8Array(16), plaintext: new Uint8Array(3) }))).toBe('UNSUPPORTED');
  });
});

describe('properties', () => {
  const sc = fc
    .record({ ae: fc.constantFrom(0x10, 0x20, 0x30), suite: fc.constantFrom(0, 1, 2), broadcast: fc.boolean() })
    .map(({ ae, suite, broadcast }) => ae | suite | (broadcast ? 0x40 : 0));
  const params = sc.chain((securityControl) =>
    fc.record({
      securityControl: fc.constant(securityControl),
      systemTitle: fc.uint8Array({ minLength: 8, maxLength: 8 }),
      invocationCounter: fc.integer({ min: 0, max: 0xffffffff }),
      ek: fc.uint8Array({ minLength: (securityControl & 0x0f) === 2 ? 32 : 16, maxLength: (securityControl & 0x0f) === 2 ? 32 : 16 }),
      ak: fc.uint8Array({ minLength: 16, maxLength: 32 }),
      plaintext: fc.uint8Array({ maxLength: 200 }),
    }),
  );

  it('unprotect(protect(x)) == x for every SC combination and suite', () => {
    fc.assert(
      fc.property(params, (p) => {
        const body = protect(p);
        const tagLen = (p.securityControl & 0x10) !== 0 ? 12 : 0;
        expect(body.length).toBe(p.plaintext.length + tagLen);
        if ((p.securityControl & 0x30) === 0x10) expect(toHex(body.subarray(0, p.plaintext.length))).toBe(toHex(p.plaintext));
        expect(toHex(unprotect({ ...p, cipheredContent: body }))).toBe(toHex(p.plaintext));
      }),
      { numRuns: 300 },
    );
  });

  it('any flipped bit of an authenticated body is AUTH_FAILED', () => {
    const authenticated = params.filter((p) => (p.securityControl & 0x10) !== 0);
    fc.assert(
      fc.property(authenticated, fc.nat(), fc.integer({ min: 0, max: 7 }), (p, pos, bit) => {
        const body = protect(p).slice();
        body[pos % body.length] = body[pos % body.length]! ^ (1 << bit);
        expect(codeOf(() => unprotect({ ...p, cipheredContent: body }))).toBe('AUTH_FAILED');
      }),
      { numRuns: 200 },
    );
  });

  it('sealApdu then openCipheredApdu returns the plaintext for every envelope form', () => {
    const target: fc.Arbitrary<SealTarget> = fc.oneof(
      fc.constantFrom(0xc8, 0xcc, 0x21, 0x28, 0xdb).map((t) => (t === 0xdb ? { type: 'general-glo-ciphering' as const } : { type: 'service-specific' as const, tag: t as SealTargetTag })),
      fc.constant({ type: 'general-ded-ciphering' as const }),
      fc.record({ t: fc.uint8Array({ minLength: 8, maxLength: 8 }), r: fc.uint8Array({ minLength: 8, maxLength: 8 }) }).map(({ t, r }) => ({
        type: 'general-ciphering' as const,
        transactionId: t,
        originatorSystemTitle: fromHex('4D4D4D0000BC614E'),
        recipientSystemTitle: r,
        dateTime: new Uint8Array(0),
        otherInformation: new Uint8Array(0),
        keyInfo: { type: 'identified-key' as const, keyId: 0 },
      })),
    );
    fc.assert(
      fc.property(params, target, (p, t) => {
        const keys: CipheringKeys = { ek: p.ek, broadcastEk: p.ek, ak: p.ak, dedicatedKey: p.ek };
        const st = t.type === 'general-ciphering' ? t.originatorSystemTitle : p.systemTitle;
        const sealed = sealApdu({ target: t, securityControl: p.securityControl, invocationCounter: p.invocationCounter, systemTitle: st, keys, plaintext: p.plaintext });
        const back = decodeCipheredApduBytes(ByteReader.from(sealed.bytes));
        const opened = openCipheredApdu(back, { ...keys, systemTitle: st });
        expect(toHex(opened.plaintext)).toBe(toHex(p.plaintext));
        expect(opened.invocationCounter).toBe(p.invocationCounter);
      }),
      { numRuns: 200 },
    );
  });
});
