// Shared vocabulary of the sans-I/O HDLC link (client and server): the events it takes, the
// commands it returns, the state-table check and the segmentation helpers.
// In the style of mitmproxy's layers: the caller feeds events and executes the returned commands
// (writes bytes, arms/cancels timers, delivers APDUs); the link never touches I/O or a clock.

import type { HdlcLinkParams } from './params';

export type LinkTimerId = 'reply' | 'keepAlive' | 'inactivity';

export type LinkEvent =
  | { kind: 'connect' }
  | { kind: 'bytesReceived'; bytes: Uint8Array }
  | { kind: 'timerExpired'; id: LinkTimerId }
  | { kind: 'send'; apdu: Uint8Array }
  | { kind: 'disconnect' };

export type LinkCommand =
  | { kind: 'send'; bytes: Uint8Array }
  /** (Re)start timer `id`; an armed timer with the same id is replaced. */
  | { kind: 'armTimer'; id: LinkTimerId; ms: number }
  | { kind: 'cancelTimer'; id: LinkTimerId }
  /** A reassembled received information field with its LLC header removed; `unnumbered` for UI (push) data. */
  | { kind: 'apdu'; bytes: Uint8Array; unnumbered?: boolean }
  | { kind: 'connected'; params: HdlcLinkParams }
  | { kind: 'closed'; reason: string }
  /** `fatal`: the link is closed (a 'closed' command follows); otherwise the offending input was ignored. */
  | { kind: 'error'; reason: string; fatal: boolean };

/** state × input → allowed next states. A pair missing from the table is a protocol error. */
export type TransitionTable<S extends string, I extends string> = Readonly<Record<S, Readonly<Partial<Record<I, readonly S[]>>>>>;

/** Splits an information field into segments of at most `max` bytes (at least one segment). */
export function segmentInformation(info: Uint8Array, max: number): Uint8Array[] {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`maximum information field length ${max}`);
  const out: Uint8Array[] = [];
  for (let i = 0; i < info.length; i += max) out.push(info.subarray(i, Math.min(info.length, i + max)));
  if (out.length === 0) out.push(info);
  return out;
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export const inc8 = (n: number): number => (n + 1) & 7;
export const dec8 = (n: number): number => (n + 7) & 7;
