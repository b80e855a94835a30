// The machinery that the client and server HDLC links (link.ts, link-server.ts) share: the command
// list of one handle() call with its armed timers, the state-table check, feeding the deframer,
// sending a window of I frames (IEC 62056-46 6.4.4: at most window-size frames, P/F on the last,
// S=1 on every segment but the APDU's last), going back on RR N(R), and reassembling a segmented
// information field under a size limit.

import { assertNever } from '../../errors';
import type { HdlcControl } from './control';
import { HdlcDeframer } from './deframer';
import type { HdlcFrame } from './frame';
import type { HdlcLinkParams } from './params';
import { concatBytes, inc8, segmentInformation, type LinkCommand, type LinkEvent, type LinkTimerId, type TransitionTable } from './link-types';

/** The commands produced while handling one event, and which timers are armed. */
export class LinkOutput {
  private out: LinkCommand[] = [];
  private readonly armed = new Set<LinkTimerId>();

  push(c: LinkCommand): void {
    this.out.push(c);
  }

  error(reason: string, fatal = false): void {
    this.out.push({ kind: 'error', reason, fatal });
  }

  send(frames: readonly Uint8Array[]): void {
    for (const bytes of frames) this.out.push({ kind: 'send', bytes });
  }

  arm(id: LinkTimerId, ms: number): void {
    this.armed.add(id);
    this.out.push({ kind: 'armTimer', id, ms });
  }

  cancel(id: LinkTimerId): void {
    if (this.armed.delete(id)) this.out.push({ kind: 'cancelTimer', id });
  }

  /** A timer ran out: true if it was armed (it no longer is), false for a stale expiry of a cancelled one. */
  expired(id: LinkTimerId): boolean {
    return this.armed.delete(id);
  }

  /** The commands so far; the list starts empty again. */
  drain(): LinkCommand[] {
    const out = this.out;
    this.out = [];
    return out;
  }
}

/** Feeds received bytes to the deframer: frames go to `onFrame`, a discarded frame is a non-fatal error. */
export function deframe(deframer: HdlcDeframer, bytes: Uint8Array, out: LinkOutput, onFrame: (f: HdlcFrame) => void): void {
  for (const e of deframer.push(bytes)) {
    if (e.kind === 'frame') onFrame(e.frame);
    else if (e.kind === 'error') out.error(`discarded frame at byte ${e.offset}: ${e.message}`);
  }
}

/**
 * One step of a state machine checked against its table: a pair missing from the table is a
 * protocol error (reported, state unchanged); a step leaving for a state the table does not list
 * is a bug in the link (thrown). Returns the next state.
 */
export function transition<S extends string, I extends string>(
  table: TransitionTable<S, I>,
  who: string,
  state: S,
  input: I,
  out: LinkOutput,
  step: () => S,
): S {
  const allowed = table[state][input];
  if (!allowed) {
    out.error(`protocol error: ${input} in state ${state}`);
    return state;
  }
  const next = step();
  if (!allowed.includes(next)) throw new Error(`${who}: ${state} --${input}--> ${next} is not in the state table`);
  return next;
}

/** The inputs that application events become in both stations' tables. */
type EventInput = 'connect' | 'send' | 'disconnect';

/**
 * What the client and server stations have in common: a state checked against a transition
 * table, the command output, the deframer, the negotiated parameters, and handle() turning
 * events into table inputs. Subclasses say what a frame, an expired timer and each input do.
 */
export abstract class HdlcStation<S extends string, I extends string> {
  protected st: S;
  protected readonly io = new LinkOutput();
  protected readonly deframer = new HdlcDeframer();
  protected negotiated: HdlcLinkParams | undefined;

  protected constructor(
    private readonly table: TransitionTable<S, I | EventInput>,
    private readonly who: string,
    initial: S,
  ) {
    this.st = initial;
  }

  get state(): S {
    return this.st;
  }

  /** Negotiated parameters (this station's view) while connected. */
  get params(): HdlcLinkParams | undefined {
    return this.negotiated;
  }

