// The settings say what they mean: the AARQ built from DeviceSettings equals the seed's bytes.
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../src-shared/hex';
import { seedVector } from '../../support/vectors';
import { decodeApduBytes } from '../../../src-main/dlms/apdu';
import { client, gmacTag, hex, ledger, only, sent } from './helpers';
import { SEED_VENDOR_SETTINGS } from '../../support/seed-settings';

/** The seed thread's vendor tool: LN, HLS-GMAC, ST 454C531111111111, challenge 92DD…B7, 0x403EDD, 1070, plain initiate. */
const VENDOR = SEED_VENDOR_SETTINGS;

describe('AARQ from settings: the seed vectors byte for byte', () => {
  it('vendor-aarq-hls-gmac: LN + HLS-GMAC + plain InitiateRequest', () => {
    const v = seedVector('vendor-aarq-hls-gmac');
    const c = client(VENDOR);
    const out = c.associate();
    expect(sent(out)).toEqual([v.hex.toUpperCase()]);
    expect(c.state).toBe('awaiting-aare');
  });

  it('vendor-aarq-wrapped: the same settings with the other fixed challenge give the wrapped vendor AARQ (minus its 8-byte wrapper header)', () => {
    const v = seedVector('vendor-aarq-wrapped');
    const c = client({ ...VENDOR, challenge: { mode: 'fixed', length: 8, fixed: '1F674DC794DB7C79' } });
    expect(sent(c.associate())).toEqual([v.hex.slice(16).toUpperCase()]);
  });

  it('client-aarq-wrapped-sn-ciphered-gmac: SN + glo-initiate-request (SC 0x10, IC 0) from the seed settings', () => {
    const v = seedVector('client-aarq-wrapped-sn-ciphered-gmac');
    const crypto = v.crypto as Record<string, string | number>;
    const l = ledger(0);
    const c = client(
      {
        referencing: 'sn',
        authentication: 'high-gmac',
        clientSystemTitle: { encoding: 'hex', text: '454C531111111111' },
        challenge: { mode: 'fixed', length: 8, fixed: '92DD5CD6F73ACEB7' },
        proposedConformance: 0x1c0320,
        maxPduSize: 0xffff,
        securityPolicy: 'authenticated',
        securitySuite: 0,
        cipherInitiateRequest: true,
        blockCipherKey: crypto.ek as string,
        authenticationKey: crypto.ak as string,
      },
      { ledger: l },
    );
    const out = sent(c.associate());
    expect(out).toEqual([v.hex.slice(16).toUpperCase()]);
    expect(l.given).toEqual([0]);
    // the tag in those bytes is the GMAC of SC || AK || InitiateRequest under IV = ST || IC, computed here with node:crypto
    const tag = gmacTag(fromHex(crypto.ek as string), fromHex('454C53111111111100000000'), fromHex(`10${crypto.ak as string}${crypto.plaintext as string}`));
    expect(toHex(tag)).toBe((crypto.expectTag as string).toUpperCase());
  });

  it('client-aarq-wrapped-sn-ciphered-mech2: same context, title ELS-0000 and glo-initiate-request (tag 36748105…) as the seed', () => {
    const v = seedVector('client-aarq-wrapped-sn-ciphered-mech2');
    const c = client(
      {
        referencing: 'sn',
        authentication: 'high',
        password: { encoding: 'ascii', text: 'elster' },
        clientSystemTitle: { encoding: 'ascii', text: 'ELS-0000' },
        challenge: { mode: 'fixed', length: 8, fixed: '0102030405060708' },
        proposedConformance: 0x1c0320,
        maxPduSize: 0xffff,
        securityPolicy: 'authenticated',
        cipherInitiateRequest: true,
      },
      { ledger: ledger(0) },
    );
    // The seed's tool put the 6-byte password where mechanism 2 wants the 8..64-byte challenge; a
    // faithful client sends its challenge there. Everything else is the seed's, element by element.
    const ours = decodeApduBytes(fromHex(sent(c.associate())[0]!));
    const seed = decodeApduBytes(fromHex(v.hex.slice(16)));
    if (ours.type !== 'acse' || ours.apdu.type !== 'AARQ' || seed.type !== 'acse' || seed.apdu.type !== 'AARQ') throw new Error('not AARQs');
    expect(ours.apdu.applicationContextName).toBe(seed.apdu.applicationContextName);
    expect(ours.apdu.mechanismName).toBe('2.16.756.5.8.2.2');
    expect(ours.apdu.mechanismName).toBe(seed.apdu.mechanismName);
    expect(hex(ours.apdu.callingApTitle!)).toBe(hex(seed.apdu.callingApTitle!));
    expect(ours.apdu.userInformation).toEqual(seed.apdu.userInformation);
    expect(ours.apdu.callingAuthenticationValue).toEqual({ type: 'charstring', value: fromHex('0102030405060708') });
  });

  it('client-aarq-wrapped-sn-plain-dest145: SN, no ciphering, conformance 0x1C0320, max PDU 65535', () => {
    const v = seedVector('client-aarq-wrapped-sn-plain-dest145');
    const c = client({ ...VENDOR, referencing: 'sn', challenge: { mode: 'fixed', length: 8, fixed: 'DC7D5449CCFBED71' }, proposedConformance: 0x1c0320, maxPduSize: 0xffff });
    expect(sent(c.associate())).toEqual([v.hex.slice(16).toUpperCase()]);
  });

  it('client-aarq-wrapped-long-challenge: a random 47-byte challenge comes from the injected random source', () => {
    const v = seedVector('client-aarq-wrapped-long-challenge');
    const challenge = fromHex(v.hex.slice(16)).subarray(0x2a, 0x2a + 47);
    const c = client(
      { ...VENDOR, challenge: { mode: 'random', length: 47 }, proposedConformance: 0x607e1f, maxPduSize: 0xffff },
      { random: (n) => (n === 47 ? challenge : new Uint8Array(n)) },
    );
    expect(sent(c.associate())).toEqual([v.hex.slice(16).toUpperCase()]);
  });
});

