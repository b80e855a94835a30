// The top-level APDU codec: every APDU a DLMS/COSEM application layer exchanges, dispatched on its
// first octet (Green Book 9.3 "COSEMpdu": the ACSE APDUs in BER, the xDLMS APDUs in A-XDR, and the
// ciphered envelopes of security/envelope.ts).
//
// COSEMpdu ::= CHOICE {
//   aarq [APPLICATION 0] 60, aare [APPLICATION 1] 61, rlrq [APPLICATION 2] 62, rlre [APPLICATION 3] 63,
//   initiateRequest [1] 01, readRequest [5] 05, writeRequest [6] 06, initiateResponse [8] 08,
//   readResponse [12] 0C, writeResponse [13] 0D, confirmedServiceError [14] 0E, data-notification [15] 0F,
//   unconfirmedWriteRequest [22] 16, informationReportRequest [24] 18,
//   glo-/ded- ciphered SN and initiate APDUs [33..88] 21..58,
//   get-request [192] C0, set-request [193] C1, event-notification-request [194] C2, action-request [195] C3,
//   get-response [196] C4, set-response [197] C5, action-response [199] C7,
//   glo-/ded- ciphered LN APDUs [200..215] C8..D7,
//   exception-response [216] D8, access-request [217] D9, access-response [218] DA,
//   general-glo-ciphering [219] DB, general-ded-ciphering [220] DC, general-ciphering [221] DD,
//   general-signing [223] DF, general-block-transfer [224] E0 }

import { ByteReader } from './codec/byte-reader';
import { ByteWriter } from './codec/byte-writer';
import { assertNever } from './errors';
import { toHex } from '../../src-shared/hex';
import { decodeAcseApdu, encodeAcseApdu, summarizeAcseApdu, ACSE_APDU_TAGS, type AcseApdu } from './acse/apdu';
import { CIPHERED_TAGS, cipheredApduName, decodeCipheredApdu, encodeCipheredApdu, securedContentOf, type CipheredApdu } from './security/envelope';
import { parseSecurityControl } from './security/security-control';
import { decodeInitiateRequest, decodeInitiateResponse, encodeInitiateRequest, encodeInitiateResponse, type InitiateRequest, type InitiateResponse } from './xdlms/initiate';
import { decodeConfirmedServiceError, describeConfirmedServiceError, encodeConfirmedServiceError, type ConfirmedServiceError } from './xdlms/confirmed-service-error';
import { conformanceHex } from './xdlms/conformance';
import { decodeGetRequest, decodeGetResponse, describeGet, encodeGetRequest, encodeGetResponse, type GetRequest, type GetResponse } from './xdlms/get';
import { decodeSetRequest, decodeSetResponse, describeSet, encodeSetRequest, encodeSetResponse, type SetRequest, type SetResponse } from './xdlms/set';
import { decodeActionRequest, decodeActionResponse, describeAction, encodeActionRequest, encodeActionResponse, type ActionRequest, type ActionResponse } from './xdlms/action';
import { decodeGeneralBlockTransfer, describeGeneralBlockTransfer, encodeGeneralBlockTransfer, type GeneralBlockTransfer } from './xdlms/gbt';
import { decodeDataNotification, decodeEventNotificationRequest, decodeInformationReportRequest, describeNotification, encodeNotification, type NotificationApdu } from './xdlms/notification';
import { decodeAccessRequest, decodeAccessResponse, describeAccess, encodeAccessRequest, encodeAccessResponse, type AccessRequest, type AccessResponse } from './xdlms/access';
import { decodeExceptionResponse, describeException, encodeExceptionResponse, type ExceptionResponse } from './xdlms/exception';
import { decodeReadRequest, decodeReadResponse, decodeUnconfirmedWriteRequest, decodeWriteRequest, decodeWriteResponse, describeSn, encodeSnApdu, type SnApdu } from './xdlms/sn';

/** Every APDU tag with its name in the spec's words (Wireshark's value_string for the first octet). */
export const APDU_TAGS: Readonly<Record<number, string>> = Object.freeze({
  0x01: 'initiateRequest',
  0x05: 'readRequest',
  0x06: 'writeRequest',
  0x08: 'initiateResponse',
  0x0c: 'readResponse',
  0x0d: 'writeResponse',
  0x0e: 'confirmedServiceError',
  0x0f: 'data-notification',
  0x16: 'unconfirmedWriteRequest',
  0x18: 'informationReportRequest',
  ...ACSE_APDU_TAGS,
  0xc0: 'get-request',
  0xc1: 'set-request',
  0xc2: 'event-notification-request',
  0xc3: 'action-request',
  0xc4: 'get-response',
  0xc5: 'set-response',
  0xc7: 'action-response',
  0xd8: 'exception-response',
  0xd9: 'access-request',
  0xda: 'access-response',
  0xe0: 'general-block-transfer',
  ...CIPHERED_TAGS,
});

