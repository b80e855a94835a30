// The HDLC link of a DLMS server (the secondary station in normal response mode), for the
// built-in simulator. It answers only what the client sends:
//   SNRM -> UA with the negotiated parameters (min of the client's proposal and what we support)
//   I    -> segments with S=1 and P=1 get RR N(R); S=0 completes the request: an 'apdu' command
//   send(apdu) from the application -> LLC E6 E7 00 + APDU in I frames; with S=1 the client asks
//           for the next segment with RR; a repeated client frame, or an RR naming a frame of
//           the last window, gets that window again (our frame was lost)
//   sendAll(apdus) -> several APDUs back to back as one response (a GBT window): each its own
//           information field (S=0 on its last segment), F=1 only on the last frame of each
//           window of I frames, so that they fit one poll when the negotiated window allows
//   RR   -> RR (keep-alive poll), or RNR while the application has not answered yet
//   DISC -> UA (DM when not connected); frames other than SNRM while disconnected -> DM
// Sequence errors (IEC 62056-46 6.4.4.4 on ISO/IEC 13239 NRM; no REJ in the DLMS subset):
//   I frame with N(S) ≠ V(R) (not the repeat of the last one): discarded; if it polls (P=1), the
//           answer is RR with N(R) = V(R), the frame the server expects, so the client can go back
//   I or RR with an invalid N(R) (acknowledging a frame never sent, or going back past an
//           acknowledged one): FRMR with the 3-octet reason (rejected control field, V(S) and V(R),
//           Z = invalid N(R)); the server stays in the frame-reject condition and repeats the FRMR
//           to every poll until SNRM or DISC resets the link
// An optional inactivity timeout drops the link, as meters do.

import { addressEquals, type HdlcAddress } from './address';
import type { HdlcControl } from './control';
import { buildHdlcParamsField, encodeHdlcParamsField, negotiateAsServer, paramsOf, withDefaults, type HdlcLinkParams } from './params';
import { encodeControl } from './control';
import { encodeHdlcFrame, stripLlc, withLlc, type HdlcFrame } from './frame';
import { dec8, inc8, type LinkTimerId, type TransitionTable } from './link-types';
import { goBackTo, HdlcStation, nextWindow, Reassembly, startTransmission, type Transmission } from './link-common';
import type { LinkCommand } from './link-types';
import { assertNever } from '../../errors';

export type ServerState = 'disconnected' | 'idle' | 'receiving' | 'processing' | 'sending' | 'frame-rejected';
export type ServerInput = 'SNRM' | 'DISC' | 'I' | 'RR' | 'RNR' | 'UA' | 'DM' | 'FRMR' | 'send' | 'inactivity' | 'connect' | 'disconnect';

const CONNECTED = { SNRM: ['idle'], DISC: ['disconnected'], inactivity: ['disconnected'], disconnect: ['disconnected'] } as const;

export const SERVER_TRANSITIONS: TransitionTable<ServerState, ServerInput> = {
  disconnected: { SNRM: ['idle'], DISC: ['disconnected'], I: ['disconnected'], RR: ['disconnected'], RNR: ['disconnected'], disconnect: ['disconnected'] },
  idle: { I: ['idle', 'receiving', 'processing', 'frame-rejected'], RR: ['idle', 'frame-rejected'], ...CONNECTED },
  receiving: { I: ['receiving', 'processing', 'idle', 'frame-rejected'], RR: ['receiving'], ...CONNECTED },
  processing: { send: ['idle', 'sending'], I: ['processing'], RR: ['processing'], ...CONNECTED },
  sending: { RR: ['sending', 'idle', 'frame-rejected'], I: ['sending', 'frame-rejected'], ...CONNECTED },
  'frame-rejected': { I: ['frame-rejected'], RR: ['frame-rejected'], RNR: ['frame-rejected'], send: ['frame-rejected'], ...CONNECTED },
};

/** FRMR reason bits (ISO/IEC 13239 5.5.3.4.2, third octet): W undefined control, X I-field not allowed, Y too long, Z invalid N(R). */
export const FRMR_REASON = { W: 0x01, X: 0x02, Y: 0x04, Z: 0x08 } as const;

export interface HdlcServerOptions {
  serverAddress: HdlcAddress;
  /** What the server supports (defaults 128/128/1/1). */
  params?: Partial<HdlcLinkParams>;
  /** Drop the link after this long without a frame from the client; off by default. */
  inactivityTimeoutMs?: number;
  maxReceiveLength?: number;
}

