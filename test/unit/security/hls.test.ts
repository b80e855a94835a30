import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { generateKeyPairSync, verify as nodeVerify } from 'node:crypto';
import { DlmsDecodeError } from '../../../src-main/dlms/errors';
import {
  computeHlsResponse,
  decodeGmacResponse,
  ManufacturerHlsRegistry,
  verifyHlsResponse,
  type HlsRole,
} from '../../../src-main/dlms/security/hls';
import { protect } from '../../../src-main/dlms/security/gcm';
import { fromHex, toHex } from '../../../src-shared/hex';
import { corpusVector, loadCorpus } from '../../support/vectors';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
const EMPTY = new Uint8Array(0);

describe('mechanism 5 (HLS-GMAC): corpus vectors', () => {
  it('has the hls category', () => expect(loadCorpus().filter((v) => v.category === 'hls').map((v) => v.id)).toHaveLength(4));

  it('hls-gmac-f-stoc: the client answers StoC with its title and counter (pass 3)', () => {
    const v = corpusVector('hls-gmac-f-stoc');
    const k = v.keys!;
    const params = {
      role: 'client' as HlsRole,
      stoc: fromHex(v.hex),
      ctos: fromHex('4B35366956616759'),
      systemTitle: fromHex(k.system_title!),
      invocationCounter: parseInt(k.invocation_counter!, 16),
      ek: fromHex(k.ek!),
      ak: fromHex(k.ak!),
    };
    const f = computeHlsResponse(5, params);
    expect(toHex(f)).toBe(v.expect);
    // the server checks it with the client's title; the IC comes from the response
    expect(verifyHlsResponse(5, { role: 'client', stoc: params.stoc, ctos: params.ctos, systemTitle: params.systemTitle, ek: params.ek, ak: params.ak }, f)).toBe(true);
    expect(decodeGmacResponse(f)).toMatchObject({ securityControl: 0x10, invocationCounter: 1 });
  });

  it('hls-gmac-f-ctos: the server answers CtoS with its title and counter (pass 4)', () => {
    const v = corpusVector('hls-gmac-f-ctos');
    const k = v.keys!;
    const p = {
      role: 'server' as HlsRole,
      ctos: fromHex(v.hex),
      stoc: fromHex('503677524A323146'),
      systemTitle: fromHex(k.system_title!),
      ek: fromHex(k.ek!),
      ak: fromHex(k.ak!),
    };
    const f = computeHlsResponse(5, { ...p, invocationCounter: parseInt(k.invocation_counter!, 16) });
    expect(toHex(f)).toBe(v.expect);
    expect(verifyHlsResponse(5, p, f)).toBe(true);
    // the client title in the IV does not verify the server's answer
    expect(verifyHlsResponse(5, { ...p, systemTitle: fromHex('4D4D4D0000000001') }, f)).toBe(false);
    // nor does the same answer read as the client's (it would cover StoC, not CtoS)
    expect(verifyHlsResponse(5, { ...p, role: 'client' }, f)).toBe(false);
  });

  it('hls-gmac-aad-construction: the stated AAD is SC || AK || StoC and gives the stated tag', () => {
    const v = corpusVector('hls-gmac-aad-construction');
    const aad = fromHex(v.hex);
    const ak = fromHex(v.keys!.ak!);
    expect(aad[0]).toBe(0x10);
    expect(toHex(aad.subarray(1, 17))).toBe(toHex(ak));
    const iv = fromHex(v.keys!.iv!);
    const body = protect({
      securityControl: aad[0]!,
      systemTitle: iv.subarray(0, 8),
      invocationCounter: new DataView(iv.buffer, iv.byteOffset + 8).getUint32(0),
      ek: fromHex(v.keys!.ek!),
      ak,
      plaintext: aad.subarray(17),
    });
    expect(toHex(body.subarray(body.length - 12))).toBe(v.expect);
  });

  it('hls-gmac-tool-auth: tag over the challenge with the tool keys', () => {
    const v = corpusVector('hls-gmac-tool-auth');
    const k = v.keys!;
    const f = computeHlsResponse(5, {
      role: 'client',
      stoc: fromHex(v.hex),
      ctos: EMPTY,
      systemTitle: fromHex(k.system_title!),
      invocationCounter: parseInt(k.invocation_counter!, 16),
      ek: fromHex(k.ek!),
      ak: fromHex(k.ak!),
    });
    expect(toHex(f.subarray(5))).toBe(v.expect);
    expect(toHex(f.subarray(0, 5))).toBe(k.security_control! + k.invocation_counter!);
  });

  it('malformed or tampered GMAC answers are rejected, not thrown', () => {
    const v = corpusVector('hls-gmac-f-ctos');
    const k = v.keys!;
    const p = { role: 'server' as HlsRole, ctos: fromHex(v.hex), stoc: EMPTY, systemTitle: fromHex(k.system_title!), ek: fromHex(k.ek!), ak: fromHex(k.ak!) };
    const good = fromHex(v.expect!);
    expect(verifyHlsResponse(5, p, good.subarray(0, 16))).toBe(false);
    expect(verifyHlsResponse(5, p, Uint8Array.of(0x30, ...good.subarray(1)))).toBe(false);
    expect(verifyHlsResponse(5, p, Uint8Array.of(0x12, ...good.subarray(1)))).toBe(false); // suite 2 needs a 256-bit key
    const flipped = good.slice();
    flipped[16] = flipped[16]! ^ 0x80;
    expect(verifyHlsResponse(5, p, flipped)).toBe(false);
    const otherIc = good.slice();
    otherIc[4] = otherIc[4]! ^ 1;
    expect(verifyHlsResponse(5, p, otherIc)).toBe(false);
  });
});