/** The ACSE and ciphered APDUs are wrapped so that their own discriminants stay theirs. */
export type Apdu =
  | GetRequest
  | GetResponse
  | SetRequest
  | SetResponse
  | ActionRequest
  | ActionResponse
  | GeneralBlockTransfer
  | NotificationApdu
  | AccessRequest
  | AccessResponse
  | ExceptionResponse
  | SnApdu
  | InitiateRequest
  | InitiateResponse
  | ConfirmedServiceError
  | { type: 'acse'; apdu: AcseApdu }
  | { type: 'ciphered'; apdu: CipheredApdu };

/** Decodes one APDU at the reader's position (bytes may follow it). Throws only DlmsDecodeError. */
export function decodeApdu(r: ByteReader): Apdu {
  const tag = r.peek();
  switch (tag) {
    case 0x60:
    case 0x61:
    case 0x62:
    case 0x63:
      return { type: 'acse', apdu: decodeAcseApdu(r) };
    case 0x01:
      return decodeInitiateRequest(r);
    case 0x08:
      return decodeInitiateResponse(r);
    case 0x0e:
      return decodeConfirmedServiceError(r);
    case 0x05:
      return decodeReadRequest(r);
    case 0x06:
      return decodeWriteRequest(r);
    case 0x0c:
      return decodeReadResponse(r);
    case 0x0d:
      return decodeWriteResponse(r);
    case 0x16:
      return decodeUnconfirmedWriteRequest(r);
    case 0x18:
      return decodeInformationReportRequest(r);
    case 0x0f:
      return decodeDataNotification(r);
    case 0xc0:
      return decodeGetRequest(r);
    case 0xc1:
      return decodeSetRequest(r);
    case 0xc2:
      return decodeEventNotificationRequest(r);
    case 0xc3:
      return decodeActionRequest(r);
    case 0xc4:
      return decodeGetResponse(r);
    case 0xc5:
      return decodeSetResponse(r);
    case 0xc7:
      return decodeActionResponse(r);
    case 0xd8:
      return decodeExceptionResponse(r);
    case 0xd9:
      return decodeAccessRequest(r);
    case 0xda:
      return decodeAccessResponse(r);
    case 0xe0:
      return decodeGeneralBlockTransfer(r);
    default:
      if (CIPHERED_TAGS[tag] !== undefined) return { type: 'ciphered', apdu: decodeCipheredApdu(r) };
      return r.fail('BAD_TAG', `0x${toHex(Uint8Array.of(tag))} is not an APDU tag`);
  }
}

/** Decodes a buffer that holds exactly one APDU; trailing bytes are TRAILING. */
export function decodeApduBytes(b: Uint8Array): Apdu {
  const r = ByteReader.from(b);
  const a = decodeApdu(r);
  r.expectEnd('APDU');
  return a;
}

/**
 * The APDUs of the LN services get, set and action are named '<service>-request-<choice>' and
 * '<service>-response-<choice>' (e.g. 'set-response-last-datablock'); one prefix test picks the
 * whole CHOICE, so encode and describe do not list every choice, and a new one is covered.
 */
type ServiceApdu<P extends string> = Extract<Apdu, { type: `${P}-${string}` }>;

function isServiceApdu<P extends `${'get' | 'set' | 'action'}${'' | '-request' | '-response'}`>(a: Apdu, prefix: P): a is ServiceApdu<P> {
  return a.type.startsWith(`${prefix}-`);
}

export function encodeApduTo(w: ByteWriter, a: Apdu): void {
  if (isServiceApdu(a, 'get-request')) return encodeGetRequest(w, a);
  if (isServiceApdu(a, 'get-response')) return encodeGetResponse(w, a);
  if (isServiceApdu(a, 'set-request')) return encodeSetRequest(w, a);
  if (isServiceApdu(a, 'set-response')) return encodeSetResponse(w, a);
  if (isServiceApdu(a, 'action-request')) return encodeActionRequest(w, a);
  if (isServiceApdu(a, 'action-response')) return encodeActionResponse(w, a);
  switch (a.type) {
    case 'acse':
      return encodeAcseApdu(w, a.apdu);
    case 'ciphered':
      return encodeCipheredApdu(w, a.apdu);
    case 'initiateRequest':
      return encodeInitiateRequest(w, a);
    case 'initiateResponse':
      return encodeInitiateResponse(w, a);
    case 'confirmedServiceError':
      return encodeConfirmedServiceError(w, a);
    case 'general-block-transfer':
      return encodeGeneralBlockTransfer(w, a);
    case 'data-notification':
    case 'event-notification-request':
    case 'information-report-request':
      return encodeNotification(w, a);
    case 'access-request':
      return encodeAccessRequest(w, a);
    case 'access-response':
      return encodeAccessResponse(w, a);
    case 'exception-response':
      return encodeExceptionResponse(w, a);
    case 'read-request':
    case 'read-response':
    case 'write-request':
    case 'unconfirmed-write-request':
    case 'write-response':
      return encodeSnApdu(w, a);
    default:
      return assertNever(a, 'APDU');
  }
}