export class HdlcServerLink extends HdlcStation<ServerState, ServerInput> {
  private readonly supported: HdlcLinkParams;
  private peer: HdlcAddress | undefined;
  private vs = 0;
  private vr = 0;
  private readonly rx: Reassembly;
  private tx: Transmission | undefined;
  /** The frames of the last window sent, with their N(S), for retransmission. */
  private lastBatch: { ns: number; bytes: Uint8Array }[] = [];
  /** The FRMR information field while in the frame-reject condition. */
  private rejection: Uint8Array | undefined;
  /** The APDUs of a sendAll() while its 'send' runs through the state table. */
  private pending: readonly Uint8Array[] | undefined;

  constructor(private readonly opts: HdlcServerOptions) {
    super(SERVER_TRANSITIONS, 'HDLC server', 'disconnected');
    this.supported = withDefaults(opts.params);
    this.rx = new Reassembly(opts.maxReceiveLength ?? 0xffff + 3);
  }

  protected onFrame(f: HdlcFrame): void {
    if (!addressEquals(f.destination, this.opts.serverAddress)) return;
    if (f.control.kind === 'UI') return; // connectionless data to a server: not used by the simulator
    if (this.st !== 'disconnected' && f.control.kind !== 'SNRM' && this.peer && !addressEquals(f.source, this.peer)) return;
    if (this.st !== 'disconnected' && this.opts.inactivityTimeoutMs !== undefined) this.io.arm('inactivity', this.opts.inactivityTimeoutMs);
    this.dispatch(f.control.kind, f);
  }

  protected onTimer(id: LinkTimerId): void {
    if (id === 'inactivity') this.dispatch('inactivity');
  }

  protected step(input: ServerInput, f: HdlcFrame | undefined, apdu: Uint8Array | undefined): ServerState {
    const c = f?.control;
    switch (input) {
      case 'SNRM': {
        this.peer = f!.source;
        this.negotiated = negotiateAsServer(f!.params ? paramsOf(f!.params) : undefined, this.supported);
        this.vs = this.vr = 0;
        this.reset();
        this.send({ kind: 'UA', pf: true }, encodeHdlcParamsField(buildHdlcParamsField(this.negotiated)), f!.source);
        if (this.opts.inactivityTimeoutMs !== undefined) this.io.arm('inactivity', this.opts.inactivityTimeoutMs);
        this.io.push({ kind: 'connected', params: { ...this.negotiated } });
        return 'idle';
      }
      case 'DISC':
        if (this.st === 'disconnected') {
          this.send({ kind: 'DM', pf: true }, undefined, f!.source);
          return 'disconnected';
        }
        this.send({ kind: 'UA', pf: true }, undefined, f!.source);
        return this.drop('disconnected by the client');
      case 'I':
      case 'RR':
      case 'RNR':
        if (this.st === 'disconnected') {
          this.send({ kind: 'DM', pf: true }, undefined, f!.source);
          return 'disconnected';
        }
        if (this.st === 'frame-rejected') {
          if (c!.pf) this.send({ kind: 'FRMR', pf: true }, this.rejection);
          return 'frame-rejected';
        }
        if (input === 'I') return this.onInformation(f!, c as Extract<HdlcControl, { kind: 'I' }>);
        return this.onSupervisory(c as Extract<HdlcControl, { kind: 'RR' | 'RNR' }>);
      case 'send':
        if (this.st === 'frame-rejected') return 'frame-rejected'; // the link must be reset before any answer
        return this.startResponse(apdu!);
      case 'inactivity':
        return this.drop('inactivity timeout');
      case 'disconnect':
        return this.st === 'disconnected' ? 'disconnected' : this.drop('disconnected by the application');
      case 'UA':
      case 'DM':
      case 'FRMR':
      case 'connect':
        return this.st; // never in the table for a server
      default:
        return assertNever(input, 'server input');
    }
  }

  private onInformation(f: HdlcFrame, c: Extract<HdlcControl, { kind: 'I' }>): ServerState {
    if (c.ns !== this.vr) {
      // The client repeats its last frame: our answer was lost. Send it again.
      if (c.ns === dec8(this.vr) && (this.st === 'idle' || this.st === 'sending') && this.lastBatch.length > 0) this.emitFrames(this.lastBatch.map((b) => b.bytes));
      else if (c.ns === dec8(this.vr) && this.st === 'receiving' && c.pf) this.send({ kind: 'RR', nr: this.vr, pf: true });
      else if (this.st !== 'processing') {
        // N(S) sequence error: discard, and tell a polling client which frame is expected
        if (c.pf) this.send({ kind: 'RR', nr: this.vr, pf: true });
        this.io.push({ kind: 'error', reason: `I frame N(S)=${c.ns}, expected ${this.vr}: discarded${c.pf ? `, RR N(R)=${this.vr} sent` : ''}`, fatal: false });
      }
      return this.st;
    }
    if (this.st === 'processing') {
      this.io.push({ kind: 'error', reason: 'new request before the response was sent', fatal: false });
      return 'processing';
    }
    if (c.nr !== this.vs) {
      if (!this.lastBatch.some((b) => b.ns === c.nr)) return this.frameReject(c, `I frame N(R)=${c.nr} acknowledges no frame sent (V(S)=${this.vs})`);
      this.io.push({ kind: 'error', reason: `I frame N(R)=${c.nr} does not acknowledge V(S)=${this.vs}`, fatal: false });
      return this.st;
    }
    this.vr = inc8(this.vr);
    this.lastBatch = [];
    if (!this.rx.add(f.information ?? new Uint8Array(0))) {
      this.io.error('request exceeds the receive limit');
      return 'idle';
    }
    if (f.segmented) {
      if (c.pf) this.send({ kind: 'RR', nr: this.vr, pf: true });
      return 'receiving';
    }
    this.io.push({ kind: 'apdu', bytes: stripLlc(this.rx.take()) });
    return 'processing';
  }

