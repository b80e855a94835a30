// AARQ: the association request (IEC 62056-5-3 / Green Book 9.3.2, ISO 8650-1), BER encoded.
//
//   AARQ-apdu ::= [APPLICATION 0] IMPLICIT SEQUENCE {                          -- 60 len
//     protocol-version             [0]  IMPLICIT BIT STRING { version1 (0) } DEFAULT { version1 },
//     application-context-name     [1]  Application-context-name,             -- A1 09 06 07 60857405080101
//     called-AP-title              [2]  AP-title OPTIONAL,
//     called-AE-qualifier          [3]  AE-qualifier OPTIONAL,
//     called-AP-invocation-id      [4]  AP-invocation-identifier OPTIONAL,
//     called-AE-invocation-id      [5]  AE-invocation-identifier OPTIONAL,
//     calling-AP-title             [6]  AP-title OPTIONAL,                     -- A6 0A 04 08 <system title>
//     calling-AE-qualifier         [7]  AE-qualifier OPTIONAL,
//     calling-AP-invocation-id     [8]  AP-invocation-identifier OPTIONAL,
//     calling-AE-invocation-id     [9]  AE-invocation-identifier OPTIONAL,
//     -- present only when the authentication functional unit is selected:
//     sender-acse-requirements     [10] IMPLICIT ACSE-requirements OPTIONAL,  -- 8A 02 07 80
//     mechanism-name               [11] IMPLICIT Mechanism-name OPTIONAL,     -- 8B 07 60857405080205
//     calling-authentication-value [12] EXPLICIT Authentication-value OPTIONAL, -- AC 0A 80 08 <challenge>
//     application-context-name-list [13] IMPLICIT Application-context-name-list OPTIONAL, -- not used
//     implementation-information   [29] IMPLICIT Implementation-data OPTIONAL,
//     user-information             [30] EXPLICIT Association-information OPTIONAL } -- BE len 04 len InitiateRequest
//
// Elements this codec does not model (e.g. [13]) are kept raw at their place in `extra`.

import type { ByteReader } from '../codec/byte-reader';
import type { ByteWriter } from '../codec/byte-writer';
import { BER_APPLICATION, BER_CONSTRUCTED, type BitString } from './ber';
import { readSequence, writeFields, type AuthenticationValue, type Field, type RawElement } from './elements';
import { apTitleFields, authenticationFields, CONTEXT_FIELDS, TAIL_FIELDS } from './association-fields';
import { applicationContextInfo, mechanismInfo } from './names';
import type { UserInformation } from './user-information';

/** [APPLICATION 0] constructed. */
export const AARQ_TAG = BER_APPLICATION | BER_CONSTRUCTED | 0;

export interface Aarq {
  type: 'AARQ';
  /** Absent means the DEFAULT { version1 }. */
  protocolVersion?: BitString;
  /** Dotted OID, e.g. '2.16.756.5.8.1.1' (see names.ts APPLICATION_CONTEXTS). */
  applicationContextName: string;
  calledApTitle?: Uint8Array;
  calledAeQualifier?: Uint8Array;
  calledApInvocationId?: number;
  calledAeInvocationId?: number;
  /** The client's system title. */
  callingApTitle?: Uint8Array;
  callingAeQualifier?: Uint8Array;
  callingApInvocationId?: number;
  callingAeInvocationId?: number;
  senderAcseRequirements?: BitString;
  /** Dotted OID, e.g. '2.16.756.5.8.2.5' (see names.ts MECHANISMS). */
  mechanismName?: string;
  /** The password (LLS) or the client-to-server challenge (HLS). */
  callingAuthenticationValue?: AuthenticationValue;
  implementationInformation?: Uint8Array;
  userInformation?: UserInformation;
  /** Elements not modelled here, kept byte for byte. */
  extra?: RawElement[];
}

/** The modelled AARQ elements in grammar order. */
export const AARQ_FIELDS: readonly Field<Aarq>[] = [
  ...CONTEXT_FIELDS, // [0], [1]
  ...apTitleFields('called', 2), // [2] .. [5]
  ...apTitleFields('calling', 6), // [6] .. [9]
  ...authenticationFields('sender', 'calling', 10), // [10] .. [12]
  ...TAIL_FIELDS, // [29], [30]
];

/** "LN, GMAC, InitiateRequest" — the one-line summary for a trace list. */
export function summarizeAarq(a: Aarq): string {
  const ctxInfo = applicationContextInfo(a.applicationContextName);
  const parts = [ctxInfo ? `${ctxInfo.referencing}${ctxInfo.ciphered ? ' ciphered' : ''}` : a.applicationContextName];
  if (a.mechanismName !== undefined) parts.push(mechanismInfo(a.mechanismName)?.name ?? a.mechanismName);
  if (a.userInformation !== undefined) parts.push(a.userInformation.type);
  return `AARQ ${parts.join(', ')}`;
}

/** Decodes an AARQ starting at its tag 0x60 (the input may continue after it). */
export function decodeAarq(r: ByteReader): Aarq {
  return r.node(
    'AARQ',
    () => readSequence<Aarq>(r, AARQ_TAG, 'AARQ', AARQ_FIELDS, ['applicationContextName']),
    (a) => ({ value: summarizeAarq(a), meaning: 'A-ASSOCIATE request (AARQ)' }),
  );
}

export function encodeAarq(w: ByteWriter, a: Aarq): void {
  writeFields(w, AARQ_TAG, AARQ_FIELDS, a, a.extra);
}
