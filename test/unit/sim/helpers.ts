// Test helpers for the simulator engine: a fresh device + engine, AARQs built with the codec, and a
// management association taken through HLS-GMAC with ciphering the way a client does it.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { decodeApduBytes, encodeApdu, type Apdu } from '../../../src-main/dlms/apdu';
import type { Aarq } from '../../../src-main/dlms/acse/aarq';
import type { Aare } from '../../../src-main/dlms/acse/aare';
import { acseRequirements } from '../../../src-main/dlms/acse/elements';
import { applicationContextOid, mechanismOid } from '../../../src-main/dlms/acse/names';
import { conformanceFromNumber } from '../../../src-main/dlms/xdlms/conformance';
import { openCipheredApdu, sealApdu } from '../../../src-main/dlms/security/gcm';
import { computeHlsResponse } from '../../../src-main/dlms/security/hls';
import type { InitiateRequest } from '../../../src-main/dlms/xdlms/initiate';
import { parseDeviceFile, type DeviceModel } from '../../../src-main/sim/device-model';
import { AssociationServer, DeviceRuntime, type SimulatorFaults } from '../../../src-main/sim/server';
import { fromHex } from '../../../src-shared/hex';
import { REPO_ROOT } from '../../support/vectors';

export const EK = fromHex('000102030405060708090A0B0C0D0E0F');
export const AK = fromHex('D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF');
export const CLIENT_TITLE = fromHex('4D54520000000001');

export function deviceJson(name: 'residential-meter' | 'elster-ip-module'): Record<string, unknown> {
  return JSON.parse(readFileSync(resolve(REPO_ROOT, `assets/devices/${name}.json`), 'utf8')) as Record<string, unknown>;
}

export function device(name: 'residential-meter' | 'elster-ip-module', edit?: (json: Record<string, unknown>) => void): DeviceModel {
  const json = deviceJson(name);
  edit?.(json);
  return parseDeviceFile(json, name);
}

export interface Rig {
  rt: DeviceRuntime;
  engine: AssociationServer;
  /** Sends APDU bytes, returns the reply APDUs. */
  send(apdu: Uint8Array | Apdu): Uint8Array[];
  /** Sends and decodes the single reply. */
  ask(apdu: Uint8Array | Apdu): Apdu;
  faults: SimulatorFaults;
}

export function rig(model: DeviceModel, client: number, options: { now?: number; stoc?: Uint8Array; maxGbtWindow?: number } = {}): Rig {
  const rt = new DeviceRuntime(model, () => options.now ?? 0);
  const faults: SimulatorFaults = {};
  const stoc = options.stoc ?? fromHex('0102030405060708090A0B0C0D0E0F10');
  const engine = new AssociationServer(rt, client, { now: () => options.now ?? 0, random: (n) => stoc.subarray(0, n) }, () => faults, options.maxGbtWindow ? { maxGbtWindow: options.maxGbtWindow } : {});
  const send = (a: Uint8Array | Apdu): Uint8Array[] => engine.handle(a instanceof Uint8Array ? a : encodeApdu(a)).replies;
  return {
    rt,
    engine,
    faults,
    send,
    ask(a) {
      const r = send(a);
      if (r.length !== 1) throw new Error(`expected one reply, got ${r.length}`);
      return decodeApduBytes(r[0]!);
    },
  };
}

export function initiate(conformance: number, maxPdu = 0xffff, version = 6): InitiateRequest {
  return { type: 'initiateRequest', responseAllowed: true, proposedDlmsVersionNumber: version, proposedConformance: conformanceFromNumber(conformance), clientMaxReceivePduSize: maxPdu };
}