  private onSupervisory(c: Extract<HdlcControl, { kind: 'RR' | 'RNR' }>): ServerState {
    const nr = c.nr;
    if (this.st === 'sending') {
      const unknown = goBackTo(this.tx!, nr, this.vs);
      if (unknown !== undefined) return this.frameReject(c, unknown);
      this.vs = nr;
      return this.sendBatch();
    }
    // RR N(R) naming a frame of the last window: it was lost, go back and send from there.
    const from = this.lastBatch.findIndex((b) => b.ns === nr);
    if (nr !== this.vs && from >= 0 && this.st === 'idle') {
      this.emitFrames(this.lastBatch.slice(from).map((b) => b.bytes));
      return this.st;
    }
    if (nr !== this.vs && this.st === 'idle') return this.frameReject(c, `RR N(R)=${nr} acknowledges no frame sent (V(S)=${this.vs})`);
    // A poll: busy while the application prepares the response, else ready.
    this.send({ kind: this.st === 'processing' ? 'RNR' : 'RR', nr: this.vr, pf: true });
    return this.st;
  }

  /** Several APDUs as one response, back to back (see the header). */
  sendAll(apdus: readonly Uint8Array[]): LinkCommand[] {
    if (apdus.length <= 1) return apdus.length === 1 ? this.handle({ kind: 'send', apdu: apdus[0]! }) : [];
    this.pending = apdus;
    const out = this.handle({ kind: 'send', apdu: apdus[0]! });
    this.pending = undefined;
    return out;
  }

  private startResponse(apdu: Uint8Array): ServerState {
    const all = this.pending ?? [apdu];
    this.pending = undefined;
    const max = this.negotiated!.maxInfoTransmit;
    const tx: Transmission = { segments: [], next: 0, batch: [], ends: new Set() };
    for (const a of all) {
      tx.segments.push(...startTransmission(withLlc('response', a), max).segments);
      tx.ends!.add(tx.segments.length - 1);
    }
    this.tx = tx;
    return this.sendBatch();
  }

  private sendBatch(): ServerState {
    const tx = this.tx!;
    const { frames, vs } = nextWindow(tx, this.negotiated!.windowTransmit, this.vs, this.vr, (c, info, segmented) => this.frame(c, info, segmented));
    this.vs = vs;
    this.lastBatch = tx.batch.map((b, k) => ({ ns: b.ns, bytes: frames[k]! }));
    this.emitFrames(frames);
    if (tx.next < tx.segments.length) return 'sending';
    this.tx = undefined;
    return 'idle';
  }

  /** Enters the frame-reject condition: FRMR with the rejected control field, V(S)/V(R) and Z (invalid N(R)). */
  private frameReject(c: HdlcControl, reason: string): ServerState {
    this.rejection = Uint8Array.of(encodeControl(c), (this.vr << 5) | (this.vs << 1), FRMR_REASON.Z);
    this.reset();
    this.send({ kind: 'FRMR', pf: true }, this.rejection);
    this.io.push({ kind: 'error', reason: `${reason}: FRMR sent, the link waits for SNRM or DISC`, fatal: false });
    return 'frame-rejected';
  }

  private drop(reason: string): ServerState {
    this.io.cancel('inactivity');
    this.reset();
    this.negotiated = undefined;
    this.peer = undefined;
    this.io.push({ kind: 'closed', reason });
    return 'disconnected';
  }

  private reset(): void {
    this.rx.clear();
    this.tx = undefined;
    this.lastBatch = [];
  }

  private frame(control: HdlcControl, information?: Uint8Array, segmented = false, to = this.peer!): Uint8Array {
    return encodeHdlcFrame({ destination: to, source: this.opts.serverAddress, control, information, segmented });
  }

  private send(control: HdlcControl, information?: Uint8Array, to = this.peer!): void {
    this.emitFrames([this.frame(control, information, false, to)]);
  }

  private emitFrames(frames: Uint8Array[]): void {
    this.io.send(frames);
  }
}
