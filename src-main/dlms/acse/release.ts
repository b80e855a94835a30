// RLRQ / RLRE: release request and response (IEC 62056-5-3 / Green Book 9.3.3, ISO 8650-1).
//
//   RLRQ-apdu ::= [APPLICATION 2] IMPLICIT SEQUENCE {                          -- 62 len
//     reason           [0]  IMPLICIT Release-request-reason OPTIONAL,          -- 80 01 00
//     user-information [30] EXPLICIT Association-information OPTIONAL }       -- (ciphered) InitiateRequest
//
//   RLRE-apdu ::= [APPLICATION 3] IMPLICIT SEQUENCE {                          -- 63 len
//     reason           [0]  IMPLICIT Release-response-reason OPTIONAL,
//     user-information [30] EXPLICIT Association-information OPTIONAL }       -- (ciphered) InitiateResponse
//
//   Release-request-reason  ::= INTEGER { normal (0), urgent (1), user-defined (30) }
//   Release-response-reason ::= INTEGER { normal (0), not-finished (1), user-defined (30) }
//
// With a ciphered context the user-information proves who releases (Green Book 9.3.3: the RLRQ
// carries a ciphered InitiateRequest, the RLRE a ciphered InitiateResponse).

import type { ByteReader } from '../codec/byte-reader';
import type { ByteWriter } from '../codec/byte-writer';
import { BER_APPLICATION, BER_CONSTRUCTED, ctx } from './ber';
import { field, readSequence, writeFields, type Field, type RawElement } from './elements';
import { releaseRequestReasonCodec, releaseResponseReasonCodec, userInformationCodec } from './fields';
import type { ReleaseRequestReason, ReleaseResponseReason } from './names';
import type { UserInformation } from './user-information';

/** [APPLICATION 2] constructed. */
export const RLRQ_TAG = BER_APPLICATION | BER_CONSTRUCTED | 2;
/** [APPLICATION 3] constructed. */
export const RLRE_TAG = BER_APPLICATION | BER_CONSTRUCTED | 3;

export interface Rlrq {
  type: 'RLRQ';
  reason?: ReleaseRequestReason;
  userInformation?: UserInformation;
  extra?: RawElement[];
}

export interface Rlre {
  type: 'RLRE';
  reason?: ReleaseResponseReason;
  userInformation?: UserInformation;
  extra?: RawElement[];
}

export const RLRQ_FIELDS: readonly Field<Rlrq>[] = [
  field<Rlrq, 'reason'>('reason', ctx(0), 'reason', releaseRequestReasonCodec),
  field<Rlrq, 'userInformation'>('userInformation', ctx(30, true), 'user-information', userInformationCodec),
];

export const RLRE_FIELDS: readonly Field<Rlre>[] = [
  field<Rlre, 'reason'>('reason', ctx(0), 'reason', releaseResponseReasonCodec),
  field<Rlre, 'userInformation'>('userInformation', ctx(30, true), 'user-information', userInformationCodec),
];

function summarize(name: string, reason: string | undefined, u: UserInformation | undefined): string {
  return `${name}${reason !== undefined ? ` ${reason}` : ''}${u !== undefined ? `, ${u.type}` : ''}`;
}

/** Decodes an RLRQ starting at its tag 0x62. */
export function decodeRlrq(r: ByteReader): Rlrq {
  return r.node(
    'RLRQ',
    () => readSequence<Rlrq>(r, RLRQ_TAG, 'RLRQ', RLRQ_FIELDS),
    (v) => ({ value: summarize('RLRQ', v.reason, v.userInformation), meaning: 'A-RELEASE request (RLRQ)' }),
  );
}

/** Decodes an RLRE starting at its tag 0x63. */
export function decodeRlre(r: ByteReader): Rlre {
  return r.node(
    'RLRE',
    () => readSequence<Rlre>(r, RLRE_TAG, 'RLRE', RLRE_FIELDS),
    (v) => ({ value: summarize('RLRE', v.reason, v.userInformation), meaning: 'A-RELEASE response (RLRE)' }),
  );
}

export function encodeRlrq(w: ByteWriter, v: Rlrq): void {
  writeFields(w, RLRQ_TAG, RLRQ_FIELDS, v, v.extra);
}

export function encodeRlre(w: ByteWriter, v: Rlre): void {
  writeFields(w, RLRE_TAG, RLRE_FIELDS, v, v.extra);
}
