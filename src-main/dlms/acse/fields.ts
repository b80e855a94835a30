// Field codecs of the COSEM ACSE APDUs: one per ASN.1 type that AARQ/AARE/RLRQ/RLRE use, each
// reading the content octets of its tagged element, writing them back and naming the value.

import type { ByteReader } from '../codec/byte-reader';
import { toHex } from '../../../src-shared/hex';
import { bitStringContent, ctx, expectTlv, integerContent, oidContent, readBitStringContent, readIntegerContent, readOidContent, tagHex, type BitString } from './ber';
import {
  acseRequirementNames,
  authenticationValueContent,
  describeApTitle,
  describeAuthenticationValue,
  describeBitString,
  explicitIntegerContent,
  explicitOctetStringContent,
  explicitOidContent,
  readAuthenticationValue,
  readExplicitInteger,
  readExplicitOctetString,
  readExplicitOid,
  type AuthenticationValue,
  type FieldCodec,
} from './elements';
import {
  ACSE_SERVICE_PROVIDER_DIAGNOSTICS,
  ACSE_SERVICE_USER_DIAGNOSTICS,
  ASSOCIATION_RESULTS,
  applicationContextInfo,
  codeOf,
  mechanismInfo,
  RELEASE_REQUEST_REASONS,
  RELEASE_RESPONSE_REASONS,
  type AssociationResult,
  type ReleaseRequestReason,
  type ReleaseResponseReason,
  type ResultSourceDiagnostic,
} from './names';
import { describeUserInformation, readUserInformation, userInformationContent, type UserInformation } from './user-information';

const hexOr = (b: Uint8Array): string => (b.length === 0 ? '(empty)' : toHex(b));

/** AP-title ::= OCTET STRING, [n] EXPLICIT: the system title in COSEM. */
export const apTitleCodec: FieldCodec<Uint8Array> = {
  read: (c, label) => readExplicitOctetString(c, label),
  content: explicitOctetStringContent,
  describe: (v) => ({ value: hexOr(v), meaning: describeApTitle(v) }),
};

/** AE-qualifier ::= OCTET STRING, [n] EXPLICIT (a public key certificate with HLS ECDSA). */
export const aeQualifierCodec: FieldCodec<Uint8Array> = {
  read: (c, label) => readExplicitOctetString(c, label),
  content: explicitOctetStringContent,
  describe: (v) => ({ value: `${v.length} octet(s)`, meaning: 'AE-qualifier' }),
};

/** AP-/AE-invocation-identifier ::= INTEGER, [n] EXPLICIT. */
export const invocationIdCodec: FieldCodec<number> = {
  read: (c, label) => readExplicitInteger(c, label),
  content: explicitIntegerContent,
  describe: (v) => String(v),
};

/** protocol-version [0] IMPLICIT BIT STRING { version1 (0) } DEFAULT { version1 }. */
export const protocolVersionCodec: FieldCodec<BitString> = {
  read: (c) => readBitStringContent(c),
  content: bitStringContent,
  describe: (v) => ({ value: describeBitString(v), meaning: (v.bytes[0] ?? 0) & 0x80 ? 'version1' : 'no version1 bit' }),
};

/** ACSE-requirements ::= BIT STRING { authentication (0) }, [n] IMPLICIT. */
export const acseRequirementsCodec: FieldCodec<BitString> = {
  read: (c) => readBitStringContent(c),
  content: bitStringContent,
  describe: (v) => ({ value: describeBitString(v), meaning: acseRequirementNames(v).join(', ') || 'no functional unit' }),
};

/** application-context-name [1] EXPLICIT OBJECT IDENTIFIER. */
export const applicationContextCodec: FieldCodec<string> = {
  read: (c, label) => readExplicitOid(c, label),
  content: explicitOidContent,
  describe: (v) => ({ value: v, meaning: applicationContextInfo(v)?.meaning ?? 'not a COSEM application context' }),
};

/** mechanism-name [n] IMPLICIT OBJECT IDENTIFIER. */
export const mechanismNameCodec: FieldCodec<string> = {
  read: (c) => readOidContent(c),
  content: oidContent,
  describe: (v) => ({ value: v, meaning: mechanismInfo(v)?.meaning ?? 'not a COSEM authentication mechanism' }),
};

/** calling-/responding-authentication-value [n] EXPLICIT Authentication-value. */
export const authenticationValueCodec: FieldCodec<AuthenticationValue> = {
  read: (c) => readAuthenticationValue(c),
  content: authenticationValueContent,
  describe: (v, pdu) => {
    const mech = (pdu as { mechanismName?: string }).mechanismName;
    return describeAuthenticationValue(v, mech === undefined ? undefined : mechanismInfo(mech)?.id);
  },
};

