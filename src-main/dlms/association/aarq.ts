// The AARQ and RLRQ a client sends, built from DeviceSettings alone (Green Book 9.3.2 / 9.3.3,
// IEC 62056-5-3 "COSEM-OPEN"), so that what the settings say is what goes on the wire:
//
//   application-context-name  LN/SN, "with ciphering" when a security policy is set or the
//                             InitiateRequest is ciphered (…1.1 / 1.2 / 1.3 / 1.4)
//   calling-AP-title          the client system title, when HLS (mechanisms 2..7) or ciphering is used
//   sender-acse-requirements  authentication (07 80), mechanism-name 2.16.756.5.8.2.x and
//   calling-authentication-value  the LLS password, or the HLS challenge CtoS (8..64 bytes)
//   user-information          InitiateRequest { dedicated-key, response-allowed, conformance,
//                             client-max-receive-pdu-size, DLMS version 6 }, plain or glo-/ded-
//                             ciphered (or general-glo/ded-ciphering with cipheringForm 'general')

import { bytesOf, MECHANISM_ID, type DeviceSettings } from '../../../src-shared/settings';
import { fromHex } from '../../../src-shared/hex';
import type { Aarq } from '../acse/aarq';
import type { Rlrq } from '../acse/release';
import { acseRequirements } from '../acse/elements';
import { applicationContextOid, mechanismOid } from '../acse/names';
import type { UserInformation } from '../acse/user-information';
import { conformanceFromNumber } from '../xdlms/conformance';
import type { InitiateRequest } from '../xdlms/initiate';
import { AssociationFault } from './fault';

/** A setting that cannot become bytes: the message names the setting, never a key. */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

/** The byte values the settings stand for (keys stay in here; error texts never show them). */
export interface AssociationSecrets {
  clientSystemTitle: Uint8Array;
  /** Expected server system title from the settings (the AARE's responding-AP-title wins). */
  serverSystemTitle?: Uint8Array;
  ek: Uint8Array;
  ak: Uint8Array;
  dedicatedKey?: Uint8Array;
  /** LLS password or HLS secret. */
  password: Uint8Array;
}

function bytesSetting(name: string, fn: () => Uint8Array): Uint8Array {
  try {
    return fn();
  } catch (e) {
    throw new SettingsError(`${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function settingsSecrets(s: DeviceSettings): AssociationSecrets {
  const clientSystemTitle = bytesSetting('client system title', () => bytesOf(s.clientSystemTitle));
  if (clientSystemTitle.length !== 8) throw new SettingsError(`client system title must be 8 bytes, got ${clientSystemTitle.length}`);
  const out: AssociationSecrets = {
    clientSystemTitle,
    ek: bytesSetting('block cipher key', () => fromHex(s.blockCipherKey)),
    ak: bytesSetting('authentication key', () => fromHex(s.authenticationKey)),
    password: bytesSetting('password', () => bytesOf(s.password)),
  };
  if (s.serverSystemTitle !== undefined) {
    const st = bytesSetting('server system title', () => bytesOf(s.serverSystemTitle!));
    if (st.length !== 8) throw new SettingsError(`server system title must be 8 bytes, got ${st.length}`);
    out.serverSystemTitle = st;
  }
  if (s.dedicatedKey !== undefined) out.dedicatedKey = bytesSetting('dedicated key', () => fromHex(s.dedicatedKey!));
  const keyLength = s.securitySuite === 2 ? 32 : 16;
  if (isCipheredContext(s)) {
    if (out.ek.length !== keyLength) throw new SettingsError(`security suite ${s.securitySuite} needs a ${keyLength}-byte block cipher key`);
    if (out.dedicatedKey !== undefined && out.dedicatedKey.length !== keyLength) {
      throw new SettingsError(`security suite ${s.securitySuite} needs a ${keyLength}-byte dedicated key`);
    }
  }
  return out;
}

/** The "with ciphering" application contexts: a security policy, or a ciphered InitiateRequest. */
export function isCipheredContext(s: DeviceSettings): boolean {
  return s.securityPolicy !== 'none' || s.cipherInitiateRequest;
}

export function applicationContextFor(s: DeviceSettings): string {
  return applicationContextOid(s.referencing === 'ln' ? 'LN' : 'SN', isCipheredContext(s));
}

export function mechanismIdFor(s: DeviceSettings): number {
  return MECHANISM_ID[s.authentication];
}

/** The HLS client-to-server challenge: the fixed value, or `length` random bytes (8..64). */
export function challengeFor(s: DeviceSettings, random: (n: number) => Uint8Array): Uint8Array {
  if (s.challenge.mode === 'fixed') {
    const c = bytesSetting('fixed challenge', () => fromHex(s.challenge.fixed ?? ''));
    if (c.length < 8 || c.length > 64) throw new SettingsError(`a challenge is 8 to 64 bytes, the fixed one has ${c.length}`);
    return c;
  }
  const c = random(s.challenge.length);
  if (c.length !== s.challenge.length) throw new SettingsError(`the random source gave ${c.length} bytes for a ${s.challenge.length}-byte challenge`);
  return c;
}

/** The xDLMS InitiateRequest the settings propose. The dedicated key is only ever sent ciphered. */
export function initiateRequestFor(s: DeviceSettings, secrets: AssociationSecrets): InitiateRequest {
  const q: InitiateRequest = {
    type: 'initiateRequest',
    responseAllowed: true,
    proposedDlmsVersionNumber: s.dlmsVersion,
    proposedConformance: conformanceFromNumber(s.proposedConformance),
    clientMaxReceivePduSize: s.maxPduSize,
  };
  if (secrets.dedicatedKey !== undefined && s.cipherInitiateRequest) q.dedicatedKey = secrets.dedicatedKey;
  return q;
}

export interface AarqParts {
  /** The HLS challenge (CtoS) for mechanisms 2..7. */
  challenge?: Uint8Array;
  /** The user-information: the plain InitiateRequest or its ciphered form. */
  userInformation: UserInformation;
}

/** The AARQ of the settings (pure: the challenge and the ciphered InitiateRequest come in). */
export function buildAarq(s: DeviceSettings, secrets: AssociationSecrets, parts: AarqParts): Aarq {
  const mechanism = mechanismIdFor(s);
  const aarq: Aarq = { type: 'AARQ', applicationContextName: applicationContextFor(s) };
  if (mechanism >= 2 || isCipheredContext(s)) aarq.callingApTitle = secrets.clientSystemTitle;
  if (mechanism >= 1) {
    aarq.senderAcseRequirements = acseRequirements(true);
    aarq.mechanismName = mechanismOid(mechanism);
    const value = mechanism === 1 ? secrets.password : parts.challenge;
    if (value === undefined) throw new SettingsError('HLS needs a client-to-server challenge');
    aarq.callingAuthenticationValue = { type: 'charstring', value };
  }
  aarq.userInformation = parts.userInformation;
  return aarq;
}

/** RLRQ reason normal, with the (ciphered) InitiateRequest when ciphering is on (Green Book 9.3.3). */
export function buildRlrq(userInformation?: UserInformation): Rlrq {
  const rlrq: Rlrq = { type: 'RLRQ', reason: 'normal' };
  if (userInformation !== undefined) rlrq.userInformation = userInformation;
  return rlrq;
}

/** Runs fn, reporting a SettingsError as the association's 'bad-settings' fault. */
export function guardSettings<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof SettingsError) throw new AssociationFault('bad-settings', e.message);
    throw e;
  }
}
