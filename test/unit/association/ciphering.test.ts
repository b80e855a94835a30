// Ciphered association playbooks: glo-/ded-/general-glo APDUs opened here with node:crypto, the
// invocation counter strictly increasing from the ledger, replays and plain answers dropped.
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../src-shared/hex';
import { decodeApduBytes, encodeApdu } from '../../../src-main/dlms/apdu';
import type { DeviceSettingsInput } from '../../../src-shared/settings';
import { AK, EK, aare, apdu, cat, client, gcmDecrypt, iip, initiateResponse, kinds, ledger, only, sent, serverGlo } from './helpers';

const ST_C = fromHex('4D4D4D0000000001');
const ST_S = fromHex('4D4D4D0000BC614E');
const DK = '00112233445566778899AABBCCDDEEFF';
const CIPHERED: DeviceSettingsInput = {
  authentication: 'none',
  securityPolicy: 'authenticated-encrypted',
  securitySuite: 0,
  cipherInitiateRequest: true,
  clientSystemTitle: { encoding: 'hex', text: toHex(ST_C) },
  proposedConformance: 0x007e1f,
  maxPduSize: 1200,
};
const energyGet = 'C001C100030100010800FF0200';
const energy = { classId: 3, logicalName: '1-0:1.8.0.255', attributeId: 2 };

/** Opens a service-specific APDU the client sent: tag, length, SC, IC, ciphertext || tag. */
function openSent(hex: string, key = EK, title = ST_C): { tag: number; sc: number; ic: number; plain: string } {
  const b = fromHex(hex);
  const sc = b[2]!;
  const ic = (b[3]! << 24) | (b[4]! << 16) | (b[5]! << 8) | b[6]!;
  expect(b[1]).toBe(b.length - 2);
  const plain = gcmDecrypt(fromHex(key), cat(title, b.subarray(3, 7)), cat(Uint8Array.of(sc), AK), b.subarray(7));
  return { tag: b[0]!, sc, ic: ic >>> 0, plain: toHex(plain) };
}

function associatedCiphered(settings: DeviceSettingsInput = {}, first = 100) {
  const l = ledger(first);
  const c = client({ ...CIPHERED, ...settings }, { ledger: l });
  const aarq = decodeApduBytes(fromHex(sent(c.associate())[0]!));
  const ir = encodeApdu(initiateResponse(0x007e1f, 1024));
  const ui = decodeApduBytes(serverGlo(0x28, ir, 1, ST_S));
  if (ui.type !== 'ciphered') throw new Error('not ciphered');
  const out = c.receive(aare({ context: '2.16.756.5.8.1.3', serverSystemTitle: ST_S, userInformation: ui }));
  expect(kinds(out)).toEqual(['associated']);
  return { c, l, aarq };
}

