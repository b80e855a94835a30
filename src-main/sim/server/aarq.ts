// The server's answer to an AARQ (Green Book 9.3.2 and 9.4.2), checked in the order a meter does:
//   1. an association for the client address, and the initiate's ciphering against its policy: a
//      ciphered InitiateRequest where the context has no ciphering, or a plain one where the policy
//      ciphers, is refused like the seed's Elster module refused it: AARE rejected-permanent,
//      acse-service-user no-reason-given, the proposed context echoed, and a ConfirmedServiceError
//      initiateError / initiate other (seed vector aare-rejected-initiate-error);
//   2. the application context (LN/SN, ciphered or not)        -> application-context-name-not-supported
//   3. the mechanism name                                       -> authentication-mechanism-name-required / -not-recognised
//   4. the InitiateRequest (deciphered with the client's title) -> initiateError: dlms-version-too-low,
//      pdu-size-too-short, incompatible-conformance; deciphering failure -> application-reference
//   5. LLS password                                             -> authentication-failure
//      HLS: accepted with authentication-required (14) and a StoC challenge; pass 3 follows.
import { encodeApdu } from '../../dlms/apdu';
import type { Aarq } from '../../dlms/acse/aarq';
import type { Aare } from '../../dlms/acse/aare';
import { acseRequirements } from '../../dlms/acse/elements';
import { applicationContextInfo, applicationContextOid, mechanismInfo, mechanismOid, type AcseServiceUserDiagnostic } from '../../dlms/acse/names';
import type { UserInformation } from '../../dlms/acse/user-information';
import { decodeApduBytes } from '../../dlms/apdu';
import { DlmsDecodeError } from '../../dlms/errors';
import type { ServiceError } from '../../dlms/xdlms/confirmed-service-error';
import { conformanceBitValue, conformanceFromNumber, conformanceToNumber } from '../../dlms/xdlms/conformance';
import { VAA_NAME_LN, VAA_NAME_SN, type InitiateResponse } from '../../dlms/xdlms/initiate';
import { bytesEqual } from '../../../src-shared/hex';
import type { AssociationModel } from '../device-model';
import { keysOf, openRequest, sealResponse, type Protection } from './ciphering';
import type { DeviceRuntime } from './runtime';
import type { EngineEnvironment, SimulatorFaults } from './types';

/** What an accepted AARQ leaves behind for the rest of the association. */
export interface AcceptedAssociation {
  association: AssociationModel;
  status: 'pending' | 'associated';
  referencing: 'LN' | 'SN';
  /** The client's system title (calling-AP-title). */
  clientTitle?: Uint8Array;
  ctos?: Uint8Array;
  stoc?: Uint8Array;
  /** Negotiated conformance as the 24-bit number. */
  conformance: number;
  clientMaxPdu: number;
  dedicatedKey?: Uint8Array;
}

export interface AarqOutcome {
  aare: Uint8Array;
  accepted?: AcceptedAssociation;
}

/** Length of the server-to-client challenge the simulator sends (Green Book: 8 to 64 octets). */
export const STOC_LENGTH = 16;

const GBT = conformanceBitValue('general-block-transfer');

function aareBytes(a: Aare): Uint8Array {
  return encodeApdu({ type: 'acse', apdu: a });
}

function rejection(context: string, diagnostic: AcseServiceUserDiagnostic, userInformation?: UserInformation): Uint8Array {
  const a: Aare = { type: 'AARE', applicationContextName: context, result: 'rejected-permanent', resultSourceDiagnostic: { source: 'acse-service-user', diagnostic } };
  if (userInformation) a.userInformation = userInformation;
  return aareBytes(a);
}

/** The refusal of the xDLMS context: AARE rejected-permanent, no-reason-given, ConfirmedServiceError initiateError. */
function initiateRejection(context: string, error: ServiceError): Uint8Array {
  return rejection(context, 'no-reason-given', { type: 'confirmedServiceError', service: 'initiateError', error });
}

