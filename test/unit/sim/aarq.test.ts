// Association playbooks against the simulator engine: AARQ bytes in, AARE bytes out, checked against
// the seed thread's vectors and the Green Book's result/diagnostic values.
import { describe, expect, it } from 'vitest';
import { decodeApduBytes, encodeApdu } from '../../../src-main/dlms/apdu';
import { conformanceToNumber } from '../../../src-main/dlms/xdlms/conformance';
import { verifyHlsResponse } from '../../../src-main/dlms/security/hls';
import { fromHex, toHex } from '../../../src-shared/hex';
import { seedVector } from '../../support/vectors';
import { aareOf, aarq, AK, CipheringClient, device, EK, initiate, management, rig } from './helpers';

const wrapperApdu = (id: string): Uint8Array => fromHex(seedVector(id).hex).subarray(8);
const diagnosticOf = (b: Uint8Array) => aareOf(decodeApduBytes(b)).resultSourceDiagnostic.diagnostic;

describe('the Elster IP module of the seed thread', () => {
  it('accepts the vendor AARQ with authentication-required, GMAC, its ELS title, 0x403ADD, 1224, LN', () => {
    const r = rig(device('elster-ip-module'), 1);
    const aare = aareOf(r.ask(fromHex(seedVector('vendor-aarq-hls-gmac').hex)));
    expect(aare.result).toBe('accepted');
    expect(aare.resultSourceDiagnostic).toEqual({ source: 'acse-service-user', diagnostic: 'authentication-required' });
    expect(aare.applicationContextName).toBe('2.16.756.5.8.1.1');
    expect(aare.mechanismName).toBe('2.16.756.5.8.2.5');
    expect(toHex(aare.respondingApTitle!).slice(0, 6)).toBe('454C53');
    expect(aare.respondingAuthenticationValue).toEqual({ type: 'charstring', value: fromHex('0102030405060708090A0B0C0D0E0F10') });
    const ui = aare.userInformation;
    expect(ui?.type).toBe('initiateResponse');
    if (ui?.type !== 'initiateResponse') return;
    expect(conformanceToNumber(ui.negotiatedConformance)).toBe(0x403add);
    expect(ui.serverMaxReceivePduSize).toBe(1224);
    expect(ui.vaaName).toBe(0x0007);
    expect(ui.negotiatedDlmsVersionNumber).toBe(6);
    expect(r.engine.state).toBe('pending');
  });

  it("answers the seed's SN + ciphered AARQs with exactly the seed's rejection bytes", () => {
    const expected = seedVector('aare-rejected-initiate-error').hex.toUpperCase();
    // the first failing attempt came from wPort 18, the Wireshark one from wPort 1
    expect(toHex(rig(device('elster-ip-module'), 18).send(wrapperApdu('client-aarq-wrapped-sn-ciphered-mech2'))[0]!)).toBe(expected);
    expect(toHex(rig(device('elster-ip-module'), 1).send(wrapperApdu('client-aarq-wrapped-sn-ciphered-gmac'))[0]!)).toBe(expected);
  });

  it('refuses a plain SN context with application-context-name-not-supported, naming its own LN context', () => {
    const out = rig(device('elster-ip-module'), 1).ask(wrapperApdu('client-aarq-wrapped-sn-plain-dest145'));
    const aare = aareOf(out);
    expect(aare.result).toBe('rejected-permanent');
    expect(aare.resultSourceDiagnostic.diagnostic).toBe('application-context-name-not-supported');
    expect(aare.applicationContextName).toBe('2.16.756.5.8.1.1');
  });

  it('negotiates no GBT even when the client proposes it (0x607E1F ∩ 0x403ADD)', () => {
    const aare = aareOf(rig(device('elster-ip-module'), 1).ask(wrapperApdu('client-aarq-wrapped-long-challenge')));
    const ui = aare.userInformation;
    expect(aare.result).toBe('accepted');
    if (ui?.type !== 'initiateResponse') throw new Error('no InitiateResponse');
    expect(conformanceToNumber(ui.negotiatedConformance)).toBe(0x607e1f & 0x403add);
  });
});

