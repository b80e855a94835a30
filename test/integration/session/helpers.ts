// Shared pieces of the session integration tests: device files for the simulator, client settings
// for each association, and the comparison of what the client read with the device model.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDeviceFile, type DeviceModel } from '../../../src-main/sim/device-model';
import type { DlmsData } from '../../../src-main/dlms/axdr/types';
import type { AttributeReading } from '../../../src-main/session/read-all';
import type { SessionEvent } from '../../../src-main/session/types';
import { decodeApduBytes, type Apdu } from '../../../src-main/dlms/apdu';
import { decodeHdlcFrameBytes, stripLlc } from '../../../src-main/dlms/framing/hdlc/frame';
import { WrapperDeframer } from '../../../src-main/dlms/framing/wrapper';
import type { Authentication, DeviceSettingsInput, SecurityPolicy } from '../../../src-shared/settings';
import { REPO_ROOT } from '../../support/vectors';

export const EK = '000102030405060708090A0B0C0D0E0F';
export const AK = 'D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF';
export const HLS_SECRET_ASCII = 'Sha256Secret';

export function deviceJson(name: 'residential-meter' | 'elster-ip-module'): Record<string, unknown> & { associations: Record<string, unknown>[]; objects: Record<string, unknown>[] } {
  return JSON.parse(readFileSync(resolve(REPO_ROOT, 'assets/devices', `${name}.json`), 'utf8'));
}

export interface Combo {
  auth: Authentication;
  policy: SecurityPolicy;
  clientAddress: number;
}

const AUTHS: Authentication[] = ['none', 'low', 'high-gmac', 'high-sha256'];
const MECHANISM: Partial<Record<Authentication, number>> = { none: 0, low: 1, 'high-gmac': 5, 'high-sha256': 6 };

/** {none, low, GMAC, SHA-256} × {no ciphering, authenticated+encrypted}: client addresses 0x40.. */
export const COMBOS: Combo[] = AUTHS.flatMap((auth, i) => [
  { auth, policy: 'none' as SecurityPolicy, clientAddress: 0x40 + 2 * i },
  { auth, policy: 'authenticated-encrypted' as SecurityPolicy, clientAddress: 0x41 + 2 * i },
]);

const hex = (s: string): string => Buffer.from(s, 'latin1').toString('hex').toUpperCase();

/**
 * The residential meter with one association per combination (all objects readable, block
 * transfer at a 512-byte PDU so that the object list needs blocks, no general block transfer).
 */
export function matrixDevice(): DeviceModel {
  const f = deviceJson('residential-meter');
  const conformance = ['block-transfer-with-get-or-read', 'block-transfer-with-set-or-write', 'block-transfer-with-action', 'multiple-references', 'get', 'set', 'selective-access', 'action'];
  f.associations = COMBOS.map((c, i) => {
    const ciphered = c.policy !== 'none';
    const authentication: Record<string, unknown> = { mechanism: MECHANISM[c.auth] };
    if (c.auth === 'low') authentication.password = 'matrix-pw';
    if (c.auth === 'high-sha256') authentication.hlsSecret = hex(HLS_SECRET_ASCII);
    return {
      name: `matrix-${c.auth}-${c.policy}`,
      clientAddress: c.clientAddress,
      logicalName: `0-0:40.0.${10 + i}.255`,
      applicationContext: ciphered ? 'logical-name-with-ciphering' : 'logical-name',
      authentication,
      security: { policy: ciphered ? 3 : 0, suite: 0, keys: 'default', securitySetup: ciphered ? '0-0:43.0.1.255' : '0-0:43.0.0.255' },
      conformance: [...(ciphered ? ['general-protection'] : []), ...conformance],
      maxPduSize: 512,
      objects: 'all',
      defaultAccess: 'read-only',
    };
  });
  f.objects = [...f.objects, ...COMBOS.map((_, i) => ({ classId: 15, version: 1, obis: `0-0:40.0.${10 + i}.255`, name: `Association ${i}`, attributes: {} }))];
  return parseDeviceFile(f, 'matrix device (test)');
}

export function comboSettings(c: Combo, transport: 'wrapper-tcp' | 'wrapper-udp' | 'hdlc-tcp', port: number): DeviceSettingsInput {
  const s: DeviceSettingsInput = {
    interface: transport,
    port,
    clientAddress: c.clientAddress,
    serverLogicalAddress: 1,
    serverPhysicalAddress: transport === 'hdlc-tcp' ? 17 : 0,
    authentication: c.auth,
    securityPolicy: c.policy,
    cipherInitiateRequest: c.policy !== 'none',
    blockCipherKey: EK,
    authenticationKey: AK,
    clientSystemTitle: { encoding: 'ascii', text: 'MSC00001' },
    maxPduSize: 512,
    timeouts: { connectMs: 3000, responseMs: 3000, retries: 1 },
    hdlc: { maxInfoFieldTransmit: 128, maxInfoFieldReceive: 128, windowSizeTransmit: 1, windowSizeReceive: 1, inactivityTimeoutSeconds: 0 },
  };
  if (c.auth === 'low') s.password = { encoding: 'ascii', text: 'matrix-pw' };
  if (c.auth === 'high-sha256') s.password = { encoding: 'ascii', text: HLS_SECRET_ASCII };
  return s;
}

