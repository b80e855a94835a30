// fast-check generators of ACSE and xDLMS initiate values (any value the types allow and the
// codecs can represent exactly).
import fc from 'fast-check';
import type { Aarq } from '../../../src-main/dlms/acse/aarq';
import type { Aare } from '../../../src-main/dlms/acse/aare';
import type { Rlre, Rlrq } from '../../../src-main/dlms/acse/release';
import type { AcseApdu } from '../../../src-main/dlms/acse/apdu';
import type { BitString } from '../../../src-main/dlms/acse/ber';
import type { AuthenticationValue, RawElement } from '../../../src-main/dlms/acse/elements';
import {
  ACSE_SERVICE_PROVIDER_DIAGNOSTICS,
  ACSE_SERVICE_USER_DIAGNOSTICS,
  ASSOCIATION_RESULTS,
  RELEASE_REQUEST_REASONS,
  RELEASE_RESPONSE_REASONS,
  type ResultSourceDiagnostic,
} from '../../../src-main/dlms/acse/names';
import type { UserInformation } from '../../../src-main/dlms/acse/user-information';
import type { CipheredApdu, ServiceSpecificTag } from '../../../src-main/dlms/security/envelope';
import { conformanceFromNumber } from '../../../src-main/dlms/xdlms/conformance';
import type { InitiateRequest, InitiateResponse } from '../../../src-main/dlms/xdlms/initiate';
import {
  CONFIRMED_SERVICES,
  SERVICE_ERRORS,
  serviceErrorFromCode,
  type ConfirmedServiceError,
  type ConfirmedServiceName,
  type ServiceErrorChoice,
} from '../../../src-main/dlms/xdlms/confirmed-service-error';

const bytes = (max = 24) => fc.uint8Array({ maxLength: max });

export const oidArb: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 39 }), fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 8 }))
  .chain(([x, y, rest]) =>
    (x === 2 ? fc.integer({ min: 0, max: 100000 }) : fc.constant(y)).map((y2) => [x, y2, ...rest].join('.')),
  );

export const bitStringArb: fc.Arbitrary<BitString> = fc.oneof(
  fc.constant({ unusedBits: 0, bytes: new Uint8Array(0) }),
  fc.record({ unusedBits: fc.integer({ min: 0, max: 7 }), bytes: fc.uint8Array({ minLength: 1, maxLength: 4 }) }),
);

export const conformanceArb = fc.integer({ min: 0, max: 0xffffff }).map(conformanceFromNumber);

export const initiateRequestArb: fc.Arbitrary<InitiateRequest> = fc
  .record(
    {
      dedicatedKey: fc.uint8Array({ maxLength: 32 }),
      explicit: fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }),
      responseAllowed: fc.boolean(),
      proposedQualityOfService: fc.integer({ min: -128, max: 127 }),
      proposedDlmsVersionNumber: fc.integer({ min: 0, max: 255 }),
      proposedConformance: conformanceArb,
      clientMaxReceivePduSize: fc.integer({ min: 0, max: 0xffff }),
    },
    { requiredKeys: ['responseAllowed', 'proposedDlmsVersionNumber', 'proposedConformance', 'clientMaxReceivePduSize'] },
  )
  .map(({ explicit, responseAllowed, ...rest }) => {
    const q: InitiateRequest = { type: 'initiateRequest', ...rest, responseAllowed };
    if (explicit !== undefined) {
      q.responseAllowedOctet = explicit;
      q.responseAllowed = explicit !== 0;
    } else if (!responseAllowed) {
      // FALSE can only be sent explicitly (01 00): that is what decoding gives back.
      q.responseAllowedOctet = 0;
    }
    return q;
  });

