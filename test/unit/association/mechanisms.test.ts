// Association playbooks, one per authentication mechanism: frames in, frames out (hex). Every f()
// is computed here with node:crypto from the Green Book's formulas, not with the code under test.
import { describe, expect, it } from 'vitest';
import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import { fromHex, toHex } from '../../../src-shared/hex';
import { corpusVector, seedVector } from '../../support/vectors';
import { ManufacturerHlsRegistry } from '../../../src-main/dlms/security/hls';
import { HLS_VERIFY_FAILED } from '../../../src-main/dlms/association/hls';
import { conformanceFromNumber } from '../../../src-main/dlms/xdlms/conformance';
import { AK, EK, aare, apdu, cat, client, gmacTag, iip, kinds, ledger, only, sent } from './helpers';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
const CTOS = ascii('K56iVagY'); // 4B35366956616759 (Green Book HLS example)
const STOC = ascii('P6wRJ21F'); // 503677524A323146
const ST_C = fromHex('4D4D4D0000000001');
const ST_S = fromHex('4D4D4D0000BC614E');
const digest = (alg: string, ...parts: Uint8Array[]): Uint8Array => new Uint8Array(createHash(alg).update(cat(...parts)).digest());

const base = {
  referencing: 'ln',
  clientSystemTitle: { encoding: 'hex', text: toHex(ST_C) },
  challenge: { mode: 'fixed', length: 8, fixed: toHex(CTOS) },
  proposedConformance: 0x007e1f,
  maxPduSize: 1200,
  password: { encoding: 'ascii', text: 'HLS-secret' },
} as const;

/** C3 01 C1  000F 0000280000FF 01  01 09 len f(StoC): reply_to_HLS_authentication on 0.0.40.0.0.255. */
const pass3 = (f: Uint8Array): string => toHex(cat('C301C1000F0000280000FF01010911'.slice(0, 28), Uint8Array.of(f.length), f));
const pass4 = (f: Uint8Array, result = 0): Uint8Array =>
  apdu({ type: 'action-response-normal', invokeIdAndPriority: iip(1), response: { result, returnParameters: { type: 'data', data: { type: 'octet-string', value: f } } } });

/** AARQ of `base` with mechanism m: A1 A6 8A 8B AC BE. */
function expectedAarq(m: number, initiate = '01000000065F1F0400007E1F04B0'): string {
  const body = `A109060760857405080101A60A0408${toHex(ST_C)}8A0207808B07608574050802${m.toString(16).padStart(2, '0').toUpperCase()}AC0A8008${toHex(CTOS)}BE10040E${initiate}`;
  return `60${(body.length / 2).toString(16).toUpperCase()}${body}`;
}

describe('mechanism 0 and 1', () => {
  it('none: AARQ, accepted AARE → associated with the negotiated context', () => {
    const c = client({ authentication: 'none', proposedConformance: 0x00501f, maxPduSize: 500 });
    expect(sent(c.associate())).toEqual(['601DA109060760857405080101BE10040E01000000065F1F040000501F01F4']);
    const out = c.receive(fromHex(corpusVector('aare-accepted-no-security').hex));
    const a = only(out, 'associated');
    expect(a.info).toMatchObject({ mechanism: 0, serverMaxReceivePduSize: 500, negotiatedConformanceValue: 0x00501f, vaaName: 7 });
    expect(a.info.negotiatedConformance).toContain('get');
    expect(c.state).toBe('associated');
  });

  it('low: the password goes in the AARQ; accepted AARE → associated (no pass 3)', () => {
    const c = client({ authentication: 'low', password: { encoding: 'ascii', text: '33333333' }, proposedConformance: 0x007e1f, maxPduSize: 1200 });
    c.associate();
    const out = c.receive(fromHex(corpusVector('aare-epri').hex));
    expect(kinds(out)).toEqual(['associated']);
    expect(only(out, 'associated').info.serverMaxReceivePduSize).toBe(155);
  });
});