  handle(event: LinkEvent): LinkCommand[] {
    switch (event.kind) {
      case 'connect':
        this.dispatch('connect');
        break;
      case 'send':
        this.dispatch('send', undefined, event.apdu);
        break;
      case 'disconnect':
        this.dispatch('disconnect');
        break;
      case 'timerExpired':
        if (this.io.expired(event.id)) this.onTimer(event.id); // else: stale expiry of a cancelled timer
        break;
      case 'bytesReceived':
        deframe(this.deframer, event.bytes, this.io, (f) => this.onFrame(f));
        break;
      default:
        assertNever(event, 'link event');
    }
    return this.io.drain();
  }

  protected dispatch(input: I | EventInput, f?: HdlcFrame, apdu?: Uint8Array): void {
    this.st = transition(this.table, this.who, this.st, input, this.io, () => this.step(input, f, apdu));
  }

  protected abstract onFrame(f: HdlcFrame): void;
  protected abstract onTimer(id: LinkTimerId): void;
  protected abstract step(input: I | EventInput, f: HdlcFrame | undefined, apdu: Uint8Array | undefined): S;
}

/** An information field being sent in segments, window by window. */
export interface Transmission {
  segments: Uint8Array[];
  /** The first segment not yet sent. */
  next: number;
  /** The N(S) and segment index of each frame of the last window. */
  batch: { ns: number; seg: number }[];
  /** Several information fields back to back: the index of each one's last segment (S=0 there). */
  ends?: Set<number>;
}

export function startTransmission(info: Uint8Array, maxInfo: number): Transmission {
  return { segments: segmentInformation(info, maxInfo), next: 0, batch: [] };
}

type FrameBuilder = (control: HdlcControl, information: Uint8Array | undefined, segmented: boolean) => Uint8Array;

/** The I frames of the next window, numbered from V(S) = `vs`; returns them and the new V(S). */
export function nextWindow(tx: Transmission, window: number, vs: number, vr: number, frame: FrameBuilder): { frames: Uint8Array[]; vs: number } {
  const n = Math.min(window, tx.segments.length - tx.next);
  const frames: Uint8Array[] = [];
  tx.batch = [];
  for (let k = 0; k < n; k++) {
    const seg = tx.next + k;
    tx.batch.push({ ns: vs, seg });
    const more = tx.ends ? !tx.ends.has(seg) : seg < tx.segments.length - 1;
    frames.push(frame({ kind: 'I', ns: vs, nr: vr, pf: k === n - 1 }, tx.segments[seg], more));
    vs = inc8(vs);
  }
  tx.next += n;
  return { frames, vs };
}

/**
 * RR N(R) while a window is out: N(R) = V(S) acknowledges all of it; N(R) naming a frame of the
 * window means the peer expects that frame again, so the transmission goes back to its segment.
 * Returns the error text when N(R) names no frame sent (the caller then keeps V(S)).
 */
export function goBackTo(tx: Transmission, nr: number, vs: number): string | undefined {
  if (nr === vs) return undefined;
  const from = tx.batch.find((b) => b.ns === nr);
  if (!from) return `RR N(R)=${nr} acknowledges no frame sent (V(S)=${vs})`;
  tx.next = from.seg;
  return undefined;
}

/** Received segments of one information field, with a limit on the total length. */
export class Reassembly {
  private parts: Uint8Array[] = [];
  private length = 0;

  constructor(private readonly limit: number) {}

  /** Adds a segment; false when the total exceeds the limit (everything received so far is dropped). */
  add(info: Uint8Array): boolean {
    this.length += info.length;
    if (this.length > this.limit) {
      this.clear();
      return false;
    }
    this.parts.push(info);
    return true;
  }

  /** The whole field; the reassembly starts empty again. */
  take(): Uint8Array {
    const whole = concatBytes(this.parts);
    this.clear();
    return whole;
  }

  clear(): void {
    this.parts = [];
    this.length = 0;
  }
}