export function handleAarq(rt: DeviceRuntime, env: EngineEnvironment, faults: SimulatorFaults, clientAddress: number, aarq: Aarq): AarqOutcome {
  const proposed = aarq.applicationContextName;
  const a = rt.model.associationForClient(clientAddress);
  const ui = aarq.userInformation;
  const cipheredInitiate = ui?.type === 'ciphered';
  // 1. no association for this client, or the initiate's ciphering against the association's policy
  if (!a) return { aare: initiateRejection(proposed, { choice: 'initiate', value: 'other' }) };
  const contextCiphers = a.applicationContext.endsWith('with-ciphering');
  if ((cipheredInitiate && !contextCiphers) || (!cipheredInitiate && a.securityPolicy !== 0)) {
    return { aare: initiateRejection(proposed, { choice: 'initiate', value: 'other' }) };
  }
  // 2. application context
  const ctx = applicationContextInfo(proposed);
  const ownContext = applicationContextOid(a.applicationContext.startsWith('logical-name') ? 'LN' : 'SN', contextCiphers);
  if (!ctx || ctx.id !== a.applicationContextId) return { aare: rejection(ownContext, 'application-context-name-not-supported') };
  // 3. mechanism
  if (a.mechanism !== 0 && aarq.mechanismName === undefined) return { aare: rejection(ownContext, 'authentication-mechanism-name-required') };
  const mech = aarq.mechanismName === undefined ? 0 : mechanismInfo(aarq.mechanismName)?.id;
  if (mech !== a.mechanism) return { aare: rejection(ownContext, 'authentication-mechanism-name-not-recognised') };
  const clientTitle = aarq.callingApTitle;
  if ((contextCiphers || mech >= 5) && clientTitle?.length !== 8) return { aare: rejection(ownContext, 'calling-AP-title-not-recognized') };
  // 4. the InitiateRequest, deciphered when it came ciphered
  let protection: Protection | undefined;
  let initiate = ui;
  if (ui?.type === 'ciphered') {
    const opened = openRequest(rt, a, ui.apdu, keysOf(a, undefined, clientTitle));
    if (!opened.ok) return { aare: initiateRejection(proposed, { choice: 'application-reference', value: 'deciphering-error' }) };
    protection = opened.protection;
    try {
      const inner = decodeApduBytes(opened.plaintext);
      initiate = inner.type === 'initiateRequest' ? inner : undefined;
    } catch (e) {
      if (!(e instanceof DlmsDecodeError)) throw e;
      initiate = undefined;
    }
  }
  if (initiate?.type !== 'initiateRequest') return { aare: initiateRejection(proposed, { choice: 'initiate', value: 'other' }) };
  if (initiate.proposedDlmsVersionNumber < 6) return { aare: initiateRejection(proposed, { choice: 'initiate', value: 'dlms-version-too-low' }) };
  const clientMaxPdu = initiate.clientMaxReceivePduSize === 0 ? 0xffff : initiate.clientMaxReceivePduSize;
  if (clientMaxPdu < 12) return { aare: initiateRejection(proposed, { choice: 'initiate', value: 'pdu-size-too-short' }) };
  let conformance = conformanceToNumber(initiate.proposedConformance) & a.conformance;
  if (faults.refuseGbt) conformance &= ~GBT;
  if (conformance === 0) return { aare: initiateRejection(proposed, { choice: 'initiate', value: 'incompatible-conformance' }) };

  // 5. authentication
  const accepted: AcceptedAssociation = { association: a, status: 'associated', referencing: ctx.referencing, conformance, clientMaxPdu };
  if (clientTitle) accepted.clientTitle = clientTitle;
  if (initiate.dedicatedKey) accepted.dedicatedKey = initiate.dedicatedKey;
  const out: Aare = {
    type: 'AARE',
    applicationContextName: ownContext,
    result: 'accepted',
    resultSourceDiagnostic: { source: 'acse-service-user', diagnostic: 'null' },
  };
  if (contextCiphers || mech >= 2) out.respondingApTitle = rt.model.identity.systemTitle;
  const value = aarq.callingAuthenticationValue;
  const secret = value?.type === 'charstring' ? value.value : undefined;
  if (mech === 1) {
    if (!secret || !a.password || !bytesEqual(secret, a.password)) return { aare: rejection(ownContext, 'authentication-failure') };
  } else if (mech >= 2) {
    if (!secret || secret.length < 8 || secret.length > 64) return { aare: rejection(ownContext, 'authentication-failure') };
    accepted.status = 'pending';
    accepted.ctos = secret;
    accepted.stoc = env.random(STOC_LENGTH);
    out.resultSourceDiagnostic = { source: 'acse-service-user', diagnostic: 'authentication-required' };
    out.responderAcseRequirements = acseRequirements(true);
    out.mechanismName = mechanismOid(mech);
    out.respondingAuthenticationValue = { type: 'charstring', value: accepted.stoc };
  }
  const response: InitiateResponse = {
    type: 'initiateResponse',
    negotiatedDlmsVersionNumber: 6,
    negotiatedConformance: conformanceFromNumber(conformance),
    serverMaxReceivePduSize: a.maxPduSize,
    vaaName: ctx.referencing === 'LN' ? VAA_NAME_LN : VAA_NAME_SN,
  };
  if (protection) {
    const sealed = sealResponse(rt, a, protection, encodeApdu(response), keysOf(a, accepted.dedicatedKey, clientTitle));
    const opened = decodeApduBytes(sealed);
    if (opened.type !== 'ciphered') throw new Error('sealed initiate response is not a ciphered APDU');
    out.userInformation = { type: 'ciphered', apdu: opened.apdu };
  } else {
    out.userInformation = response;
  }
  return { aare: aareBytes(out), accepted };
}
