// xDLMS InitiateRequest / InitiateResponse (Green Book 9.5 xDLMS-APDU, IEC 62056-5-3 8.3), the
// payload of the AARQ/AARE user-information, A-XDR encoded:
//
//   InitiateRequest ::= SEQUENCE {                       -- tag [1]
//     dedicated-key                OCTET STRING OPTIONAL,
//     response-allowed             BOOLEAN DEFAULT TRUE,
//     proposed-quality-of-service  [0] IMPLICIT Integer8 OPTIONAL,
//     proposed-dlms-version-number Unsigned8,
//     proposed-conformance         Conformance,
//     client-max-receive-pdu-size  Unsigned16 }
//
//   InitiateResponse ::= SEQUENCE {                      -- tag [8]
//     negotiated-quality-of-service  [0] IMPLICIT Integer8 OPTIONAL,
//     negotiated-dlms-version-number Unsigned8,
//     negotiated-conformance         Conformance,
//     server-max-receive-pdu-size    Unsigned16,
//     vaa-name                       ObjectName }       -- 0x0007 LN, 0xFA00 SN
//
// A-XDR (IEC 61334-6): an OPTIONAL component is preceded by a usage flag 00 (absent) / 01
// (present); a DEFAULT component by 00 (the default value) or 01 followed by the value.

import type { ByteReader } from '../codec/byte-reader';
import type { ByteWriter } from '../codec/byte-writer';
import { toHex } from '../../../src-shared/hex';
import { decodeConformance, encodeConformance, type Conformance } from './conformance';

export const INITIATE_REQUEST_TAG = 0x01;
export const INITIATE_RESPONSE_TAG = 0x08;

/** vaa-name values (Green Book 9.4.6.1): the VAA's base name, naming the referencing. */
export const VAA_NAMES = {
  0x0007: 'logical name referencing (LN)',
  0xfa00: 'short name referencing (SN)',
} as const satisfies Record<number, string>;
export const VAA_NAME_LN = 0x0007;
export const VAA_NAME_SN = 0xfa00;

export interface InitiateRequest {
  type: 'initiateRequest';
  /** The dedicated key for ded- ciphering during this association (16 or 32 bytes). */
  dedicatedKey?: Uint8Array;
  responseAllowed: boolean;
  /**
   * Set when response-allowed was sent explicitly (01 xx) instead of by its DEFAULT flag (00):
   * the A-XDR boolean octet, kept so that a re-encode is byte-exact.
   */
  responseAllowedOctet?: number;
  proposedQualityOfService?: number;
  proposedDlmsVersionNumber: number;
  proposedConformance: Conformance;
  clientMaxReceivePduSize: number;
}

export interface InitiateResponse {
  type: 'initiateResponse';
  negotiatedQualityOfService?: number;
  negotiatedDlmsVersionNumber: number;
  negotiatedConformance: Conformance;
  serverMaxReceivePduSize: number;
  /** ObjectName of the VAA: 0x0007 (LN) or 0xFA00 (SN); other values are kept as read. */
  vaaName: number;
}

// ---------------------------------------------------------------------------------------------
// A-XDR pieces

/**
 * OPTIONAL/DEFAULT usage flag: 00 or 01, anything else is not A-XDR. For a DEFAULT component
 * `absentMeans` names the value an absent flag (00) stands for (IEC 61334-6: the default).
 */
function usageFlag(r: ByteReader, label: string, absentMeans?: string): boolean {
  return r.node(
    `${label} usage-flag`,
    () => {
      const at = r.pos;
      const f = r.u8();
      if (f > 1) r.fail('BAD_VALUE', `usage flag ${f} of ${label} is neither 00 nor 01`, at);
      return f === 1;
    },
    (present) =>
      present
        ? { value: 'present', meaning: absentMeans ? 'present: the value follows (overrides the DEFAULT)' : 'present: the OPTIONAL component follows' }
        : { value: 'absent', meaning: absentMeans ? `absent: default ${absentMeans}` : 'absent: OPTIONAL component not sent' },
  );
}

function expectApduTag(r: ByteReader, expected: number, name: string): void {
  const at = r.pos;
  const tag = r.node('tag', () => r.u8(), (v) => ({ value: `0x${toHex(Uint8Array.of(v))}`, meaning: name }));
  if (tag !== expected) r.fail('BAD_TAG', `expected ${name} tag ${expected}, got ${tag}`, at);
}

function qualityOfService(r: ByteReader, label: string): number | undefined {
  if (!usageFlag(r, label)) return undefined;
  return r.node(label, () => r.i8(), (v) => String(v));
}

function dlmsVersion(r: ByteReader, label: string): number {
  return r.node(label, () => r.u8(), (v) => ({ value: String(v), meaning: v === 6 ? 'DLMS version 6' : `DLMS version ${v}` }));
}

function pduSize(r: ByteReader, label: string): number {
  return r.node(label, () => r.u16(), (v) => ({
    value: String(v),
    meaning: v === 0 ? 'no limit stated (0)' : v < 12 ? 'below the minimum of 12 octets' : `${v} octets (0x${v.toString(16).toUpperCase().padStart(4, '0')})`,
  }));
}

