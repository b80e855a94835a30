// What an AARE means to the client (Green Book 9.3.2): accepted (maybe pending HLS), or rejected
// with the plain reason of acse/describe.ts. A ciphered user-information (glo-initiate-response,
// glo-confirmed-service-error) is opened first, so that its InitiateResponse or its reason counts.

import type { DeviceSettings } from '../../../src-shared/settings';
import { decodeApduBytes } from '../apdu';
import type { Aare } from '../acse/aare';
import type { Aarq } from '../acse/aarq';
import { describeAareRejection } from '../acse/describe';
import { conformanceNames, conformanceToNumber, type Conformance } from '../xdlms/conformance';
import { describeConfirmedServiceError } from '../xdlms/confirmed-service-error';
import { mechanismIdFor } from './aarq';
import type { CipheringContext } from './ciphering';
import { AssociationFault } from './fault';
import type { AssociationInfo } from './types';

export type AareOutcome =
  | { kind: 'rejected'; reason: string }
  | { kind: 'accepted'; info: AssociationInfo; negotiated: Conformance; stoc?: Uint8Array };

/** Interprets an AARE; the server system title it carries becomes the ciphering context's. */
export function interpretAare(aare: Aare, aarq: Aarq | undefined, settings: DeviceSettings, cipher: CipheringContext): AareOutcome {
  if (aare.respondingApTitle?.length === 8) cipher.serverSystemTitle = aare.respondingApTitle;
  let u = aare.userInformation;
  if (u?.type === 'ciphered') {
    try {
      const plain = decodeApduBytes(cipher.open(u.apdu));
      if (plain.type === 'initiateResponse' || plain.type === 'confirmedServiceError') u = plain;
    } catch (e) {
      if (aare.result === 'accepted') throw e; // a rejection stays a rejection even if its reason cannot be opened
    }
  }
  if (aare.result !== 'accepted') return { kind: 'rejected', reason: describeAareRejection(u === undefined ? aare : { ...aare, userInformation: u }, aarq) };
  if (u?.type === 'confirmedServiceError') return { kind: 'rejected', reason: `meter rejected the xDLMS context: ${describeConfirmedServiceError(u)}` };
  if (u?.type !== 'initiateResponse') throw new AssociationFault('decode-error', 'the AARE accepted the association but carries no InitiateResponse');
  const n = conformanceToNumber(u.negotiatedConformance);
  const info: AssociationInfo = {
    applicationContextName: aare.applicationContextName,
    mechanism: mechanismIdFor(settings),
    negotiatedConformance: conformanceNames(n),
    negotiatedConformanceValue: n,
    serverMaxReceivePduSize: u.serverMaxReceivePduSize,
    dlmsVersion: u.negotiatedDlmsVersionNumber,
    vaaName: u.vaaName,
  };
  if (cipher.serverSystemTitle !== undefined) info.serverSystemTitle = cipher.serverSystemTitle;
  const d = aare.resultSourceDiagnostic;
  if (d.source !== 'acse-service-user' || d.diagnostic !== 'authentication-required') return { kind: 'accepted', info, negotiated: u.negotiatedConformance };
  if (info.mechanism < 2) throw new AssociationFault('hls-failed', `the meter asks for HLS authentication but the settings use ${settings.authentication}`);
  const v = aare.respondingAuthenticationValue;
  if (v?.type !== 'charstring') throw new AssociationFault('hls-failed', 'the AARE asks for HLS authentication but carries no server-to-client challenge');
  return { kind: 'accepted', info, negotiated: u.negotiatedConformance, stoc: v.value };
}