describe('HLS playbooks: AARQ, AARE with StoC, pass 3, pass 4', () => {
  it('high-gmac (5): the Green Book example, f(StoC) = SC || IC || GMAC checked against node:crypto', () => {
    const l = ledger(1);
    const c = client({ ...base, authentication: 'high-gmac' }, { ledger: l });
    expect(sent(c.associate())).toEqual([expectedAarq(5)]);
    const out = c.receive(aare({ serverSystemTitle: ST_S, stoc: STOC }));
    const tag = gmacTag(fromHex(EK), cat(ST_C, '00000001'), cat('10', AK, STOC));
    expect(toHex(tag)).toBe(corpusVector('hls-gmac-f-stoc').expect!.slice(10)); // 1A52FE7DD3E72748973C1E28
    expect(sent(out)).toEqual([pass3(cat('1000000001', tag))]);
    expect(c.state).toBe('awaiting-hls-reply');
    // the meter's f(CtoS) with its title and IC 0x01234567 (Green Book Table 43, pass 4)
    const ctosTag = gmacTag(fromHex(EK), cat(ST_S, '01234567'), cat('10', AK, CTOS));
    const done = c.receive(pass4(cat('1001234567', ctosTag)));
    expect(only(done, 'associated').info).toMatchObject({ mechanism: 5, serverSystemTitle: ST_S });
    expect(c.state).toBe('associated');
    expect(l.given).toEqual([1]);
  });

  it('high-md5 (3) and high-sha1 (4): f = H(challenge || secret)', () => {
    for (const [auth, alg, m] of [['high-md5', 'md5', 3], ['high-sha1', 'sha1', 4]] as const) {
      const c = client({ ...base, authentication: auth });
      expect(sent(c.associate())).toEqual([expectedAarq(m)]);
      const secret = ascii('HLS-secret');
      expect(sent(c.receive(aare({ stoc: STOC, mechanism: `2.16.756.5.8.2.${m}` })))).toEqual([pass3(digest(alg, STOC, secret))]);
      expect(kinds(c.receive(pass4(digest(alg, CTOS, secret))))).toEqual(['associated']);
    }
  });

  it('high-sha256 (6): SHA-256(secret || ST-C || ST-S || StoC || CtoS), the meter the other way round', () => {
    const c = client({ ...base, authentication: 'high-sha256' });
    expect(sent(c.associate())).toEqual([expectedAarq(6)]);
    const secret = ascii('HLS-secret');
    const out = c.receive(aare({ serverSystemTitle: ST_S, stoc: STOC, mechanism: '2.16.756.5.8.2.6' }));
    expect(sent(out)).toEqual([pass3(digest('sha256', secret, ST_C, ST_S, STOC, CTOS))]);
    expect(kinds(c.receive(pass4(digest('sha256', secret, ST_S, ST_C, CTOS, STOC))))).toEqual(['associated']);
  });

  it('high-ecdsa (7), suite 1: the client signs ST-C || ST-S || StoC || CtoS with P-256, verifies the meter’s signature', () => {
    const clientKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const meterKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const c = client({ ...base, authentication: 'high-ecdsa', securitySuite: 1 }, { hls: { ecdsa: { privateKey: clientKeys.privateKey, serverPublicKey: meterKeys.publicKey } } });
    expect(sent(c.associate())).toEqual([expectedAarq(7)]);
    const [p3] = sent(c.receive(aare({ serverSystemTitle: ST_S, stoc: STOC, mechanism: '2.16.756.5.8.2.7' })));
    const bytes = fromHex(p3!);
    expect(toHex(bytes.subarray(0, 15))).toBe('C301C1000F0000280000FF01010940');
    const signature = bytes.subarray(15);
    expect(verify('sha256', cat(ST_C, ST_S, STOC, CTOS), { key: clientKeys.publicKey, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
    const meterSig = new Uint8Array(sign('sha256', cat(ST_S, ST_C, CTOS, STOC), { key: meterKeys.privateKey, dsaEncoding: 'ieee-p1363' }));
    expect(kinds(c.receive(pass4(meterSig)))).toEqual(['associated']);
  });

  it('high (2): the manufacturer function from the pluggable registry', () => {
    const xor = (challenge: Uint8Array, secret: Uint8Array): Uint8Array => challenge.map((b, i) => b ^ secret[i % secret.length]!);
    const registry = new ManufacturerHlsRegistry().register('xor', (i) => xor(i.challenge, i.secret));
    const c = client({ ...base, authentication: 'high' }, { hls: { manufacturer: { name: 'xor', registry } } });
    expect(sent(c.associate())).toEqual([expectedAarq(2)]);
    const secret = ascii('HLS-secret');
    expect(sent(c.receive(aare({ stoc: STOC, mechanism: '2.16.756.5.8.2.2' })))).toEqual([pass3(xor(STOC, secret))]);
    expect(kinds(c.receive(pass4(xor(CTOS, secret))))).toEqual(['associated']);
  });

  it('the seed: vendor AARQ, the Elster AARE (authentication-required, 20-byte StoC), pass 3 over that StoC', () => {
    const l = ledger(7);
    const c = client(
      {
        authentication: 'high-gmac',
        clientSystemTitle: { encoding: 'hex', text: '454C531111111111' },
        challenge: { mode: 'fixed', length: 8, fixed: '92DD5CD6F73ACEB7' },
        proposedConformance: 0x403edd,
        maxPduSize: 1070,
      },
      { ledger: l },
    );
    expect(sent(c.associate())).toEqual([seedVector('vendor-aarq-hls-gmac').hex.toUpperCase()]);
    const out = c.receive(fromHex(seedVector('vendor-aare-auth-required').hex));
    const stoc = new Uint8Array(20);
    const tag = gmacTag(fromHex(EK), fromHex('454C53111111111100000007'), cat('10', AK, stoc));
    expect(sent(out)).toEqual([pass3(cat('1000000007', tag))]);
    expect(c.associationInfo).toMatchObject({ serverMaxReceivePduSize: 1224, negotiatedConformanceValue: 0x403add, serverSystemTitle: fromHex('454C5367713390FC') });
  });
});

describe('refusals, in plain words', () => {
  it('a wrong f(CtoS): the meter’s reply to the challenge did not verify', () => {
    const c = client({ ...base, authentication: 'high-gmac' }, { ledger: ledger(1) });
    c.associate();
    c.receive(aare({ serverSystemTitle: ST_S, stoc: STOC }));
    const wrong = cat('1001234567', gmacTag(fromHex(EK), cat(ST_S, '01234567'), cat('10', AK, STOC))); // over StoC, not CtoS
    const e = only(c.receive(pass4(wrong)), 'error');
    expect(e).toEqual({ kind: 'error', code: 'hls-failed', message: HLS_VERIFY_FAILED });
    expect(HLS_VERIFY_FAILED).toBe("the meter's reply to the challenge did not verify: check the authentication key / HLS secret");
    expect(c.state).toBe('idle');
  });

  it('pass 3 refused by the meter (action-result read-write-denied)', () => {
    const c = client({ ...base, authentication: 'high-md5' });
    c.associate();
    c.receive(aare({ stoc: STOC, mechanism: '2.16.756.5.8.2.3' }));
    const e = only(c.receive(apdu({ type: 'action-response-normal', invokeIdAndPriority: iip(1), response: { result: 3 } })), 'error');
    expect(e.code).toBe('hls-failed');
    expect(e.message).toBe('the meter refused the reply to its challenge (read-write-denied): check the authentication key / HLS secret');
  });

  it('AARE rejected with authentication-failure', () => {
    const c = client({ authentication: 'low', password: { encoding: 'ascii', text: 'wrong' } });
    c.associate();
    const out = c.receive(aare({ result: 'rejected-permanent', diagnostic: { source: 'acse-service-user', diagnostic: 'authentication-failure' } }));
    const r = only(out, 'rejected');
    expect(r.reason).toBe('meter rejected the association: authentication-failure; check the password/authentication key');
    expect(r.aare.result).toBe('rejected-permanent');
    expect(c.state).toBe('idle');
  });

  it('the seed’s aare-rejected-initiate-error: the ConfirmedServiceError in user-information is explained', () => {
    const c = client({ referencing: 'sn', authentication: 'high-gmac', securityPolicy: 'authenticated', cipherInitiateRequest: true, challenge: { mode: 'fixed', length: 8, fixed: '92DD5CD6F73ACEB7' } }, { ledger: ledger(0) });
    c.associate();
    const r = only(c.receive(fromHex(seedVector('aare-rejected-initiate-error').hex)), 'rejected');
    expect(r.reason).toMatch(/^meter rejected the association: no-reason-given; the meter refused the xDLMS InitiateRequest \(initiateError: initiate other\)/);
    expect(r.reason).toMatch(/conformance block, the max PDU size/);
  });

  it('an exception-response instead of an AARE ends the attempt', () => {
    const c = client({ authentication: 'none' });
    c.associate();
    const e = only(c.receive(apdu({ type: 'exception-response', stateError: 'service-not-allowed', serviceError: { type: 'operation-not-possible' } })), 'error');
    expect(e.code).toBe('exception');
    expect(c.state).toBe('idle');
  });
});

describe('short name referencing', () => {
  it('HLS pass 3 on Association SN: ReadRequest parameterized-access on 0xFA58 (base 0xFA00 + 0x20 + 7·8), pass 4 from the ReadResponse', () => {
    const c = client({ ...base, referencing: 'sn', authentication: 'high-md5' });
    c.associate();
    const secret = ascii('HLS-secret');
    const f = digest('md5', STOC, secret);
    const out = c.receive(aare({ context: '2.16.756.5.8.1.2', stoc: STOC, mechanism: '2.16.756.5.8.2.3', userInformation: { ...initiateResponseSn() } }));
    // 05 01 (one variable) 04 parameterized-access FA58 selector 00 parameter 09 10 <f>
    expect(sent(out)).toEqual([toHex(cat('050104FA58000910', f))]);
    const reply = apdu({ type: 'read-response', results: [{ type: 'data', data: { type: 'octet-string', value: digest('md5', CTOS, secret) } }] });
    expect(kinds(c.receive(reply))).toEqual(['associated']);
    // the SN object list is attribute 2 of the Association SN at 0xFA00: variable-name 0xFA08
    expect(sent(c.readObjectList().commands)).toEqual(['050102FA08']);
  });
});

function initiateResponseSn() {
  return { type: 'initiateResponse' as const, negotiatedDlmsVersionNumber: 6, negotiatedConformance: conformanceFromNumber(0x1c0320), serverMaxReceivePduSize: 500, vaaName: 0xfa00 };
}
