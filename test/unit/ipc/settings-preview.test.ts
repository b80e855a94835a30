// settings.previewAarq: the seed's final settings must give the vendor tool's AARQ byte for byte,
// and the wire frame the vendor's WPDU with only the per-connection challenge different. Every
// check is against the seed vectors or a spec value, through the same dispatch gate as the app.
import { describe, expect, it } from 'vitest';
import { dispatchInvoke } from '../../../src-main/ipc/dispatch';
import { createServices } from '../../../src-main/services/index';
import { CHALLENGE_PLACEHOLDER_BYTE, previewAarq } from '../../../src-main/services/settings-preview';
import type { SettingBytes, SettingsPreviewResponse } from '../../../src-shared/ipc/contract';
import { invokeSchemas } from '../../../src-shared/ipc/schemas';
import type { DeviceSettingsInput } from '../../../src-shared/settings';
import type { FieldNode } from '../../../src-shared/trace';
import { SEED_VENDOR_SETTINGS } from '../../support/seed-settings';
import { seedVector } from '../../support/vectors';

const aarqVector = seedVector('vendor-aarq-hls-gmac');
const wrappedVector = seedVector('vendor-aarq-wrapped');

/** The seed thread's final, working settings (Kurumi's and the vendor tool's). */
const SEED: DeviceSettingsInput = SEED_VENDOR_SETTINGS;

function field(r: SettingsPreviewResponse, setting: string): SettingBytes {
  const f = r.fields.find((x) => x.setting === setting);
  if (!f) throw new Error(`no explanation for ${setting}`);
  return f;
}

function findLabel(n: FieldNode, label: string): FieldNode | undefined {
  if (n.label === label) return n;
  for (const c of n.children ?? []) {
    const hit = findLabel(c, label);
    if (hit) return hit;
  }
  return undefined;
}

