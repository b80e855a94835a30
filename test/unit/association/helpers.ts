// Playbook helpers for the client association: settings, a ledger, a fake random source, the
// server's APDUs built with the codec's encoders, and small command filters.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { ClientAssociation, type ClientAssociationOptions } from '../../../src-main/dlms/association/client';
import type { AssociationCommand, InvocationCounterLedger } from '../../../src-main/dlms/association/types';
import type { HlsOptions } from '../../../src-main/dlms/association/hls';
import { encodeApdu, type Apdu } from '../../../src-main/dlms/apdu';
import { encodeAcseApduBytes } from '../../../src-main/dlms/acse/apdu';
import type { Aare } from '../../../src-main/dlms/acse/aare';
import { acseRequirements } from '../../../src-main/dlms/acse/elements';
import { conformanceFromNumber } from '../../../src-main/dlms/xdlms/conformance';
import type { InitiateResponse } from '../../../src-main/dlms/xdlms/initiate';
import type { InvokeIdAndPriority } from '../../../src-main/dlms/xdlms/common';
import { deviceSettings, type DeviceSettingsInput } from '../../../src-shared/settings';
import { expect } from 'vitest';
import { fromHex, toHex } from '../../../src-shared/hex';

export const EK = '000102030405060708090A0B0C0D0E0F';
export const AK = 'D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF';

/** A ledger starting at `first`, recording what it gave. */
export function ledger(first = 1): InvocationCounterLedger & { given: number[] } {
  let n = first;
  const given: number[] = [];
  return {
    given,
    next() {
      given.push(n);
      return n++;
    },
  };
}

/** A random source that must not be called (fixed challenges) or returns a fixed pattern. */
export function fixedRandom(bytes?: Uint8Array): (n: number) => Uint8Array {
  return (n) => {
    if (!bytes) throw new Error('random() was called');
    return bytes.slice(0, n);
  };
}

export function client(settings: DeviceSettingsInput, opts: { ledger?: InvocationCounterLedger; random?: (n: number) => Uint8Array; hls?: HlsOptions } = {}): ClientAssociation {
  const o: ClientAssociationOptions = { settings: deviceSettings(settings), random: opts.random ?? fixedRandom(), ledger: opts.ledger ?? ledger() };
  if (opts.hls) o.hls = opts.hls;
  return new ClientAssociation(o);
}

