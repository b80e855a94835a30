// Plain-language reading of an AARE for the engineer in front of a meter that will not associate:
// which field the meter complained about, and which setting to look at. The diagnostic names are
// the Green Book's (Associate-source-diagnostic, ServiceError); the advice is ours.

import { assertNever } from '../errors';
import type { Aare } from './aare';
import type { Aarq } from './aarq';
import { applicationContextInfo, mechanismInfo, type AcseServiceUserDiagnostic } from './names';
import type { ConfirmedServiceError } from '../xdlms/confirmed-service-error';
import { conformanceNames } from '../xdlms/conformance';

function contextText(oid: string | undefined): string {
  if (oid === undefined) return 'an unknown context';
  const info = applicationContextInfo(oid);
  if (!info) return oid;
  return `${info.referencing === 'LN' ? 'logical name referencing (LN)' : 'short name referencing (SN)'}${info.ciphered ? ' with ciphering' : ' without ciphering'}`;
}

function mechanismText(oid: string | undefined): string {
  if (oid === undefined) return 'no authentication mechanism';
  return mechanismInfo(oid)?.meaning ?? oid;
}

const USER_ADVICE: Partial<Record<AcseServiceUserDiagnostic, string>> = {
  'calling-AP-title-not-recognized': 'the meter does not know the client system title (calling-AP-title); check the client system title setting',
  'calling-AP-invocation-identifier-not-recognized': 'check the calling-AP-invocation-id the client sends',
  'calling-AE-qualifier-not-recognized': 'the meter did not accept the calling-AE-qualifier (e.g. the client certificate with HLS ECDSA)',
  'calling-AE-invocation-identifier-not-recognized': 'check the calling-AE-invocation-id (invocation counter) the client sends',
  'called-AP-title-not-recognized': 'the called-AP-title does not match the meter; check the server system title',
  'called-AP-invocation-identifier-not-recognized': 'check the called-AP-invocation-id',
  'called-AE-qualifier-not-recognized': 'check the called-AE-qualifier (server address / logical device)',
  'called-AE-invocation-identifier-not-recognized': 'check the called-AE-invocation-id',
  'authentication-mechanism-name-not-recognised': 'the meter does not support this authentication mechanism for this client; check the authentication level (none, LLS, HLS GMAC, ...) and the client address',
  'authentication-mechanism-name-required': 'this client address needs authentication; choose an authentication mechanism (LLS password or HLS)',
  'authentication-failure': 'check the password/authentication key',
  'authentication-required': 'this client address needs authentication; choose an authentication mechanism and give the password or keys',
};

/** Advice for a ConfirmedServiceError carried by a rejecting AARE. */
function xdlmsAdvice(e: ConfirmedServiceError, aarq: Aarq | undefined): string {
  const req = aarq?.userInformation?.type === 'initiateRequest' ? aarq.userInformation : undefined;
  const err = e.error;
  const head = `the meter refused the xDLMS InitiateRequest (${e.service}: ${err.choice} ${String(err.value)})`;
  if (err.choice === 'initiate') {
    switch (err.value) {
      case 'dlms-version-too-low':
        return `${head}; the proposed DLMS version${req ? ` ${req.proposedDlmsVersionNumber}` : ''} is too low, propose 6`;
      case 'incompatible-conformance':
        return `${head}; no usable conformance bits in common${req ? ` (proposed: ${conformanceNames(req.proposedConformance).join(', ') || 'none'})` : ''}; check the conformance block (LN services get/set/action vs SN services read/write)`;
      case 'pdu-size-too-short':
        return `${head}; the client-max-receive-pdu-size${req ? ` ${req.clientMaxReceivePduSize}` : ''} is too small for the meter, propose a larger max PDU size`;
      case 'refused-by-the-VDE-Handler':
        return `${head}; the meter's logical device refused the context; check the server address (logical device) and the client address`;
      case 'other':
        return `${head}; the meter gives no reason: compare the application context (LN/SN, ciphering), the conformance block, the max PDU size and, with ciphering, the security policy, keys and system title against a working configuration`;
      default:
        return assertNever(err, 'initiate ServiceError');
    }
  }
  if (err.choice === 'application-reference' && err.value === 'deciphering-error') {
    return `${head}; the meter could not decipher or authenticate the ciphered InitiateRequest: check the block cipher (encryption) key, the authentication key, the client system title and the security suite`;
  }
  return head;
}

/**
 * Why the meter refused (or conditionally accepted) the association, with what to check.
 * Pass the AARQ that was sent to name what was proposed.
 */
export function describeAareRejection(aare: Aare, aarq?: Aarq): string {
  const d = aare.resultSourceDiagnostic;
  const u = aare.userInformation;
  if (aare.result === 'accepted') {
    if (d.source === 'acse-service-user' && d.diagnostic === 'authentication-required') {
      return `meter accepted the association pending authentication (authentication-required): ${mechanismText(aare.mechanismName)}; the client must now prove itself with reply_to_HLS_authentication on the Association LN object (0.0.40.0.0.255), HLS passes 3 and 4`;
    }
    return 'meter accepted the association';
  }
  const transient = aare.result === 'rejected-transient' ? ' (transient: a later attempt may succeed)' : '';
  const head = `meter rejected the association${transient}: ${d.diagnostic}`;
  if (d.source === 'acse-service-provider') {
    if (d.diagnostic === 'no-common-acse-version') return `${head}; the meter does not support the proposed ACSE protocol-version (send version1)`;
    return `${head} (from the ACSE service provider)`;
  }
  if (d.diagnostic === 'application-context-name-not-supported') {
    const wanted = contextText(aare.applicationContextName);
    const proposed = aarq ? contextText(aarq.applicationContextName) : undefined;
    return `${head}: the meter wants ${wanted}${proposed && proposed !== wanted ? ` but ${proposed} was proposed` : ''}; set the referencing (LN/SN) and ciphering accordingly`;
  }
  const advice = USER_ADVICE[d.diagnostic];
  if (advice) return `${head}; ${advice}`;
  if (u?.type === 'confirmedServiceError') return `${head}; ${xdlmsAdvice(u, aarq)}`;
  if (u?.type === 'ciphered') return `${head}; the reason is inside a ciphered ${u.apdu.type === 'service-specific' ? 'confirmed-service-error' : u.apdu.type} (open it with the keys)`;
  return `${head}; the meter gave no further reason`;
}
