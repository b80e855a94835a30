// The element runs that AARQ and AARE share (IEC 62056-5-3 / Green Book 9.3.2, ISO 8650-1):
//
//   protocol-version [0], application-context-name [1]          -- both, same tags
//   <party>-AP-title, -AE-qualifier, -AP-invocation-id, -AE-invocation-id
//                                        -- AARQ: called- [2..5], calling- [6..9]; AARE: responding- [4..7]
//   <requirer>-acse-requirements, mechanism-name, <party>-authentication-value
//                                        -- AARQ: sender-/calling- [10..12]; AARE: responder-/responding- [8..10]
//   implementation-information [29], user-information [30]       -- both, same tags
//
// Each run is built once here; aarq.ts and aare.ts list them in their grammar order.

import { ctx, type BitString } from './ber';
import { field, type AuthenticationValue, type Field, type FieldCodec } from './elements';
import {
  acseRequirementsCodec,
  aeQualifierCodec,
  apTitleCodec,
  applicationContextCodec,
  authenticationValueCodec,
  implementationInformationCodec,
  invocationIdCodec,
  mechanismNameCodec,
  protocolVersionCodec,
  userInformationCodec,
} from './fields';
import type { UserInformation } from './user-information';

interface ContextElements {
  protocolVersion?: BitString;
  applicationContextName: string;
}

/** protocol-version [0] IMPLICIT, application-context-name [1]. */
export const CONTEXT_FIELDS: readonly Field<ContextElements>[] = [
  field<ContextElements, 'protocolVersion'>('protocolVersion', ctx(0), 'protocol-version', protocolVersionCodec),
  field<ContextElements, 'applicationContextName'>('applicationContextName', ctx(1, true), 'application-context-name', applicationContextCodec),
];

/**
 * field() for a key spelled from a party name (or inside such a generic type). The value type is
 * fixed by the mapped types below, but TypeScript cannot resolve T[`${P}ApTitle`] while P is
 * generic, hence the one cast.
 */
function keyedField<T, V>(key: string, tag: number, label: string, codec: FieldCodec<V>): Field<T> {
  return field<Record<string, V>, string>(key, tag, label, codec as FieldCodec<NonNullable<V>>) as unknown as Field<T>;
}

type ApTitleElements<P extends string> = { [K in `${P}ApTitle`]?: Uint8Array } & { [K in `${P}AeQualifier`]?: Uint8Array } & {
  [K in `${P}ApInvocationId`]?: number;
} & { [K in `${P}AeInvocationId`]?: number };

/** <party>-AP-title, -AE-qualifier, -AP-invocation-id, -AE-invocation-id at [first] .. [first + 3], all EXPLICIT. */
export function apTitleFields<P extends 'called' | 'calling' | 'responding'>(party: P, first: number): Field<ApTitleElements<P>>[] {
  type T = ApTitleElements<P>;
  return [
    keyedField<T, Uint8Array>(`${party}ApTitle`, ctx(first, true), `${party}-AP-title`, apTitleCodec),
    keyedField<T, Uint8Array>(`${party}AeQualifier`, ctx(first + 1, true), `${party}-AE-qualifier`, aeQualifierCodec),
    keyedField<T, number>(`${party}ApInvocationId`, ctx(first + 2, true), `${party}-AP-invocation-id`, invocationIdCodec),
    keyedField<T, number>(`${party}AeInvocationId`, ctx(first + 3, true), `${party}-AE-invocation-id`, invocationIdCodec),
  ];
}

type AuthenticationElements<R extends string, P extends string> = { [K in `${R}AcseRequirements`]?: BitString } & { mechanismName?: string } & {
  [K in `${P}AuthenticationValue`]?: AuthenticationValue;
};

/**
 * The authentication functional unit: <requirer>-acse-requirements [first] IMPLICIT, mechanism-name
 * [first + 1] IMPLICIT, <party>-authentication-value [first + 2] EXPLICIT.
 */
export function authenticationFields<R extends 'sender' | 'responder', P extends 'calling' | 'responding'>(
  requirer: R,
  party: P,
  first: number,
): Field<AuthenticationElements<R, P>>[] {
  type T = AuthenticationElements<R, P>;
  return [
    keyedField<T, BitString>(`${requirer}AcseRequirements`, ctx(first), `${requirer}-acse-requirements`, acseRequirementsCodec),
    keyedField<T, string>('mechanismName', ctx(first + 1), 'mechanism-name', mechanismNameCodec),
    keyedField<T, AuthenticationValue>(`${party}AuthenticationValue`, ctx(first + 2, true), `${party}-authentication-value`, authenticationValueCodec),
  ];
}

interface TailElements {
  implementationInformation?: Uint8Array;
  userInformation?: UserInformation;
}

/** implementation-information [29] IMPLICIT, user-information [30] EXPLICIT. */
export const TAIL_FIELDS: readonly Field<TailElements>[] = [
  field<TailElements, 'implementationInformation'>('implementationInformation', ctx(29), 'implementation-information', implementationInformationCodec),
  field<TailElements, 'userInformation'>('userInformation', ctx(30, true), 'user-information', userInformationCodec),
];