describe('settings.previewAarq', () => {
  it('the seed settings give the vendor AARQ exactly, through the dispatch gate', async () => {
    const services = await createServices({ mode: 'web', version: 't', embeddedSimulator: false });
    const r = await dispatchInvoke(services.handlers, 'settings.previewAarq', SEED);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const v = r.value as SettingsPreviewResponse;
    expect(v.aarqHex).toBe(aarqVector.hex.toUpperCase());
    expect(v.framing).toBe('wrapper');
    expect(v.challengePlaceholder).toBe(false);
    expect(v.frame.summary).toContain('AARQ LN, high-gmac');
    // Wire frame: the vendor's WPDU except the 8 challenge bytes, which are per connection.
    const vendor = wrappedVector.hex.toUpperCase();
    const challenge = field(v, 'challenge');
    expect(challenge.hex).toBe('AC0A800892DD5CD6F73ACEB7');
    const at = (challenge.start! + 4) * 2; // AC 0A 80 08, then the 8 challenge octets
    expect(v.wrapperOrHdlcHex.length).toBe(vendor.length);
    expect(v.wrapperOrHdlcHex.slice(0, at)).toBe(vendor.slice(0, at));
    expect(v.wrapperOrHdlcHex.slice(at + 16)).toBe(vendor.slice(at + 16));
    expect(vendor.slice(at, at + 16)).toBe('1F674DC794DB7C79');
  });

  it('with the vendor\'s challenge fixed, the wire frame equals vendor-aarq-wrapped exactly', () => {
    const v = previewAarq({ ...SEED, challenge: { mode: 'fixed', length: 8, fixed: '1F674DC794DB7C79' } });
    expect(v.wrapperOrHdlcHex).toBe(wrappedVector.hex.toUpperCase());
    const e = wrappedVector.expect['wrapper'] as { sourceWPort: number; destinationWPort: number; length: number };
    expect(findLabel(v.frame.tree, 'length')?.value).toBe(String(e.length));
  });

  it('each setting names the bytes it became and where (the seed\'s traps)', () => {
    const v = previewAarq({ ...SEED, serverLogicalAddress: 145 });
    expect(field(v, 'serverLogicalAddress')).toMatchObject({ field: 'wrapper destination wPort', hex: '0091', start: 4, length: 2 });
    expect(field(v, 'clientAddress')).toMatchObject({ field: 'wrapper source wPort', hex: '0001', start: 2, length: 2 });
    expect(findLabel(v.frame.tree, 'destination wPort')?.value).toMatch(/^145\b/);
    // The ASCII title of the thread: 'ELS-0000' = 454C532D30303030 in calling-AP-title.
    const t = previewAarq({ ...SEED, clientSystemTitle: { encoding: 'ascii', text: 'ELS-0000' } });
    const title = field(t, 'clientSystemTitle');
    expect(title).toMatchObject({ field: 'calling-AP-title', hex: 'A60A0408454C532D30303030' });
    expect(title.meaning).toContain('454C532D30303030');
    expect(t.wrapperOrHdlcHex.slice(title.start! * 2, (title.start! + title.length!) * 2)).toBe(title.hex);
    const conf = field(v, 'proposedConformance');
    expect(conf).toMatchObject({ shown: '0x403EDD', hex: '5F1F0400403EDD' });
    const stated = (aarqVector.expect['userInformation'] as { initiateRequest: { conformance: string } }).initiateRequest.conformance;
    expect(conf.meaning).toBe(stated.replace(/^0x403edd = /, ''));
    expect(field(v, 'referencing')).toMatchObject({ hex: 'A109060760857405080101', meaning: expect.stringContaining('2.16.756.5.8.1.1') });
    expect(field(v, 'authentication').hex).toBe('8B0760857405080205'); // 2.16.756.5.8.2.5
    expect(field(v, 'maxPduSize').hex).toBe('042E');
    expect(field(v, 'password')).toMatchObject({ hex: '' }); // the HLS secret is never on the wire
  });

  it('a random challenge is a flagged placeholder of the configured length', () => {
    const v = previewAarq({ ...SEED, challenge: { mode: 'random', length: 16 } });
    expect(v.challengePlaceholder).toBe(true);
    const c = field(v, 'challenge');
    expect(c.meaning).toContain('random at connect time');
    expect(c.hex).toBe('AC1280' + '10' + CHALLENGE_PLACEHOLDER_BYTE.toString(16).toUpperCase().repeat(16));
  });

  it('HDLC: the first I-frame with LLC E6E600 and the server address bytes', () => {
    const v = previewAarq({ ...SEED, interface: 'hdlc-serial', clientAddress: 16, serverLogicalAddress: 1, serverPhysicalAddress: 17, serverAddressSize: 2 });
    expect(v.framing).toBe('hdlc');
    const wire = v.wrapperOrHdlcHex;
    expect(wire.startsWith('7EA0')).toBe(true);
    expect(wire.endsWith('7E')).toBe(true);
    // destination: upper 1 -> 02, lower 17 -> 23; source: 16 -> 21; control: I, N(S)=0 N(R)=0 P -> 10
    expect(wire.slice(6, 14)).toBe('02232110');
    expect(wire).toContain('E6E600' + v.aarqHex);
    expect(field(v, 'serverPhysicalAddress')).toMatchObject({ field: 'HDLC destination address', hex: '0223', start: 3, length: 2 });
    expect(field(v, 'clientAddress')).toMatchObject({ hex: '21', start: 5 });
    expect(v.frame.malformedAt).toBeUndefined();
  });

  it('a ciphered context shows in the application context; a ciphered initiate hides the conformance', () => {
    const v = previewAarq({ ...SEED, securityPolicy: 'authenticated-encrypted', cipherInitiateRequest: true });
    expect(field(v, 'referencing').hex).toBe('A109060760857405080103'); // LN with ciphering
    expect(field(v, 'proposedConformance').start).toBeUndefined();
    expect(field(v, 'cipherInitiateRequest').meaning).toContain('glo-initiate-request');
    expect(JSON.stringify(v)).not.toContain('000102030405060708090A0B0C0D0E0F'); // the default EK
  });

  it('refuses settings that cannot become bytes, naming the setting and never the value', async () => {
    const services = await createServices({ mode: 'web', version: 't', embeddedSimulator: false });
    const short = await dispatchInvoke(services.handlers, 'settings.previewAarq', { ...SEED, clientSystemTitle: { encoding: 'ascii', text: 'ELS-00' } });
    expect(short).toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/^clientSystemTitle: .*8 bytes/) } });
    const addr = await dispatchInvoke(services.handlers, 'settings.previewAarq', { ...SEED, interface: 'hdlc-tcp', serverLogicalAddress: 300, serverAddressSize: 2 });
    expect(addr).toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/^serverLogicalAddress: /) } });
    const key = 'C0FFEE0102030405060708090A0B0C0Z';
    const bad = await dispatchInvoke(services.handlers, 'settings.previewAarq', { ...SEED, blockCipherKey: key });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.message).toMatch(/blockCipherKey/);
      expect(bad.error.message).not.toContain(key);
    }
  });

  it('the schema is DeviceSettings: defaults filled, unknown keys and out-of-range values refused', () => {
    const schema = invokeSchemas['settings.previewAarq'];
    expect(schema.safeParse({}).success).toBe(true);
    expect(schema.safeParse({ serverLogicalAddress: 0x4000 }).success).toBe(false);
    expect(schema.safeParse({ proposedConformance: 0x1000000 }).success).toBe(false);
    expect(schema.safeParse({ bogus: 1 }).success).toBe(false);
  });
});