describe('mechanisms 3, 4, 6: hash over the Green Book order (checked with FIPS/RFC digests)', () => {
  // RFC 1321 / FIPS 180 digests of "abc" and of the 448-bit message
  const MD5_ABC = '900150983CD24FB0D6963F7D28E17F72';
  const SHA1_ABC = 'A9993E364706816ABA3E25717850C26C9CD0D89D';
  const SHA256_ABC = 'BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD';
  const MSG448 = 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq';
  const SHA256_448 = '248D6A61D20638B8E5C026930C3E6039A33CE45964FF2167F6ECEDD419DB06C1';

  it('3 HLS-MD5: MD5(challenge || secret), client answers StoC, server answers CtoS', () => {
    expect(toHex(computeHlsResponse(3, { role: 'client', stoc: ascii('ab'), ctos: ascii('zz'), secret: ascii('c') }))).toBe(MD5_ABC);
    expect(toHex(computeHlsResponse(3, { role: 'server', ctos: ascii('ab'), stoc: ascii('zz'), secret: ascii('c') }))).toBe(MD5_ABC);
  });

  it('4 HLS-SHA1: SHA-1(challenge || secret)', () => {
    expect(toHex(computeHlsResponse(4, { role: 'client', stoc: ascii('a'), ctos: EMPTY, secret: ascii('bc') }))).toBe(SHA1_ABC);
    expect(toHex(computeHlsResponse(4, { role: 'server', ctos: ascii('a'), stoc: EMPTY, secret: ascii('bc') }))).toBe(SHA1_ABC);
  });

  it('6 HLS-SHA256: client SHA-256(secret || ST-C || ST-S || StoC || CtoS)', () => {
    const [p1, p2, p3, p4, p5] = [MSG448.slice(0, 8), MSG448.slice(8, 16), MSG448.slice(16, 24), MSG448.slice(24, 40), MSG448.slice(40)].map(ascii) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array];
    const client = { role: 'client' as HlsRole, secret: p1, clientSystemTitle: p2, serverSystemTitle: p3, stoc: p4, ctos: p5 };
    expect(toHex(computeHlsResponse(6, client))).toBe(SHA256_448);
    // server: SHA-256(secret || ST-S || ST-C || CtoS || StoC)
    const server = { role: 'server' as HlsRole, secret: p1, serverSystemTitle: p2, clientSystemTitle: p3, ctos: p4, stoc: p5 };
    expect(toHex(computeHlsResponse(6, server))).toBe(SHA256_448);
    expect(toHex(computeHlsResponse(6, { role: 'server', secret: ascii('a'), serverSystemTitle: ascii('b'), clientSystemTitle: ascii('c'), ctos: EMPTY, stoc: EMPTY }))).toBe(SHA256_ABC);
    expect(verifyHlsResponse(6, client, fromHex(SHA256_448))).toBe(true);
    expect(verifyHlsResponse(6, { ...client, role: 'server' }, fromHex(SHA256_448))).toBe(false);
  });

  it('verify rejects a wrong secret, a truncated answer and accepts the right one', () => {
    const p = { role: 'client' as HlsRole, stoc: ascii('ab'), ctos: EMPTY, secret: ascii('c') };
    expect(verifyHlsResponse(3, p, fromHex(MD5_ABC))).toBe(true);
    expect(verifyHlsResponse(3, { ...p, secret: ascii('d') }, fromHex(MD5_ABC))).toBe(false);
    expect(verifyHlsResponse(3, p, fromHex(MD5_ABC).subarray(0, 15))).toBe(false);
  });
});

describe('mechanism 2: manufacturer registry', () => {
  it('calls the registered function with the challenge being answered', () => {
    const registry = new ManufacturerHlsRegistry().register('xor', ({ challenge, secret }) => challenge.map((b, i) => b ^ secret[i % secret.length]!));
    const p = { role: 'client' as HlsRole, stoc: Uint8Array.of(0xf0, 0x0f), ctos: Uint8Array.of(1), secret: Uint8Array.of(0xff), manufacturer: 'xor', registry };
    expect(toHex(computeHlsResponse(2, p))).toBe('0FF0');
    expect(toHex(computeHlsResponse(2, { ...p, role: 'server' }))).toBe('FE');
    expect(verifyHlsResponse(2, p, Uint8Array.of(0x0f, 0xf0))).toBe(true);
    expect(registry.names()).toEqual(['xor']);
  });
  it('an unknown name is UNSUPPORTED', () => {
    let err: unknown;
    try {
      computeHlsResponse(2, { role: 'client', stoc: EMPTY, ctos: EMPTY, secret: EMPTY, manufacturer: 'nobody', registry: new ManufacturerHlsRegistry() });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DlmsDecodeError);
    expect((err as DlmsDecodeError).code).toBe('UNSUPPORTED');
  });
});

