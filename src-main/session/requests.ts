// Request bookkeeping of a Session: the pending promise of each request id or step (waitFor), and
// the mapping of errors to SessionError: the engine's codes (AssociationErrorCode) to the
// session's (SessionErrorCode), with the engine's code kept as the detail, and the transport's.

import type { AssociationErrorCode } from '../dlms/association/types';
import { assertNever } from '../dlms/errors';
import { TransportError } from '../transport/types';
import { SessionError, type SessionErrorCode } from './types';

export interface Pending<T = unknown> {
  resolve(v: T): void;
  reject(e: SessionError): void;
}

/** Registers a waiter, runs `start`, and settles on the waiter, the signal, or a drop. */
export function waitFor<T>(register: (p: Pending<T>) => void, signal: AbortSignal | undefined, start: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) return reject(new SessionError('cancelled', 'cancelled'));
    const onAbort = (): void => p.reject(new SessionError('cancelled', 'connect cancelled'));
    const p: Pending<T> = {
      resolve: (v) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(v);
      },
      reject: (e) => {
        signal?.removeEventListener('abort', onAbort);
        reject(e);
      },
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    register(p);
    start();
  });
}

export function sessionCodeOf(code: AssociationErrorCode): SessionErrorCode {
  switch (code) {
    case 'timeout':
      return 'timeout';
    case 'cancelled':
      return 'cancelled';
    case 'not-associated':
      return 'not-associated';
    case 'bad-settings':
      return 'settings';
    case 'rejected':
      return 'rejected';
    case 'hls-failed':
      return 'authentication';
    case 'protocol-error':
    case 'decode-error':
    case 'deciphering-error':
    case 'replay':
    case 'unprotected':
    case 'invoke-id-mismatch':
    case 'block-number':
    case 'exception':
    case 'unsupported':
      return 'protocol';
    case 'bad-request':
      return 'bad-request';
    default:
      return assertNever(code, 'association error code');
  }
}

export function mapEngineError(code: AssociationErrorCode, message: string): SessionError {
  const hint = code === 'deciphering-error' ? '; check the block cipher key, the authentication key and the system titles' : '';
  return new SessionError(sessionCodeOf(code), `${message}${hint}`, code);
}

/** A transport's or link's failure as a SessionError (an aborted open is a cancellation). */
export function toSessionError(e: unknown, fallback: 'transport' | 'link'): SessionError {
  if (e instanceof SessionError) return e;
  if (e instanceof TransportError) return new SessionError(e.code === 'aborted' ? 'cancelled' : 'transport', e.message, e.code);
  return new SessionError(fallback, e instanceof Error ? e.message : String(e));
}