/** implementation-information [29] IMPLICIT GraphicString: kept as octets, shown as text. */
export const implementationInformationCodec: FieldCodec<Uint8Array> = {
  read: (c) => c.rest(),
  content: (v) => v,
  describe: (v) => ({ value: String.fromCharCode(...v.subarray(0, 64)).replace(/[^\x20-\x7e]/g, '.'), meaning: 'implementation information' }),
};

/** user-information [30] EXPLICIT Association-information. */
export const userInformationCodec: FieldCodec<UserInformation> = {
  read: (c) => readUserInformation(c),
  content: userInformationContent,
  describe: (v) => describeUserInformation(v),
};

/** result [2] EXPLICIT Association-result. */
export const resultCodec: FieldCodec<AssociationResult> = {
  read: (c, label) => {
    const at = c.pos;
    const code = readExplicitInteger(c, label);
    const name = ASSOCIATION_RESULTS[code];
    return name ?? c.fail('BAD_VALUE', `association result ${code} is not accepted (0), rejected-permanent (1) or rejected-transient (2)`, at);
  },
  content: (v) => explicitIntegerContent(codeOf(ASSOCIATION_RESULTS, v)),
  describe: (v) => ({ value: `${codeOf(ASSOCIATION_RESULTS, v)}`, meaning: v }),
};

/** [n] EXPLICIT INTEGER inside a CHOICE alternative: the alternative's element holds exactly one INTEGER. */
function explicitChoiceInteger(c: ByteReader, tag: number, label: string): number {
  const inner = expectTlv(c, tag, label);
  const code = readExplicitInteger(inner, label);
  inner.expectEnd(label);
  return code;
}

/** result-source-diagnostic [3] EXPLICIT Associate-source-diagnostic. */
export const resultSourceDiagnosticCodec: FieldCodec<ResultSourceDiagnostic> = {
  read: (c) => {
    const at = c.pos;
    const choice = c.peek();
    if (choice === ctx(1, true)) {
      return c.node('acse-service-user', (): ResultSourceDiagnostic => {
        const code = explicitChoiceInteger(c, ctx(1, true), 'acse-service-user');
        const d = ACSE_SERVICE_USER_DIAGNOSTICS[code];
        return d ? { source: 'acse-service-user', diagnostic: d } : c.fail('BAD_VALUE', `acse-service-user diagnostic ${code} is not defined (0..14)`, at);
      }, (v) => ({ value: String(codeOf(ACSE_SERVICE_USER_DIAGNOSTICS, v.diagnostic)), meaning: v.diagnostic }));
    }
    if (choice === ctx(2, true)) {
      return c.node('acse-service-provider', (): ResultSourceDiagnostic => {
        const code = explicitChoiceInteger(c, ctx(2, true), 'acse-service-provider');
        const d = ACSE_SERVICE_PROVIDER_DIAGNOSTICS[code];
        return d ? { source: 'acse-service-provider', diagnostic: d } : c.fail('BAD_VALUE', `acse-service-provider diagnostic ${code} is not defined (0..2)`, at);
      }, (v) => ({ value: String(codeOf(ACSE_SERVICE_PROVIDER_DIAGNOSTICS, v.diagnostic)), meaning: v.diagnostic }));
    }
    return c.fail('BAD_TAG', `Associate-source-diagnostic choice ${tagHex(choice)} is neither acse-service-user [1] nor acse-service-provider [2]`, at);
  },
  content: (v) => {
    const code = v.source === 'acse-service-user' ? codeOf(ACSE_SERVICE_USER_DIAGNOSTICS, v.diagnostic) : codeOf(ACSE_SERVICE_PROVIDER_DIAGNOSTICS, v.diagnostic);
    const inner = explicitIntegerContent(code);
    const out = new Uint8Array(inner.length + 2);
    out[0] = ctx(v.source === 'acse-service-user' ? 1 : 2, true);
    out[1] = inner.length;
    out.set(inner, 2);
    return out;
  },
  describe: (v) => ({ value: v.source, meaning: `${v.source}: ${v.diagnostic}` }),
};

function releaseReasonCodec<N extends string>(table: Readonly<Record<number, N>>, what: string): FieldCodec<N> {
  return {
    read: (c) => {
      const at = c.pos;
      const code = readIntegerContent(c);
      return table[code] ?? c.fail('BAD_VALUE', `${what} ${code} is not defined (${Object.entries(table).map(([k, n]) => `${n} (${k})`).join(', ')})`, at);
    },
    content: (v) => integerContent(codeOf(table, v)),
    describe: (v) => ({ value: String(codeOf(table, v)), meaning: v }),
  };
}

/** reason [0] IMPLICIT Release-request-reason. */
export const releaseRequestReasonCodec: FieldCodec<ReleaseRequestReason> = releaseReasonCodec(RELEASE_REQUEST_REASONS, 'release request reason');
/** reason [0] IMPLICIT Release-response-reason. */
export const releaseResponseReasonCodec: FieldCodec<ReleaseResponseReason> = releaseReasonCodec(RELEASE_RESPONSE_REASONS, 'release response reason');