describe('ciphered association: glo- APDUs and the invocation counter', () => {
  it('the AARQ carries a glo-initiate-request (SC 30, IC from the ledger) that opens to the proposed InitiateRequest', () => {
    const { aarq } = associatedCiphered();
    if (aarq.type !== 'acse' || aarq.apdu.type !== 'AARQ') throw new Error('not an AARQ');
    expect(aarq.apdu.applicationContextName).toBe('2.16.756.5.8.1.3');
    expect(toHex(aarq.apdu.callingApTitle!)).toBe(toHex(ST_C));
    const ui = aarq.apdu.userInformation;
    if (ui?.type !== 'ciphered') throw new Error('plain initiate');
    const opened = openSent(toHex(encodeApdu({ type: 'ciphered', apdu: ui.apdu })));
    expect(opened).toMatchObject({ tag: 0x21, sc: 0x30, ic: 100, plain: '01000000065F1F0400007E1F04B0' });
  });

  it('every GET goes out as glo-get-request that decrypts to the plain request; the counter strictly increases', () => {
    const { c, l } = associatedCiphered();
    const ics: number[] = [];
    for (let i = 0; i < 3; i++) {
      const [req] = sent(c.get(energy).commands);
      const o = openSent(req!);
      expect(o.tag).toBe(0xc8);
      expect(o.sc).toBe(0x30);
      expect(o.plain).toBe(energyGet.replace('C001C1', `C001${(0xc1 + i).toString(16).toUpperCase()}`));
      ics.push(o.ic);
      const reply = apdu({ type: 'get-response-normal', invokeIdAndPriority: iip(1 + i), result: { type: 'data', data: { type: 'long-unsigned', value: i } } });
      expect(only(c.receive(serverGlo(0xcc, reply, 10 + i, ST_S)), 'result').result).toEqual({ type: 'get', result: { type: 'data', data: { type: 'long-unsigned', value: i } } });
    }
    expect(ics).toEqual([101, 102, 103]);
    expect(l.given).toEqual([100, 101, 102, 103]);
  });

  it('a replayed invocation counter is dropped with an error; a fresh one settles the request', () => {
    const { c } = associatedCiphered();
    c.get(energy);
    const reply = (ic: number, v: number): Uint8Array =>
      serverGlo(0xcc, apdu({ type: 'get-response-normal', invokeIdAndPriority: iip(1), result: { type: 'data', data: { type: 'unsigned', value: v } } }), ic, ST_S);
    const replay = only(c.receive(reply(1, 9)), 'error'); // IC 1 was the AARE's
    expect(replay.code).toBe('replay');
    expect(replay.message).toBe(`replayed APDU dropped: invocation counter 1 from ${toHex(ST_S)} is not above the last one received (1)`);
    expect(c.state).toBe('awaiting-response');
    expect(only(c.receive(reply(2, 7)), 'result').result).toEqual({ type: 'get', result: { type: 'data', data: { type: 'unsigned', value: 7 } } });
  });

  it('a plain answer where the policy asks for protection is dropped; so is one with a bad tag', () => {
    const { c } = associatedCiphered();
    c.get(energy);
    const plain = apdu({ type: 'get-response-normal', invokeIdAndPriority: iip(1), result: { type: 'data', data: { type: 'null-data' } } });
    expect(only(c.receive(plain), 'error').code).toBe('unprotected');
    const tampered = serverGlo(0xcc, plain, 5, ST_S);
    tampered[tampered.length - 1]! ^= 1;
    const e = only(c.receive(tampered), 'error');
    expect(e.code).toBe('deciphering-error');
    expect(e.message).toMatch(/authentication tag does not verify/);
    expect(c.state).toBe('awaiting-response');
  });

  it('an authenticated-only answer is too weak for policy authenticated-encrypted', () => {
    const { c } = associatedCiphered();
    c.get(energy);
    const plain = apdu({ type: 'get-response-normal', invokeIdAndPriority: iip(1), result: { type: 'data', data: { type: 'null-data' } } });
    expect(only(c.receive(serverGlo(0xcc, plain, 5, ST_S, 0x10)), 'error').code).toBe('unprotected');
  });

  it('with a dedicated key: the key travels in the ciphered InitiateRequest and GETs become ded-get-request', () => {
    const { c, aarq } = associatedCiphered({ dedicatedKey: DK });
    if (aarq.type !== 'acse' || aarq.apdu.type !== 'AARQ' || aarq.apdu.userInformation?.type !== 'ciphered') throw new Error('no ciphered initiate');
    const opened = openSent(toHex(encodeApdu({ type: 'ciphered', apdu: aarq.apdu.userInformation.apdu })));
    expect(opened.plain).toBe(`010110${DK}0000065F1F0400007E1F04B0`);
    const o = openSent(sent(c.get(energy).commands)[0]!, DK);
    expect(o.tag).toBe(0xd0);
    expect(o.plain).toBe(energyGet);
  });

  it('cipheringForm general: general-glo-ciphering with the client system title', () => {
    const { c } = associatedCiphered({ cipheringForm: 'general' });
    const b = fromHex(sent(c.get(energy).commands)[0]!);
    expect(b[0]).toBe(0xdb);
    expect(toHex(b.subarray(1, 10))).toBe(`08${toHex(ST_C)}`);
    expect(openSent(toHex(b.subarray(9))).plain).toBe(energyGet);
  });

  it('release in a ciphered context: the RLRQ carries a glo-initiate-request with the next counter', () => {
    const { c } = associatedCiphered();
    const rlrq = decodeApduBytes(fromHex(sent(c.release())[0]!));
    if (rlrq.type !== 'acse' || rlrq.apdu.type !== 'RLRQ' || rlrq.apdu.userInformation?.type !== 'ciphered') throw new Error('no ciphered RLRQ');
    expect(openSent(toHex(encodeApdu({ type: 'ciphered', apdu: rlrq.apdu.userInformation.apdu })))).toMatchObject({ tag: 0x21, ic: 101, plain: '01000000065F1F0400007E1F04B0' });
  });

  it('HLS-GMAC in a ciphered context: f(StoC) and the glo-action-request each take their own counter', () => {
    const l = ledger(1);
    const c = client({ ...CIPHERED, authentication: 'high-gmac', challenge: { mode: 'fixed', length: 8, fixed: '4B35366956616759' } }, { ledger: l });
    c.associate();
    const ui = decodeApduBytes(serverGlo(0x28, encodeApdu(initiateResponse(0x007e1f, 1024)), 1, ST_S));
    if (ui.type !== 'ciphered') throw new Error('not ciphered');
    const out = c.receive(aare({ context: '2.16.756.5.8.1.3', serverSystemTitle: ST_S, stoc: fromHex('503677524A323146'), userInformation: ui }));
    const o = openSent(sent(out)[0]!);
    expect(o.tag).toBe(0xcb);
    expect(o.ic).toBe(3);
    // inside: the Green Book's pass-3 answer computed with IC 2
    expect(o.plain.slice(0, 30)).toBe('C301C1000F0000280000FF01010911');
    expect(o.plain.slice(30, 40)).toBe('1000000002');
    expect(l.given).toEqual([1, 2, 3]);
  });
});
