// ExceptionResponse (Green Book 9.3.x, IEC 62056-5-3): the server's answer to an APDU it cannot
// handle at all (wrong state, unknown service, failed deciphering ...). A-XDR encoded.
//
// ExceptionResponse ::= SEQUENCE {                                        -- [216] = D8
//   state-error   [0] IMPLICIT ENUMERATED { service-not-allowed (1), service-unknown (2) },
//   service-error [1] CHOICE {
//     operation-not-possible   [1] IMPLICIT NULL,
//     service-not-supported    [2] IMPLICIT NULL,
//     other-reason             [3] IMPLICIT NULL,
//     pdu-too-long             [4] IMPLICIT NULL,
//     deciphering-error        [5] IMPLICIT NULL,
//     invocation-counter-error [6] IMPLICIT Unsigned32 } }   -- the invocation counter the server expects

import { assertNever } from '../errors';
import type { ByteReader } from '../codec/byte-reader';
import type { ByteWriter } from '../codec/byte-writer';
import { readApduTag, readChoice, readUnsigned32 } from './common';

export const EXCEPTION_RESPONSE_TAG = 0xd8;

export const STATE_ERROR = {
  1: 'service-not-allowed',
  2: 'service-unknown',
} as const;
export type StateError = (typeof STATE_ERROR)[keyof typeof STATE_ERROR];

export const SERVICE_ERROR = {
  1: 'operation-not-possible',
  2: 'service-not-supported',
  3: 'other-reason',
  4: 'pdu-too-long',
  5: 'deciphering-error',
  6: 'invocation-counter-error',
} as const;

export type ServiceError =
  | { type: Exclude<(typeof SERVICE_ERROR)[keyof typeof SERVICE_ERROR], 'invocation-counter-error'> }
  | { type: 'invocation-counter-error'; invocationCounter: number };

export interface ExceptionResponse {
  type: 'exception-response';
  stateError: StateError;
  serviceError: ServiceError;
}

const STATE_ERROR_CODE: Record<StateError, number> = { 'service-not-allowed': 1, 'service-unknown': 2 };
const SERVICE_ERROR_CODE: Record<ServiceError['type'], number> = {
  'operation-not-possible': 1,
  'service-not-supported': 2,
  'other-reason': 3,
  'pdu-too-long': 4,
  'deciphering-error': 5,
  'invocation-counter-error': 6,
};

export function decodeExceptionResponse(r: ByteReader): ExceptionResponse {
  return r.node('exception-response', (): ExceptionResponse => {
    readApduTag(r, EXCEPTION_RESPONSE_TAG, 'exception-response');
    const stateError = r.node('state-error', () => readChoice(r, 'state-error', STATE_ERROR));
    const serviceError = r.node('service-error', (): ServiceError => {
      const type = readChoice(r, 'service-error', SERVICE_ERROR);
      switch (type) {
        case 'invocation-counter-error':
          return { type, invocationCounter: readUnsigned32(r, 'invocation-counter') };
        case 'operation-not-possible':
        case 'service-not-supported':
        case 'other-reason':
        case 'pdu-too-long':
        case 'deciphering-error':
          return { type };
        default:
          return assertNever(type, 'service-error');
      }
    });
    return { type: 'exception-response', stateError, serviceError };
  });
}

export function encodeExceptionResponse(w: ByteWriter, pdu: ExceptionResponse): void {
  w.u8(EXCEPTION_RESPONSE_TAG);
  w.u8(STATE_ERROR_CODE[pdu.stateError]);
  w.u8(SERVICE_ERROR_CODE[pdu.serviceError.type]);
  if (pdu.serviceError.type === 'invocation-counter-error') w.u32(pdu.serviceError.invocationCounter);
}

export function describeException(pdu: ExceptionResponse): string {
  const s = pdu.serviceError;
  return `${pdu.stateError}, ${s.type}${s.type === 'invocation-counter-error' ? ` (expected IC ${s.invocationCounter})` : ''}`;
}
