// xDLMS ConfirmedServiceError (Green Book 9.5, IEC 62056-5-3 8.3), tag [14], A-XDR encoded:
// tag 0E, the CHOICE index of the service, the CHOICE index of ServiceError, the ENUMERATED value.
// A server that refuses the xDLMS context answers the AARQ with an AARE carrying one of these
// (typically initiateError / initiate) in its user-information.
//
//   ConfirmedServiceError ::= CHOICE {
//     -- tag 0 is reserved
//     initiateError [1] ServiceError, getStatus [2] ServiceError, getNameList [3] ServiceError,
//     getVariableAttribute [4] ServiceError, read [5] ServiceError, write [6] ServiceError,
//     getDataSetAttribute [7] ServiceError, getTIAttribute [8] ServiceError,
//     changeScope [9] ServiceError, start [10] ServiceError, stop [11] ServiceError,
//     resume [12] ServiceError, makeUsable [13] ServiceError, initiateLoad [14] ServiceError,
//     loadSegment [15] ServiceError, terminateLoad [16] ServiceError,
//     initiateUpLoad [17] ServiceError, upLoadSegment [18] ServiceError,
//     terminateUpLoad [19] ServiceError }
//
//   ServiceError ::= CHOICE {
//     application-reference [0] IMPLICIT ENUMERATED { other (0), time-elapsed (1),
//         application-unreachable (2), application-reference-invalid (3),
//         application-context-unsupported (4), provider-communication-error (5), deciphering-error (6) },
//     hardware-resource [1] IMPLICIT ENUMERATED { other (0), memory-unavailable (1),
//         processor-resource-unavailable (2), mass-storage-unavailable (3), other-resource-unavailable (4) },
//     vde-state-error [2] IMPLICIT ENUMERATED { other (0), no-dlms-context (1), loading-data-set (2),
//         status-nochange (3), status-inoperable (4) },
//     service [3] IMPLICIT ENUMERATED { other (0), pdu-size (1), service-unsupported (2) },
//     definition [4] IMPLICIT ENUMERATED { other (0), object-undefined (1),
//         object-class-inconsistent (2), object-attribute-inconsistent (3) },
//     access [5] IMPLICIT ENUMERATED { other (0), scope-of-access-violated (1),
//         object-access-violated (2), hardware-fault (3), object-unavailable (4) },
//     initiate [6] IMPLICIT ENUMERATED { other (0), dlms-version-too-low (1),
//         incompatible-conformance (2), pdu-size-too-short (3), refused-by-the-VDE-Handler (4) },
//     load-data-set [7] IMPLICIT ENUMERATED { other (0), primitive-out-of-sequence (1),
//         not-loadable (2), dataset-size-too-large (3), not-awaited-segment (4),
//         interpretation-failure (5), storage-failure (6), data-set-not-ready (7) },
//     change-scope [8] IMPLICIT ENUMERATED,               -- no named values
//     task [9] IMPLICIT ENUMERATED { other (0), no-remote-control (1), ti-stopped (2),
//         ti-running (3), ti-unusable (4) },
//     other-error [10] IMPLICIT ENUMERATED }              -- manufacturer specific
//
// (Choice numbers checked against u9n/dlms-cosem and Gurux's translator tables.)

import type { ByteReader } from '../codec/byte-reader';
import type { ByteWriter } from '../codec/byte-writer';

export const CONFIRMED_SERVICE_ERROR_TAG = 0x0e;

/** Service CHOICE: index = tag ([0] is reserved). */
export const CONFIRMED_SERVICES = [
  undefined,
  'initiateError',
  'getStatus',
  'getNameList',
  'getVariableAttribute',
  'read',
  'write',
  'getDataSetAttribute',
  'getTIAttribute',
  'changeScope',
  'start',
  'stop',
  'resume',
  'makeUsable',
  'initiateLoad',
  'loadSegment',
  'terminateLoad',
  'initiateUpLoad',
  'upLoadSegment',
  'terminateUpLoad',
] as const;

export type ConfirmedServiceName = Exclude<(typeof CONFIRMED_SERVICES)[number], undefined>;

/** ServiceError CHOICE: name → [tag, enumeration names by value (null: no named values)]. */
export const SERVICE_ERRORS = {
  'application-reference': [0, ['other', 'time-elapsed', 'application-unreachable', 'application-reference-invalid', 'application-context-unsupported', 'provider-communication-error', 'deciphering-error']],
  'hardware-resource': [1, ['other', 'memory-unavailable', 'processor-resource-unavailable', 'mass-storage-unavailable', 'other-resource-unavailable']],
  'vde-state-error': [2, ['other', 'no-dlms-context', 'loading-data-set', 'status-nochange', 'status-inoperable']],
  service: [3, ['other', 'pdu-size', 'service-unsupported']],
  definition: [4, ['other', 'object-undefined', 'object-class-inconsistent', 'object-attribute-inconsistent']],
  access: [5, ['other', 'scope-of-access-violated', 'object-access-violated', 'hardware-fault', 'object-unavailable']],
  initiate: [6, ['other', 'dlms-version-too-low', 'incompatible-conformance', 'pdu-size-too-short', 'refused-by-the-VDE-Handler']],
  'load-data-set': [7, ['other', 'primitive-out-of-sequence', 'not-loadable', 'dataset-size-too-large', 'not-awaited-segment', 'interpretation-failure', 'storage-failure', 'data-set-not-ready']],
  'change-scope': [8, null],
  task: [9, ['other', 'no-remote-control', 'ti-stopped', 'ti-running', 'ti-unusable']],
  'other-error': [10, null],
} as const;