// ---------------------------------------------------------------------------------------------
// InitiateRequest

/** Decodes an InitiateRequest starting at its tag 0x01. */
export function decodeInitiateRequest(r: ByteReader): InitiateRequest {
  return r.node(
    'InitiateRequest',
    () => {
      expectApduTag(r, INITIATE_REQUEST_TAG, 'initiateRequest');
      let dedicatedKey: Uint8Array | undefined;
      if (usageFlag(r, 'dedicated-key')) {
        dedicatedKey = r.node(
          'dedicated-key',
          () => r.take(r.length('dedicated-key length'), 'dedicated-key'),
          (k) => ({ value: `${k.length} octet(s)`, meaning: 'dedicated key (not shown)' }),
        );
      }
      let responseAllowed = true;
      let responseAllowedOctet: number | undefined;
      if (usageFlag(r, 'response-allowed', 'TRUE (response allowed)')) {
        responseAllowedOctet = r.node('response-allowed', () => r.u8(), (v) =>
          v !== 0 ? { value: 'TRUE', meaning: 'response allowed (confirmed service)' } : { value: 'FALSE', meaning: 'no response allowed (unconfirmed service)' },
        );
        responseAllowed = responseAllowedOctet !== 0;
      }
      const proposedQualityOfService = qualityOfService(r, 'proposed-quality-of-service');
      const proposedDlmsVersionNumber = dlmsVersion(r, 'proposed-dlms-version-number');
      const proposedConformance = decodeConformance(r, 'proposed-conformance');
      const clientMaxReceivePduSize = pduSize(r, 'client-max-receive-pdu-size');
      const out: InitiateRequest = { type: 'initiateRequest', responseAllowed, proposedDlmsVersionNumber, proposedConformance, clientMaxReceivePduSize };
      if (dedicatedKey !== undefined) out.dedicatedKey = dedicatedKey;
      if (responseAllowedOctet !== undefined) out.responseAllowedOctet = responseAllowedOctet;
      if (proposedQualityOfService !== undefined) out.proposedQualityOfService = proposedQualityOfService;
      return out;
    },
    (v) => ({ value: `DLMS ${v.proposedDlmsVersionNumber}, max PDU ${v.clientMaxReceivePduSize}`, meaning: 'initiateRequest' }),
  );
}

export function encodeInitiateRequest(w: ByteWriter, q: InitiateRequest): void {
  w.u8(INITIATE_REQUEST_TAG);
  if (q.dedicatedKey === undefined) w.u8(0);
  else w.u8(1).withLength(q.dedicatedKey);
  const octet = q.responseAllowedOctet;
  if (octet !== undefined && (octet !== 0) === q.responseAllowed) w.u8(1).u8(octet);
  else if (q.responseAllowed) w.u8(0);
  else w.u8(1).u8(0);
  if (q.proposedQualityOfService === undefined) w.u8(0);
  else w.u8(1).i8(q.proposedQualityOfService);
  w.u8(q.proposedDlmsVersionNumber);
  encodeConformance(w, q.proposedConformance);
  w.u16(q.clientMaxReceivePduSize);
}

// ---------------------------------------------------------------------------------------------
// InitiateResponse

/** Decodes an InitiateResponse starting at its tag 0x08. */
export function decodeInitiateResponse(r: ByteReader): InitiateResponse {
  return r.node(
    'InitiateResponse',
    () => {
      expectApduTag(r, INITIATE_RESPONSE_TAG, 'initiateResponse');
      const negotiatedQualityOfService = qualityOfService(r, 'negotiated-quality-of-service');
      const negotiatedDlmsVersionNumber = dlmsVersion(r, 'negotiated-dlms-version-number');
      const negotiatedConformance = decodeConformance(r, 'negotiated-conformance');
      const serverMaxReceivePduSize = pduSize(r, 'server-max-receive-pdu-size');
      const vaaName = r.node('vaa-name', () => r.u16(), (v) => ({
        value: `0x${v.toString(16).toUpperCase().padStart(4, '0')}`,
        meaning: (VAA_NAMES as Record<number, string>)[v] ?? 'not a standard vaa-name',
      }));
      const out: InitiateResponse = { type: 'initiateResponse', negotiatedDlmsVersionNumber, negotiatedConformance, serverMaxReceivePduSize, vaaName };
      if (negotiatedQualityOfService !== undefined) out.negotiatedQualityOfService = negotiatedQualityOfService;
      return out;
    },
    (v) => ({ value: `DLMS ${v.negotiatedDlmsVersionNumber}, max PDU ${v.serverMaxReceivePduSize}`, meaning: 'initiateResponse' }),
  );
}

export function encodeInitiateResponse(w: ByteWriter, s: InitiateResponse): void {
  w.u8(INITIATE_RESPONSE_TAG);
  if (s.negotiatedQualityOfService === undefined) w.u8(0);
  else w.u8(1).i8(s.negotiatedQualityOfService);
  w.u8(s.negotiatedDlmsVersionNumber);
  encodeConformance(w, s.negotiatedConformance);
  w.u16(s.serverMaxReceivePduSize);
  w.u16(s.vaaName);
}