export const initiateResponseArb: fc.Arbitrary<InitiateResponse> = fc
  .record(
    {
      negotiatedQualityOfService: fc.integer({ min: -128, max: 127 }),
      negotiatedDlmsVersionNumber: fc.integer({ min: 0, max: 255 }),
      negotiatedConformance: conformanceArb,
      serverMaxReceivePduSize: fc.integer({ min: 0, max: 0xffff }),
      vaaName: fc.oneof(fc.constantFrom(0x0007, 0xfa00), fc.integer({ min: 0, max: 0xffff })),
    },
    { requiredKeys: ['negotiatedDlmsVersionNumber', 'negotiatedConformance', 'serverMaxReceivePduSize', 'vaaName'] },
  )
  .map((r) => ({ type: 'initiateResponse', ...r }) as InitiateResponse);

const serviceNames = CONFIRMED_SERVICES.filter((s): s is ConfirmedServiceName => s !== undefined);
const choices = Object.keys(SERVICE_ERRORS) as ServiceErrorChoice[];

export const confirmedServiceErrorArb: fc.Arbitrary<ConfirmedServiceError> = fc
  .tuple(fc.constantFrom(...serviceNames), fc.constantFrom(...choices), fc.integer({ min: 0, max: 255 }))
  .map(([service, choice, code]) => {
    const names = SERVICE_ERRORS[choice][1];
    const e = serviceErrorFromCode(choice, names === null ? code : code % names.length)!;
    return { type: 'confirmedServiceError', service, error: e };
  });

const cipheredArb: fc.Arbitrary<CipheredApdu> = fc
  .record({
    tag: fc.constantFrom<ServiceSpecificTag>(0x21, 0x28, 0x2e, 0x41, 0x48, 0x4e),
    securityControl: fc.integer({ min: 0, max: 255 }),
    invocationCounter: fc.integer({ min: 0, max: 0xffffffff }),
    information: bytes(40),
    authenticationTag: fc.uint8Array({ minLength: 12, maxLength: 12 }),
  })
  .map(({ tag, authenticationTag, ...c }) => ({
    type: 'service-specific',
    tag,
    content: (c.securityControl & 0x10) !== 0 ? { ...c, authenticationTag } : c,
  }));

export const userInformationArb: fc.Arbitrary<UserInformation> = fc.oneof(
  initiateRequestArb,
  initiateResponseArb,
  confirmedServiceErrorArb,
  cipheredArb.map((apdu) => ({ type: 'ciphered', apdu }) as const),
  // Any other APDU: a get-request tag (C0) followed by anything.
  bytes(20).map((b) => ({ type: 'other-apdu', bytes: Uint8Array.from([0xc0, ...b]) }) as const),
);

export const authenticationValueArb: fc.Arbitrary<AuthenticationValue> = fc.oneof(
  bytes(64).map((value) => ({ type: 'charstring', value }) as const),
  bitStringArb.map((value) => ({ type: 'bitstring', value }) as const),
  fc.tuple(fc.constantFrom(0xa2, 0xa3), bytes(20)).map(([t, b]) => ({ type: 'other', tlv: Uint8Array.from([t, b.length, ...b]) }) as const),
);

/** Raw elements with tags no COSEM ACSE APDU models, placed after one of `present` (or first). */
function extraArb(present: readonly number[]): fc.Arbitrary<RawElement[] | undefined> {
  const tlv = fc
    .tuple(fc.constantFrom([0xad], [0x9f, 0x20], [0x5f, 0x21], [0x0c]), bytes(10))
    .map(([tag, b]) => Uint8Array.from([...tag, b.length, ...b]));
  const el = fc.record({ after: fc.constantFrom(-1, ...present), tlv });
  // Sorted by position so that the expected value is the one decoding gives back.
  return fc.option(fc.array(el, { minLength: 1, maxLength: 3 }).map((a) => [...a].sort((x, y) => x.after - y.after)), { nil: undefined });
}

/** Drops undefined properties (absent OPTIONAL fields). */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const id = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });

/** Tag numbers of an AARQ's/AARE's present fields, in order. */
function presentNumbers(o: object, numbers: Record<string, number>): number[] {
  return Object.keys(o).filter((k) => numbers[k] !== undefined).map((k) => numbers[k]!);
}