export function encodeApdu(a: Apdu): Uint8Array {
  const w = new ByteWriter();
  encodeApduTo(w, a);
  return w.toBytes();
}

/** Names the SN and initiate APDUs as the spec writes them (readRequest -> ReadRequest). */
const SPEC_NAMES: Readonly<Record<string, string>> = {
  'read-request': 'ReadRequest',
  'read-response': 'ReadResponse',
  'write-request': 'WriteRequest',
  'unconfirmed-write-request': 'UnconfirmedWriteRequest',
  'write-response': 'WriteResponse',
  'information-report-request': 'InformationReportRequest',
  'event-notification-request': 'Event-Notification-Request',
  initiateRequest: 'InitiateRequest',
  initiateResponse: 'InitiateResponse',
  confirmedServiceError: 'ConfirmedServiceError',
};

/** The APDU's name as a trace shows it: 'Get-Request-Normal', 'AARQ', 'glo-get-request', 'ReadResponse'. */
export function apduName(a: Apdu): string {
  if (a.type === 'acse') return a.apdu.type;
  if (a.type === 'ciphered') return cipheredApduName(a.apdu);
  return SPEC_NAMES[a.type] ?? a.type.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('-');
}

function describeCiphered(c: CipheredApdu): string {
  const parts: string[] = [];
  if (c.type === 'general-glo-ciphering' || c.type === 'general-ded-ciphering') parts.push(`ST=${toHex(c.systemTitle)}`);
  const sc = securedContentOf(c);
  if (sc === undefined) return parts.join(' ');
  const p = parseSecurityControl(sc.securityControl);
  const protection = [p.authenticated ? 'authenticated' : '', p.encrypted ? 'encrypted' : ''].filter((x) => x).join(', ');
  parts.push(`SC=${toHex(Uint8Array.of(sc.securityControl))}`, `IC=${sc.invocationCounter}`, `(${protection || 'no protection'})`);
  return parts.join(' ');
}

/** The part of the Info column after the name. */
function details(a: Apdu): string {
  if (isServiceApdu(a, 'get')) return describeGet(a);
  if (isServiceApdu(a, 'set')) return describeSet(a);
  if (isServiceApdu(a, 'action')) return describeAction(a);
  switch (a.type) {
    case 'acse':
    case 'ciphered':
      return '';
    case 'initiateRequest':
      return `conformance ${conformanceHex(a.proposedConformance)} max PDU ${a.clientMaxReceivePduSize}${a.dedicatedKey ? ' dedicated-key' : ''}`;
    case 'initiateResponse':
      return `conformance ${conformanceHex(a.negotiatedConformance)} max PDU ${a.serverMaxReceivePduSize}`;
    case 'confirmedServiceError':
      return describeConfirmedServiceError(a);
    case 'general-block-transfer':
      return describeGeneralBlockTransfer(a);
    case 'data-notification':
    case 'event-notification-request':
    case 'information-report-request':
      return describeNotification(a);
    case 'access-request':
    case 'access-response':
      return describeAccess(a);
    case 'exception-response':
      return describeException(a);
    case 'read-request':
    case 'read-response':
    case 'write-request':
    case 'unconfirmed-write-request':
    case 'write-response':
      return describeSn(a);
    default:
      return assertNever(a, 'APDU');
  }
}

/** Wireshark's Info column: 'Get-Request-Normal 1-0:1.8.0*255 attr 2', 'glo-get-request SC=30 IC=1234 (authenticated, encrypted)'. */
export function summarizeApdu(a: Apdu): string {
  if (a.type === 'acse') return summarizeAcseApdu(a.apdu);
  const d = a.type === 'ciphered' ? describeCiphered(a.apdu) : details(a);
  const name = apduName(a);
  return d ? `${name} ${d}` : name;
}
