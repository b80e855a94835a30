// What a Session publishes and how its requests fail: events (state, every frame with its
// timestamp and direction, progress, pushes, warnings) and SessionError with a stable code.

import type { AssociationInfo } from '../dlms/association/types';

export type SessionState = 'closed' | 'connecting' | 'link-up' | 'associating' | 'associated' | 'releasing';

export type SessionErrorCode =
  | 'transport' // could not connect, or the connection dropped
  | 'link' // the HDLC link failed (no UA, DM, retries exhausted)
  | 'rejected' // the meter refused the association (AARE)
  | 'authentication' // HLS pass 3/4 failed
  | 'timeout' // no answer in time
  | 'cancelled' // the caller's AbortSignal
  | 'not-associated' // a request without an association
  | 'data-access' // the meter answered with a data-access-result / action-result other than success
  | 'protocol' // the meter's answer broke the protocol (decode error, invoke-id, block numbers, exception)
  | 'bad-request' // a reference or value that cannot be sent (unknown object, SN without base name)
  | 'settings' // the settings cannot work (missing key, bad system title)
  | 'closed' // the session was closed while the request was pending
  | 'internal'; // an engine failed unexpectedly (a bug): the session was ended

export class SessionError extends Error {
  override readonly name = 'SessionError';
  constructor(
    readonly code: SessionErrorCode,
    message: string,
    /** The engine's or meter's own code (AssociationErrorCode, data-access-result name, ...). */
    readonly detail?: string,
  ) {
    super(message);
  }
}

export type FrameDirection = 'client->server' | 'server->client';

export type SessionEvent =
  | { kind: 'state'; state: SessionState }
  /** One link-level frame (WPDU, HDLC frame with flags, or a mode E sign-on message). `at` is ms since the epoch. */
  | { kind: 'frame'; direction: FrameDirection; at: number; bytes: Uint8Array; layer: 'wrapper' | 'hdlc' | 'iec62056-21' }
  | { kind: 'associated'; info: AssociationInfo }
  | { kind: 'progress'; requestId: number; blocks: number; bytes: number }
  /** A DataNotification / EventNotification / InformationReport APDU pushed by the meter (deciphered). */
  | { kind: 'notification'; apdu: Uint8Array }
  /** Something odd that did not end a request (garbage on the line, a frame for another station). */
  | { kind: 'warning'; message: string }
  | { kind: 'closed'; reason: string };

export interface RequestOptions {
  signal?: AbortSignal;
  /** Overrides settings.timeouts.responseMs for this request (per response, not in total). */
  timeoutMs?: number;
}