export function aarq(p: { context?: 1 | 2 | 3 | 4; mechanism?: number; value?: Uint8Array; title?: Uint8Array; initiate?: InitiateRequest; userInformation?: Aarq['userInformation'] }): Apdu {
  const ctx = p.context ?? 1;
  const a: Aarq = { type: 'AARQ', applicationContextName: applicationContextOid(ctx === 1 || ctx === 3 ? 'LN' : 'SN', ctx >= 3) };
  if (p.title) a.callingApTitle = p.title;
  if (p.mechanism !== undefined) {
    a.senderAcseRequirements = acseRequirements(true);
    a.mechanismName = mechanismOid(p.mechanism);
  }
  if (p.value) a.callingAuthenticationValue = { type: 'charstring', value: p.value };
  const ui = p.userInformation ?? p.initiate;
  if (ui) a.userInformation = ui;
  return { type: 'acse', apdu: a };
}

export function aareOf(a: Apdu): Aare {
  if (a.type !== 'acse' || a.apdu.type !== 'AARE') throw new Error(`not an AARE: ${a.type}`);
  return a.apdu;
}

/** A client's ciphering state: seals requests with glo- tags (SC 0x30) and opens the responses. */
export class CipheringClient {
  ic = 1;
  constructor(
    readonly serverTitle: Uint8Array,
    readonly title = CLIENT_TITLE,
  ) {}
  seal(plain: Uint8Array, tag: 0x21 | 0xc8 | 0xc9 | 0xcb, sc = 0x30, ic = this.ic++): Uint8Array {
    return sealApdu({ target: { type: 'service-specific', tag }, securityControl: sc, invocationCounter: ic, systemTitle: this.title, keys: { ek: EK, ak: AK }, plaintext: plain }).bytes;
  }
  open(bytes: Uint8Array): Apdu {
    const a = decodeApduBytes(bytes);
    if (a.type !== 'ciphered') throw new Error(`expected a ciphered response, got ${a.type} ${JSON.stringify(a)}`);
    return decodeApduBytes(openCipheredApdu(a.apdu, { ek: EK, ak: AK, systemTitle: this.serverTitle }).plaintext);
  }
}

/** Takes the residential management client (1) through AARQ (glo-initiate) and HLS-GMAC pass 3/4. */
export function management(model = device('residential-meter'), conformance = 0x40_3e_dd): { r: Rig; c: CipheringClient; fCtoS: Uint8Array; ctos: Uint8Array } {
  const r = rig(model, 1);
  const c = new CipheringClient(model.identity.systemTitle);
  const ctos = fromHex('1F674DC794DB7C79');
  const ui = decodeApduBytes(c.seal(encodeApdu(initiate(conformance, 1024)), 0x21));
  if (ui.type !== 'ciphered') throw new Error('sealing failed');
  const aare = aareOf(r.ask(aarq({ context: 3, mechanism: 5, value: ctos, title: c.title, userInformation: ui })));
  if (aare.result !== 'accepted') throw new Error(`management AARQ refused: ${JSON.stringify(aare.resultSourceDiagnostic)}`);
  const stoc = aare.respondingAuthenticationValue?.type === 'charstring' ? aare.respondingAuthenticationValue.value : new Uint8Array(0);
  const f = computeHlsResponse(5, { role: 'client', ctos, stoc, systemTitle: c.title, invocationCounter: c.ic++, ek: EK, ak: AK });
  const action = encodeApdu({
    type: 'action-request-normal',
    invokeIdAndPriority: { invokeId: 1, serviceClass: 'confirmed', priority: 'high' },
    descriptor: { classId: 15, instanceId: fromHex('0000280000FF'), methodId: 1 },
    parameters: { type: 'octet-string', value: f },
  });
  const reply = c.open(r.send(c.seal(action, 0xcb))[0]!);
  if (reply.type !== 'action-response-normal' || reply.response.result !== 0) throw new Error(`HLS pass 3 failed: ${JSON.stringify(reply)}`);
  const ret = reply.response.returnParameters;
  const fCtoS = ret?.type === 'data' && ret.data.type === 'octet-string' ? ret.data.value : new Uint8Array(0);
  return { r, c, fCtoS, ctos };
}