describe('AARQ from settings: mechanisms and contexts', () => {
  it('no authentication, no ciphering: application context and InitiateRequest only', () => {
    const c = client({ authentication: 'none', proposedConformance: 0x00501f, maxPduSize: 500 });
    // 60 1D  A1 09 06 07 60857405080101  BE 10 04 0E 01 00 00 00 06 5F1F 04 00 00501F 01F4
    expect(sent(c.associate())).toEqual(['601DA109060760857405080101BE10040E01000000065F1F040000501F01F4']);
  });

  it('LLS: the password is the calling-authentication-value, no calling-AP-title', () => {
    const c = client({ authentication: 'low', password: { encoding: 'ascii', text: '33333333' }, proposedConformance: 0x007e1f, maxPduSize: 1200 });
    // the EPRI LLS AARQ of the corpus with max PDU 04B0 instead of 0000
    expect(sent(c.associate())).toEqual(['6036A1090607608574050801018A0207808B0760857405080201AC0A80083333333333333333BE10040E01000000065F1F0400007E1F04B0']);
  });

  it('a challenge outside 8..64 bytes is a settings error, reported, not thrown', () => {
    const c = client({ authentication: 'high-md5', challenge: { mode: 'fixed', length: 8, fixed: '0102' } });
    const e = only(c.associate(), 'error');
    expect(e.code).toBe('bad-settings');
    expect(e.message).toMatch(/8 to 64 bytes/);
    expect(c.state).toBe('idle');
  });

  it('a bad client system title is a settings error naming the setting', () => {
    const c = client({ clientSystemTitle: { encoding: 'hex', text: '0102' } });
    const e = only(c.associate(), 'error');
    expect(e).toMatchObject({ code: 'bad-settings' });
    expect(e.message).toMatch(/client system title must be 8 bytes/);
  });

  it('the ciphered LN context with general ciphering wraps the initiate in general-glo-ciphering with the client title', () => {
    const c = client({ authentication: 'none', securityPolicy: 'authenticated-encrypted', cipherInitiateRequest: true, cipheringForm: 'general', clientSystemTitle: { encoding: 'hex', text: '4D4D4D0000BC614E' } }, { ledger: ledger(0x01234567) });
    const aarq = decodeApduBytes(fromHex(sent(c.associate())[0]!));
    if (aarq.type !== 'acse' || aarq.apdu.type !== 'AARQ') throw new Error('not an AARQ');
    expect(aarq.apdu.applicationContextName).toBe('2.16.756.5.8.1.3');
    const ui = aarq.apdu.userInformation;
    expect(ui?.type === 'ciphered' && ui.apdu.type).toBe('general-glo-ciphering');
    if (ui?.type !== 'ciphered' || ui.apdu.type !== 'general-glo-ciphering') return;
    expect(hex(ui.apdu.systemTitle)).toBe('4D4D4D0000BC614E');
    expect(ui.apdu.content).toMatchObject({ securityControl: 0x30, invocationCounter: 0x01234567 });
  });
});