export type ServiceErrorChoice = keyof typeof SERVICE_ERRORS;

type ValueOf<K extends ServiceErrorChoice> = (typeof SERVICE_ERRORS)[K][1] extends readonly (infer N)[] ? N : number;

/** ServiceError: the choice and its named value (a plain number for change-scope and other-error). */
export type ServiceError = { [K in ServiceErrorChoice]: { choice: K; value: ValueOf<K> } }[ServiceErrorChoice];

export interface ConfirmedServiceError {
  type: 'confirmedServiceError';
  service: ConfirmedServiceName;
  error: ServiceError;
}

const CHOICE_BY_TAG: ReadonlyMap<number, ServiceErrorChoice> = new Map(
  (Object.keys(SERVICE_ERRORS) as ServiceErrorChoice[]).map((k) => [SERVICE_ERRORS[k][0], k]),
);

function namesOf(choice: ServiceErrorChoice): readonly string[] | null {
  return SERVICE_ERRORS[choice][1];
}

/** The numeric ENUMERATED value of a ServiceError. */
export function serviceErrorCode(e: ServiceError): number {
  const names = namesOf(e.choice);
  if (names === null) return e.value as number;
  const i = names.indexOf(e.value as string);
  if (i < 0) throw new RangeError(`${String(e.value)} is not a ${e.choice} value`);
  return i;
}

/** Builds a ServiceError from its choice and numeric value; undefined when the value has no name. */
export function serviceErrorFromCode(choice: ServiceErrorChoice, code: number): ServiceError | undefined {
  const names = namesOf(choice);
  if (names === null) return { choice, value: code } as ServiceError;
  const name = names[code];
  return name === undefined ? undefined : ({ choice, value: name } as ServiceError);
}

/** "initiateError: initiate / other" */
export function describeConfirmedServiceError(e: ConfirmedServiceError): string {
  return `${e.service}: ${e.error.choice} / ${String(e.error.value)}`;
}

export function decodeConfirmedServiceError(r: ByteReader): ConfirmedServiceError {
  return r.node(
    'ConfirmedServiceError',
    () => {
      const at = r.pos;
      const tag = r.node('tag', () => r.u8(), () => ({ value: '0x0E', meaning: 'confirmedServiceError' }));
      if (tag !== CONFIRMED_SERVICE_ERROR_TAG) r.fail('BAD_TAG', `expected confirmedServiceError tag 14, got ${tag}`, at);
      const serviceAt = r.pos;
      const serviceTag = r.node('service', () => r.u8(), (v) => ({ value: String(v), meaning: CONFIRMED_SERVICES[v] ?? 'not a ConfirmedServiceError choice' }));
      const service = CONFIRMED_SERVICES[serviceTag];
      if (service === undefined) r.fail('BAD_TAG', `ConfirmedServiceError choice ${serviceTag}`, serviceAt);
      const error = r.node(
        'ServiceError',
        () => {
          const choiceAt = r.pos;
          const choiceTag = r.node('choice', () => r.u8(), (v) => ({ value: String(v), meaning: CHOICE_BY_TAG.get(v) ?? 'not a ServiceError choice' }));
          const choice = CHOICE_BY_TAG.get(choiceTag);
          if (choice === undefined) return r.fail('BAD_TAG', `ServiceError choice ${choiceTag}`, choiceAt);
          const valueAt = r.pos;
          const code = r.node(choice, () => r.u8(), (v) => ({ value: String(v), meaning: namesOf(choice)?.[v] ?? (namesOf(choice) ? 'not a named value' : 'manufacturer specific') }));
          const e = serviceErrorFromCode(choice, code);
          if (e === undefined) return r.fail('BAD_VALUE', `${code} is not a ${choice} value`, valueAt);
          return e;
        },
        (e) => ({ value: `${e.choice}: ${String(e.value)}` }),
      );
      return { type: 'confirmedServiceError', service, error } satisfies ConfirmedServiceError;
    },
    (v) => ({ value: describeConfirmedServiceError(v), meaning: 'confirmedServiceError' }),
  );
}

export function encodeConfirmedServiceError(w: ByteWriter, e: ConfirmedServiceError): void {
  const serviceTag = CONFIRMED_SERVICES.indexOf(e.service);
  if (serviceTag < 1) throw new RangeError(`${e.service} is not a ConfirmedServiceError choice`);
  w.u8(CONFIRMED_SERVICE_ERROR_TAG).u8(serviceTag).u8(SERVICE_ERRORS[e.error.choice][0]).u8(serviceErrorCode(e.error));
}