describe('residential meter associations', () => {
  const res = () => device('residential-meter');

  it('public client 16: no authentication, accepted, associated at once', () => {
    const r = rig(res(), 16);
    const aare = aareOf(r.ask(aarq({ initiate: initiate(0x00181f) })));
    expect([aare.result, aare.resultSourceDiagnostic.diagnostic]).toEqual(['accepted', 'null']);
    expect(aare.mechanismName).toBeUndefined();
    expect(r.engine.state).toBe('associated');
  });

  it('reader client 32: LLS with the right password is accepted, a wrong one is authentication-failure', () => {
    const ok = aareOf(rig(res(), 32).ask(aarq({ mechanism: 1, value: new TextEncoder().encode('12345678'), initiate: initiate(0x00181f) })));
    expect(ok.result).toBe('accepted');
    const bad = rig(res(), 32).ask(aarq({ mechanism: 1, value: new TextEncoder().encode('12345679'), initiate: initiate(0x00181f) }));
    expect([aareOf(bad).result, aareOf(bad).resultSourceDiagnostic.diagnostic]).toEqual(['rejected-permanent', 'authentication-failure']);
  });

  it('mechanism checks: required (12) and not recognised (11)', () => {
    expect(diagnosticOf(rig(res(), 32).send(aarq({ initiate: initiate(0x00181f) }))[0]!)).toBe('authentication-mechanism-name-required');
    expect(diagnosticOf(rig(res(), 32).send(aarq({ mechanism: 3, value: fromHex('0102030405060708'), initiate: initiate(0x00181f) }))[0]!)).toBe('authentication-mechanism-name-not-recognised');
  });

  it('InitiateRequest checks: DLMS version 5, max PDU 11, no common conformance', () => {
    const cse = (b: Uint8Array) => {
      const ui = aareOf(decodeApduBytes(b)).userInformation;
      return ui?.type === 'confirmedServiceError' ? [ui.service, ui.error.choice, ui.error.value] : ui?.type;
    };
    expect(cse(rig(res(), 16).send(aarq({ initiate: initiate(0x00181f, 1024, 5) }))[0]!)).toEqual(['initiateError', 'initiate', 'dlms-version-too-low']);
    expect(cse(rig(res(), 16).send(aarq({ initiate: initiate(0x00181f, 11) }))[0]!)).toEqual(['initiateError', 'initiate', 'pdu-size-too-short']);
    expect(cse(rig(res(), 16).send(aarq({ initiate: initiate(0x000001) }))[0]!)).toEqual(['initiateError', 'initiate', 'incompatible-conformance']);
  });

  it('management client 1 refuses a plain initiate (its policy ciphers)', () => {
    const out = rig(res(), 1).ask(aarq({ context: 3, mechanism: 5, value: fromHex('0102030405060708'), title: fromHex('4D54520000000001'), initiate: initiate(0x403edd) }));
    const aare = aareOf(out);
    expect(aare.result).toBe('rejected-permanent');
    expect(aare.userInformation).toEqual({ type: 'confirmedServiceError', service: 'initiateError', error: { choice: 'initiate', value: 'other' } });
  });

  it('management client 1: glo-initiate, HLS-GMAC pass 3 verified, pass 4 answer verifies with the server title', () => {
    const { r, fCtoS, ctos } = management();
    expect(r.engine.state).toBe('associated');
    const stoc = fromHex('0102030405060708090A0B0C0D0E0F10');
    expect(verifyHlsResponse(5, { role: 'server', ctos, stoc, systemTitle: fromHex('4D53430000BC614E'), ek: EK, ak: AK }, fCtoS)).toBe(true);
  });

  it('a wrong f(StoC) leaves the association pending and reads refused', () => {
    const model = res();
    const r = rig(model, 1);
    const c = new CipheringClient(model.identity.systemTitle);
    const ui = decodeApduBytes(c.seal(encodeApdu(initiate(0x403edd, 1024)), 0x21));
    if (ui.type !== 'ciphered') throw new Error('seal');
    aareOf(r.ask(aarq({ context: 3, mechanism: 5, value: fromHex('0102030405060708'), title: c.title, userInformation: ui })));
    const bogus = encodeApdu({ type: 'action-request-normal', invokeIdAndPriority: { invokeId: 1, serviceClass: 'confirmed', priority: 'high' }, descriptor: { classId: 15, instanceId: fromHex('0000280000FF'), methodId: 1 }, parameters: { type: 'octet-string', value: fromHex('1000000002' + '00'.repeat(12)) } });
    const reply = c.open(r.send(c.seal(bogus, 0xcb))[0]!);
    expect(reply.type === 'action-response-normal' && reply.response.result).toBe(3); // read-write-denied
    expect(r.engine.state).toBe('pending');
    const get = encodeApdu({ type: 'get-request-normal', invokeIdAndPriority: { invokeId: 2, serviceClass: 'confirmed', priority: 'high' }, descriptor: { classId: 3, instanceId: fromHex('0100010800FF'), attributeId: 2 } });
    const g = c.open(r.send(c.seal(get, 0xc8))[0]!);
    expect(g.type === 'get-response-normal' && g.result).toEqual({ type: 'data-access-result', result: 3 });
  });

  it('RLRQ gets RLRE normal and ends the association', () => {
    const r = rig(res(), 16);
    r.ask(aarq({ initiate: initiate(0x00181f) }));
    const out = r.engine.handle(encodeApdu({ type: 'acse', apdu: { type: 'RLRQ', reason: 'normal' } }));
    expect(out.released).toBe(true);
    expect(toHex(out.replies[0]!)).toBe('6303800100'); // RLRE, reason normal (0)
    expect(r.engine.state).toBe('idle');
  });
});