/** Values that legitimately differ from the device file while the meter runs. */
export function isDynamic(classId: number, obis: string, attributeId: number): boolean {
  if (classId === 8 && attributeId === 2) return true; // the clock runs
  if (classId === 15) return true; // association objects describe the association asking
  if (classId === 7 && (attributeId === 2 || attributeId === 7 || attributeId === 8)) return true; // buffers and their counts
  if (obis.startsWith('0-0:43.1.')) return true; // frame counters count this very traffic
  return false;
}

const jsonOf = (d: DlmsData): string => JSON.stringify(d, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : typeof v === 'bigint' ? v.toString() : v));

/** Compares readings with the device model: returns how many matched and every mismatch. */
export function compareWithDevice(device: DeviceModel, readings: AttributeReading[]): { matched: number; mismatches: string[] } {
  let matched = 0;
  const mismatches: string[] = [];
  for (const r of readings) {
    const o = device.getObject(r.entry.logicalName);
    if (!o) {
      mismatches.push(`${r.entry.obis} is not in the device file`);
      continue;
    }
    if (r.attributeId === 1) {
      if (r.result.ok && r.result.data.type === 'octet-string' && Buffer.from(r.result.data.value).equals(Buffer.from(o.logicalName))) matched++;
      else mismatches.push(`${r.entry.obis} logical_name`);
      continue;
    }
    const expected = o.get(r.attributeId);
    if (isDynamic(o.classId, o.obis, r.attributeId)) continue;
    if (expected === undefined) {
      if (r.result.ok) mismatches.push(`${r.entry.obis}:${r.attributeId} has a value the device file does not`);
      continue;
    }
    if (!r.result.ok) mismatches.push(`${r.entry.obis}:${r.attributeId} failed: ${r.result.error}`);
    else if (jsonOf(r.result.data) !== jsonOf(expected)) mismatches.push(`${r.entry.obis}:${r.attributeId} read ${jsonOf(r.result.data)} but the device file has ${jsonOf(expected)}`);
    else matched++;
  }
  return { matched, mismatches };
}

/** The seed's final settings (forum thread, last posts): wrapper 1 -> 1, HLS-GMAC, no ciphering, no GBT. */
export function seedSettings(port: number, extra: DeviceSettingsInput = {}): DeviceSettingsInput {
  return {
    interface: 'wrapper-tcp',
    port,
    clientAddress: 1,
    serverLogicalAddress: 1,
    authentication: 'high-gmac',
    securityPolicy: 'none',
    clientSystemTitle: { encoding: 'hex', text: '454C531111111111' },
    proposedConformance: 0x403edd,
    maxPduSize: 0x042e,
    challenge: { mode: 'fixed', length: 8, fixed: '1F674DC794DB7C79' },
    timeouts: { connectMs: 3000, responseMs: 3000, retries: 0 },
    ...extra,
  };
}


/**
 * The APDUs the client sent, from a session's frame events: WPDUs one APDU each; HDLC I frames
 * joined over their segments (LLC header stripped). Plain APDUs only (no ciphering).
 */
export function clientApdus(events: readonly SessionEvent[]): Apdu[] {
  const out: Apdu[] = [];
  const wrapper = new WrapperDeframer();
  let segments: Uint8Array[] = [];
  for (const e of events) {
    if (e.kind !== 'frame' || e.direction !== 'client->server') continue;
    if (e.layer === 'wrapper') {
      for (const f of wrapper.push(e.bytes)) out.push(decodeApduBytes(f.apdu));
    } else if (e.layer === 'hdlc') {
      const f = decodeHdlcFrameBytes(e.bytes);
      if (f.control.kind !== 'I' || !f.information) continue;
      segments.push(segments.length === 0 ? stripLlc(f.information) : f.information);
      if (f.segmented) continue;
      out.push(decodeApduBytes(Buffer.concat(segments)));
      segments = [];
    }
  }
  return out;
}

/** The residential meter's reader (client 32, LLS, LN; multiple-references granted) on a simulator. */
export function readerSettings(sim: { transport: string; port: number }): DeviceSettingsInput {
  const hdlc = sim.transport === 'hdlc-tcp';
  return {
    interface: hdlc ? 'hdlc-tcp' : 'wrapper-tcp',
    port: sim.port,
    clientAddress: 32,
    serverLogicalAddress: 1,
    serverPhysicalAddress: hdlc ? 17 : 0,
    authentication: 'low',
    password: { encoding: 'ascii', text: '12345678' },
    proposedConformance: 0x403edd,
    timeouts: { connectMs: 3000, responseMs: 3000, retries: 0 },
    hdlc: { maxInfoFieldTransmit: 128, maxInfoFieldReceive: 128, windowSizeTransmit: 1, windowSizeReceive: 1, inactivityTimeoutSeconds: 0 },
  };
}
