// AARE: the association response (IEC 62056-5-3 / Green Book 9.3.2, ISO 8650-1), BER encoded.
//
//   AARE-apdu ::= [APPLICATION 1] IMPLICIT SEQUENCE {                          -- 61 len
//     protocol-version                [0]  IMPLICIT BIT STRING { version1 (0) } DEFAULT { version1 },
//     application-context-name        [1]  Application-context-name,
//     result                          [2]  Association-result,                 -- A2 03 02 01 00
//     result-source-diagnostic        [3]  Associate-source-diagnostic,        -- A3 05 A1 03 02 01 00
//     responding-AP-title             [4]  AP-title OPTIONAL,                  -- A4 0A 04 08 <system title>
//     responding-AE-qualifier         [5]  AE-qualifier OPTIONAL,
//     responding-AP-invocation-id     [6]  AP-invocation-identifier OPTIONAL,
//     responding-AE-invocation-id     [7]  AE-invocation-identifier OPTIONAL,
//     -- present only when the authentication functional unit is selected:
//     responder-acse-requirements     [8]  IMPLICIT ACSE-requirements OPTIONAL, -- 88 02 07 80
//     mechanism-name                  [9]  IMPLICIT Mechanism-name OPTIONAL,    -- 89 07 60857405080205
//     responding-authentication-value [10] EXPLICIT Authentication-value OPTIONAL, -- AA 0A 80 08 <challenge>
//     application-context-name-list   [11] IMPLICIT Application-context-name-list OPTIONAL, -- not used
//     implementation-information      [29] IMPLICIT Implementation-data OPTIONAL,
//     user-information                [30] EXPLICIT Association-information OPTIONAL }
//
//   Association-result ::= INTEGER { accepted (0), rejected-permanent (1), rejected-transient (2) }
//   Associate-source-diagnostic ::= CHOICE {
//     acse-service-user [1] INTEGER { null (0), no-reason-given (1),
//       application-context-name-not-supported (2), calling-AP-title-not-recognized (3),
//       calling-AP-invocation-identifier-not-recognized (4), calling-AE-qualifier-not-recognized (5),
//       calling-AE-invocation-identifier-not-recognized (6), called-AP-title-not-recognized (7),
//       called-AP-invocation-identifier-not-recognized (8), called-AE-qualifier-not-recognized (9),
//       called-AE-invocation-identifier-not-recognized (10),
//       authentication-mechanism-name-not-recognised (11), authentication-mechanism-name-required (12),
//       authentication-failure (13), authentication-required (14) },
//     acse-service-provider [2] INTEGER { null (0), no-reason-given (1), no-common-acse-version (2) } }

import type { ByteReader } from '../codec/byte-reader';
import type { ByteWriter } from '../codec/byte-writer';
import { BER_APPLICATION, BER_CONSTRUCTED, ctx, type BitString } from './ber';
import { field, readSequence, writeFields, type AuthenticationValue, type Field, type RawElement } from './elements';
import { resultCodec, resultSourceDiagnosticCodec } from './fields';
import { apTitleFields, authenticationFields, CONTEXT_FIELDS, TAIL_FIELDS } from './association-fields';
import type { AssociationResult, ResultSourceDiagnostic } from './names';
import type { UserInformation } from './user-information';

/** [APPLICATION 1] constructed. */
export const AARE_TAG = BER_APPLICATION | BER_CONSTRUCTED | 1;

export interface Aare {
  type: 'AARE';
  protocolVersion?: BitString;
  applicationContextName: string;
  result: AssociationResult;
  resultSourceDiagnostic: ResultSourceDiagnostic;
  /** The server's system title. */
  respondingApTitle?: Uint8Array;
  respondingAeQualifier?: Uint8Array;
  respondingApInvocationId?: number;
  respondingAeInvocationId?: number;
  responderAcseRequirements?: BitString;
  mechanismName?: string;
  /** The server-to-client challenge (HLS). */
  respondingAuthenticationValue?: AuthenticationValue;
  implementationInformation?: Uint8Array;
  userInformation?: UserInformation;
  extra?: RawElement[];
}

/** The modelled AARE elements in grammar order. */
export const AARE_FIELDS: readonly Field<Aare>[] = [
  ...CONTEXT_FIELDS, // [0], [1]
  field<Aare, 'result'>('result', ctx(2, true), 'result', resultCodec),
  field<Aare, 'resultSourceDiagnostic'>('resultSourceDiagnostic', ctx(3, true), 'result-source-diagnostic', resultSourceDiagnosticCodec),
  ...apTitleFields('responding', 4), // [4] .. [7]
  ...authenticationFields('responder', 'responding', 8), // [8] .. [10]
  ...TAIL_FIELDS, // [29], [30]
];

/** "AARE accepted (acse-service-user: authentication-required)" */
export function summarizeAare(a: Aare): string {
  const d = a.resultSourceDiagnostic;
  return `AARE ${a.result}${d.diagnostic === 'null' ? '' : ` (${d.source}: ${d.diagnostic})`}`;
}

/** Decodes an AARE starting at its tag 0x61 (the input may continue after it). */
export function decodeAare(r: ByteReader): Aare {
  return r.node(
    'AARE',
    () => readSequence<Aare>(r, AARE_TAG, 'AARE', AARE_FIELDS, ['applicationContextName', 'result', 'resultSourceDiagnostic']),
    (a) => ({ value: summarizeAare(a), meaning: 'A-ASSOCIATE response (AARE)' }),
  );
}

export function encodeAare(w: ByteWriter, a: Aare): void {
  writeFields(w, AARE_TAG, AARE_FIELDS, a, a.extra);
}