const AARQ_NUMBERS: Record<string, number> = {
  protocolVersion: 0, applicationContextName: 1, calledApTitle: 2, calledAeQualifier: 3, calledApInvocationId: 4,
  calledAeInvocationId: 5, callingApTitle: 6, callingAeQualifier: 7, callingApInvocationId: 8, callingAeInvocationId: 9,
  senderAcseRequirements: 10, mechanismName: 11, callingAuthenticationValue: 12, implementationInformation: 29, userInformation: 30,
};

const AARE_NUMBERS: Record<string, number> = {
  protocolVersion: 0, applicationContextName: 1, result: 2, resultSourceDiagnostic: 3, respondingApTitle: 4,
  respondingAeQualifier: 5, respondingApInvocationId: 6, respondingAeInvocationId: 7, responderAcseRequirements: 8,
  mechanismName: 9, respondingAuthenticationValue: 10, implementationInformation: 29, userInformation: 30,
};

export const aarqArb: fc.Arbitrary<Aarq> = fc
  .record({
    protocolVersion: opt(bitStringArb),
    applicationContextName: oidArb,
    calledApTitle: opt(bytes(16)),
    calledAeQualifier: opt(bytes(40)),
    calledApInvocationId: opt(id),
    calledAeInvocationId: opt(id),
    callingApTitle: opt(bytes(16)),
    callingAeQualifier: opt(bytes(40)),
    callingApInvocationId: opt(id),
    callingAeInvocationId: opt(id),
    senderAcseRequirements: opt(bitStringArb),
    mechanismName: opt(oidArb),
    callingAuthenticationValue: opt(authenticationValueArb),
    implementationInformation: opt(bytes(20)),
    userInformation: opt(userInformationArb),
  })
  .chain((f) => {
    const a = compact({ type: 'AARQ' as const, ...f });
    return extraArb(presentNumbers(a, AARQ_NUMBERS)).map((extra) => compact({ ...a, extra }));
  });

const diagnosticArb: fc.Arbitrary<ResultSourceDiagnostic> = fc.oneof(
  fc.constantFrom(...ACSE_SERVICE_USER_DIAGNOSTICS).map((diagnostic) => ({ source: 'acse-service-user', diagnostic }) as const),
  fc.constantFrom(...ACSE_SERVICE_PROVIDER_DIAGNOSTICS).map((diagnostic) => ({ source: 'acse-service-provider', diagnostic }) as const),
);

export const aareArb: fc.Arbitrary<Aare> = fc
  .record({
    protocolVersion: opt(bitStringArb),
    applicationContextName: oidArb,
    result: fc.constantFrom(...ASSOCIATION_RESULTS),
    resultSourceDiagnostic: diagnosticArb,
    respondingApTitle: opt(bytes(16)),
    respondingAeQualifier: opt(bytes(40)),
    respondingApInvocationId: opt(id),
    respondingAeInvocationId: opt(id),
    responderAcseRequirements: opt(bitStringArb),
    mechanismName: opt(oidArb),
    respondingAuthenticationValue: opt(authenticationValueArb),
    implementationInformation: opt(bytes(20)),
    userInformation: opt(userInformationArb),
  })
  .chain((f) => {
    const a = compact({ type: 'AARE' as const, ...f });
    return extraArb(presentNumbers(a, AARE_NUMBERS)).map((extra) => compact({ ...a, extra }));
  });

export const rlrqArb: fc.Arbitrary<Rlrq> = fc
  .record({ reason: opt(fc.constantFrom(...Object.values(RELEASE_REQUEST_REASONS))), userInformation: opt(userInformationArb) })
  .map((f) => compact({ type: 'RLRQ' as const, ...f }));

export const rlreArb: fc.Arbitrary<Rlre> = fc
  .record({ reason: opt(fc.constantFrom(...Object.values(RELEASE_RESPONSE_REASONS))), userInformation: opt(userInformationArb) })
  .map((f) => compact({ type: 'RLRE' as const, ...f }));

export const acseApduArb: fc.Arbitrary<AcseApdu> = fc.oneof(aarqArb, aareArb, rlrqArb, rlreArb);
