// The vocabulary of the client association engine: what goes in (references to attributes and
// methods, injected randomness and invocation-counter ledger) and the commands that come out
// (mitmproxy-style: the caller sends the bytes and settles the results).

import type { Aare } from '../acse/aare';
import type { DlmsData } from '../axdr/types';
import type { ConformanceBitName } from '../xdlms/conformance';
import type { GetDataResult, SelectiveAccessDescriptor } from '../xdlms/common';
import type { ObjectListEntry } from './object-list';

/** Randomness for the client-to-server challenge (the engine itself never draws random numbers). */
export type RandomSource = (n: number) => Uint8Array;

/**
 * Where outgoing invocation counters come from: the session persists it so that a counter is never
 * used twice, across associations and restarts. Each call returns a counter greater than the last.
 */
export interface InvocationCounterLedger {
  next(): number;
}

/** An attribute by logical name (LN) — and by base name when the association uses SN referencing. */
export interface AttributeRef {
  classId: number;
  /** OBIS as text ('1-0:1.8.0.255', '0.0.40.0.0.255') or its 6 bytes. */
  logicalName: string | Uint8Array;
  attributeId: number;
  accessSelection?: SelectiveAccessDescriptor;
  /** SN referencing: the object's base_name (attribute n is at base_name + 8·(n−1)). */
  baseName?: number;
}

export interface MethodRef {
  classId: number;
  logicalName: string | Uint8Array;
  methodId: number;
  /** SN referencing: the object's base_name (the method's short name needs the class's method offset). */
  baseName?: number;
}

/** What the AARE (and, for HLS, pass 4) settled. */
export interface AssociationInfo {
  applicationContextName: string;
  /** Authentication mechanism id 0..7. */
  mechanism: number;
  negotiatedConformance: ConformanceBitName[];
  /** The conformance block as a 24-bit number. */
  negotiatedConformanceValue: number;
  serverMaxReceivePduSize: number;
  dlmsVersion: number;
  vaaName: number;
  /** The server's system title (responding-AP-title), when it sent one. */
  serverSystemTitle?: Uint8Array;
}

/** A settled request: the meter's answer (a data-access-result is an answer, not an error). */
export type RequestResult =
  | { type: 'get'; result: GetDataResult }
  /** `notices`: what the engine did beyond the request (e.g. the meter refused lists: sent one by one). */
  | { type: 'get-with-list'; results: GetDataResult[]; notices?: string[] }
  | { type: 'set'; result: number }
  | { type: 'set-with-list'; results: number[]; notices?: string[] }
  | { type: 'action'; result: number; returnParameters?: GetDataResult }
  | { type: 'object-list'; entries: ObjectListEntry[] };

/** Stable codes of the errors the engine reports. */
export type AssociationErrorCode =
  | 'protocol-error' // an input the state table does not allow here
  | 'not-associated'
  | 'bad-settings'
  | 'bad-request' // a reference or value that cannot be encoded
  | 'decode-error' // the meter's APDU did not decode
  | 'rejected' // AARE rejected (a 'rejected' command carries the details)
  | 'hls-failed' // pass 3 refused by the meter, or pass 4 did not verify
  | 'deciphering-error'
  | 'replay' // a received invocation counter not above the last one
  | 'unprotected' // a plain APDU where the security policy asks for protection
  | 'invoke-id-mismatch'
  | 'block-number' // a block out of sequence
  | 'exception' // the meter's exception-response / confirmed-service-error
  | 'timeout'
  | 'cancelled'
  | 'unsupported';

export type AssociationCommand =
  | { kind: 'sendApdu'; bytes: Uint8Array }
  | { kind: 'associated'; info: AssociationInfo }
  | { kind: 'rejected'; reason: string; aare: Aare }
  | { kind: 'result'; requestId: number; result: RequestResult }
  | { kind: 'progress'; requestId: number; blocks: number; bytes: number }
  | { kind: 'error'; requestId?: number; code: AssociationErrorCode; message: string }
  /** A data-notification / event-notification / information-report the meter pushed (plain). */
  | { kind: 'notification'; apdu: Uint8Array }
  | { kind: 'released' };

/** A result of a request method: its id (to correlate 'result'/'error' commands) and the commands. */
export interface RequestStart {
  requestId: number;
  commands: AssociationCommand[];
}

export type { DlmsData };