describe('mechanism 7: HLS-ECDSA', () => {
  const titles = { clientSystemTitle: fromHex('4D4D4D0000000001'), serverSystemTitle: fromHex('4D4D4D0000BC614E') };
  const challenges = { ctos: fromHex('4B35366956616759'), stoc: fromHex('503677524A323146') };

  for (const [suite, curve, hash, size] of [
    [1, 'P-256', 'sha256', 32],
    [2, 'P-384', 'sha384', 48],
  ] as const) {
    it(`suite ${suite}: ${curve}/${hash} sign/verify round trip, both directions`, () => {
      const client = generateKeyPairSync('ec', { namedCurve: curve });
      const server = generateKeyPairSync('ec', { namedCurve: curve });
      const fStoC = computeHlsResponse(7, { role: 'client', ...titles, ...challenges, privateKey: client.privateKey, suite });
      expect(fStoC.length).toBe(2 * size);
      // independent check: node verifies r||s over ST-C || ST-S || StoC || CtoS
      const signed = Uint8Array.of(...titles.clientSystemTitle, ...titles.serverSystemTitle, ...challenges.stoc, ...challenges.ctos);
      expect(nodeVerify(hash, signed, { key: client.publicKey, dsaEncoding: 'ieee-p1363' }, fStoC)).toBe(true);
      expect(verifyHlsResponse(7, { role: 'client', ...titles, ...challenges, publicKey: client.publicKey, suite }, fStoC)).toBe(true);
      expect(verifyHlsResponse(7, { role: 'client', ...titles, ...challenges, publicKey: server.publicKey, suite }, fStoC)).toBe(false);
      expect(verifyHlsResponse(7, { role: 'server', ...titles, ...challenges, publicKey: client.publicKey, suite }, fStoC)).toBe(false);

      const fCtoS = computeHlsResponse(7, { role: 'server', ...titles, ...challenges, privateKey: server.privateKey, suite });
      const signedS = Uint8Array.of(...titles.serverSystemTitle, ...titles.clientSystemTitle, ...challenges.ctos, ...challenges.stoc);
      expect(nodeVerify(hash, signedS, { key: server.publicKey, dsaEncoding: 'ieee-p1363' }, fCtoS)).toBe(true);
      // the same key pair given as raw bytes (scalar d; public X||Y as in DLMS certificates)
      const jwk = server.privateKey.export({ format: 'jwk' });
      const d = new Uint8Array(Buffer.from(jwk.d!, 'base64url'));
      const xy = Uint8Array.of(...Buffer.from(jwk.x!, 'base64url'), ...Buffer.from(jwk.y!, 'base64url'));
      expect(verifyHlsResponse(7, { role: 'server', ...titles, ...challenges, publicKey: xy, suite }, fCtoS)).toBe(true);
      const fRaw = computeHlsResponse(7, { role: 'server', ...titles, ...challenges, privateKey: d, suite });
      expect(verifyHlsResponse(7, { role: 'server', ...titles, ...challenges, publicKey: Uint8Array.of(4, ...xy), suite }, fRaw)).toBe(true);

      const tampered = fCtoS.slice();
      tampered[0] = tampered[0]! ^ 1;
      expect(verifyHlsResponse(7, { role: 'server', ...titles, ...challenges, publicKey: server.publicKey, suite }, tampered)).toBe(false);
      expect(verifyHlsResponse(7, { role: 'server', ...titles, ...challenges, publicKey: server.publicKey, suite }, fCtoS.subarray(1))).toBe(false);
    });
  }
});

describe('property: every answer verifies and a changed challenge does not', () => {
  it('mechanisms 3, 4, 5, 6', () => {
    const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });
    fc.assert(
      fc.property(
        fc.constantFrom(3, 4, 5, 6) as fc.Arbitrary<3 | 4 | 5 | 6>,
        fc.constantFrom('client', 'server') as fc.Arbitrary<HlsRole>,
        fc.record({ ctos: bytes(8, 64), stoc: bytes(8, 64), secret: bytes(0, 32), st: bytes(8, 8), st2: bytes(8, 8), ek: bytes(16, 16), ak: bytes(16, 16), ic: fc.integer({ min: 0, max: 0xffffffff }) }),
        (m, role, x) => {
          const base = { role, ctos: x.ctos, stoc: x.stoc, secret: x.secret, clientSystemTitle: x.st, serverSystemTitle: x.st2, systemTitle: x.st, ek: x.ek, ak: x.ak };
          const f = computeHlsResponse(m, { ...base, invocationCounter: x.ic });
          expect(verifyHlsResponse(m, base, f)).toBe(true);
          const answered = role === 'client' ? 'stoc' : 'ctos';
          const changed = x[answered].slice();
          changed[0] = changed[0]! ^ 1;
          expect(verifyHlsResponse(m, { ...base, [answered]: changed }, f)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});