export const hex = (b: Uint8Array): string => toHex(b);
export const sent = (cmds: AssociationCommand[]): string[] => cmds.flatMap((c) => (c.kind === 'sendApdu' ? [toHex(c.bytes)] : []));
export const kinds = (cmds: AssociationCommand[]): string[] => cmds.map((c) => c.kind);
export function only<K extends AssociationCommand['kind']>(cmds: AssociationCommand[], kind: K): Extract<AssociationCommand, { kind: K }> {
  const found = cmds.filter((c): c is Extract<AssociationCommand, { kind: K }> => c.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind} command, got ${JSON.stringify(kinds(cmds))}`);
  return found[0]!;
}

export const apdu = (a: Apdu): Uint8Array => encodeApdu(a);
export const iip = (invokeId: number): InvokeIdAndPriority => ({ invokeId, serviceClass: 'confirmed', priority: 'high' });

export function initiateResponse(conformance: number, maxPdu: number, vaaName = 0x0007): InitiateResponse {
  return { type: 'initiateResponse', negotiatedDlmsVersionNumber: 6, negotiatedConformance: conformanceFromNumber(conformance), serverMaxReceivePduSize: maxPdu, vaaName };
}

/** An AARE built with the codec: accepted (optionally asking for HLS with StoC) or rejected. */
export function aare(o: {
  context?: string;
  result?: Aare['result'];
  diagnostic?: Aare['resultSourceDiagnostic'];
  serverSystemTitle?: Uint8Array;
  mechanism?: string;
  stoc?: Uint8Array;
  userInformation?: Aare['userInformation'];
}): Uint8Array {
  const a: Aare = {
    type: 'AARE',
    applicationContextName: o.context ?? '2.16.756.5.8.1.1',
    result: o.result ?? 'accepted',
    resultSourceDiagnostic: o.diagnostic ?? { source: 'acse-service-user', diagnostic: o.stoc ? 'authentication-required' : 'null' },
  };
  if (o.serverSystemTitle) a.respondingApTitle = o.serverSystemTitle;
  if (o.stoc) {
    a.responderAcseRequirements = acseRequirements(true);
    a.mechanismName = o.mechanism ?? '2.16.756.5.8.2.5';
    a.respondingAuthenticationValue = { type: 'charstring', value: o.stoc };
  }
  const ui = o.userInformation ?? initiateResponse(0x00501f, 500);
  a.userInformation = ui;
  return encodeAcseApduBytes(a);
}

/** AES-GCM done here with node:crypto directly (independent of src-main/dlms/security). */
export function gmacTag(ek: Uint8Array, iv: Uint8Array, aad: Uint8Array): Uint8Array {
  const c = createCipheriv('aes-128-gcm', ek, iv, { authTagLength: 16 });
  c.setAAD(aad);
  c.final();
  return new Uint8Array(c.getAuthTag()).subarray(0, 12);
}

export function gcmEncrypt(ek: Uint8Array, iv: Uint8Array, aad: Uint8Array, plain: Uint8Array): Uint8Array {
  const c = createCipheriv(ek.length === 32 ? 'aes-256-gcm' : 'aes-128-gcm', ek, iv, { authTagLength: 16 });
  c.setAAD(aad);
  const ct = Buffer.concat([c.update(plain), c.final()]);
  return new Uint8Array(Buffer.concat([ct, c.getAuthTag().subarray(0, 12)]));
}

export function gcmDecrypt(ek: Uint8Array, iv: Uint8Array, aad: Uint8Array, ctAndTag: Uint8Array): Uint8Array {
  const d = createDecipheriv(ek.length === 32 ? 'aes-256-gcm' : 'aes-128-gcm', ek, iv, { authTagLength: 12 });
  d.setAAD(aad);
  d.setAuthTag(ctAndTag.subarray(ctAndTag.length - 12));
  return new Uint8Array(Buffer.concat([d.update(ctAndTag.subarray(0, ctAndTag.length - 12)), d.final()]));
}

export const cat = (...parts: (Uint8Array | string)[]): Uint8Array => {
  const bs = parts.map((p) => (typeof p === 'string' ? fromHex(p) : p));
  const out = new Uint8Array(bs.reduce((n, b) => n + b.length, 0));
  let o = 0;
  for (const b of bs) {
    out.set(b, o);
    o += b.length;
  }
  return out;
};

export const u32 = (n: number): string => n.toString(16).padStart(8, '0');

/** A server-side glo- APDU: tag, length, SC 30, IC, ciphertext || tag, made with node:crypto. */
export function serverGlo(tag: number, plain: Uint8Array, ic: number, serverTitle: Uint8Array, sc = 0x30): Uint8Array {
  const iv = cat(serverTitle, u32(ic));
  const body = sc === 0x30 ? gcmEncrypt(fromHex(EK), iv, cat(Uint8Array.of(sc), AK), plain) : cat(plain, gmacTag(fromHex(EK), iv, cat(Uint8Array.of(sc), AK, plain)));
  const content = cat(Uint8Array.of(sc), u32(ic), body);
  return cat(Uint8Array.of(tag, content.length), content);
}

/** A client associated without authentication; conformance 0x007E1F has no GBT, 0x607E1F has. */
export function associated(settings: DeviceSettingsInput = {}, conformance = 0x007e1f, maxPdu = 1024, opts: { ledger?: InvocationCounterLedger } = {}): ClientAssociation {
  const c = client({ authentication: 'none', ...settings }, opts);
  c.associate();
  expect(kinds(c.receive(aare({ userInformation: initiateResponse(conformance, maxPdu) })))).toEqual(['associated']);
  return c;
}
