// Request bookkeeping of a Session: the pending promise of each request id, and the mapping of the
// engine's error codes (AssociationErrorCode) to the session's (SessionErrorCode), with the
// engine's code kept as the detail.

import type { AssociationErrorCode } from '../dlms/association/types';
import { assertNever } from '../dlms/errors';
import { SessionError, type SessionErrorCode } from './types';

export interface Pending<T = unknown> {
  resolve(v: T): void;
  reject(e: SessionError): void;
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
