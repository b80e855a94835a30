// The HDLC link of a DLMS server (the secondary station in normal response mode), for the
// built-in simulator. It answers only what the client sends:
//   SNRM -> UA with the negotiated parameters (min of the client's proposal and what we support)
//   I    -> segments with S=1 and P=1 get RR N(R); S=0 completes the request: an 'apdu' command
//   send(apdu) from the application -> LLC E6 E7 00 + APDU in I frames; with S=1 the client asks
//           for the next segment with RR; a repeated client frame, or an RR naming a frame of
//           the last window, gets that window again (our frame was lost)
//   RR   -> RR (keep-alive poll), or RNR while the application has not answered yet
//   DISC -> UA (DM when not connected); frames other than SNRM while disconnected -> DM
// An optional inactivity timeout drops the link, as meters do.

import { addressEquals, type HdlcAddress } from './address';
import type { HdlcControl } from './control';
import { HdlcDeframer } from './deframer';
import { buildHdlcParamsField, encodeHdlcParamsField, negotiateAsServer, paramsOf, withDefaults, type HdlcLinkParams } from './params';
import { encodeHdlcFrame, stripLlc, withLlc, type HdlcFrame } from './frame';
import { concatBytes, dec8, inc8, segmentInformation, type LinkCommand, type LinkEvent, type LinkTimerId, type TransitionTable } from './link-types';
import { assertNever } from '../../errors';

export type ServerState = 'disconnected' | 'idle' | 'receiving' | 'processing' | 'sending';
export type ServerInput = 'SNRM' | 'DISC' | 'I' | 'RR' | 'RNR' | 'UA' | 'DM' | 'FRMR' | 'send' | 'inactivity' | 'connect' | 'disconnect';

const CONNECTED = { SNRM: ['idle'], DISC: ['disconnected'], inactivity: ['disconnected'], disconnect: ['disconnected'] } as const;

export const SERVER_TRANSITIONS: TransitionTable<ServerState, ServerInput> = {
  disconnected: { SNRM: ['idle'], DISC: ['disconnected'], I: ['disconnected'], RR: ['disconnected'], RNR: ['disconnected'], disconnect: ['disconnected'] },
  idle: { I: ['idle', 'receiving', 'processing'], RR: ['idle'], ...CONNECTED },
  receiving: { I: ['receiving', 'processing', 'idle'], RR: ['receiving'], ...CONNECTED },
  processing: { send: ['idle', 'sending'], I: ['processing'], RR: ['processing'], ...CONNECTED },
  sending: { RR: ['sending', 'idle'], I: ['sending'], ...CONNECTED },
};

export interface HdlcServerOptions {
  serverAddress: HdlcAddress;
  /** What the server supports (defaults 128/128/1/1). */
  params?: Partial<HdlcLinkParams>;
  /** Drop the link after this long without a frame from the client; off by default. */
  inactivityTimeoutMs?: number;
  maxReceiveLength?: number;
}

export class HdlcServerLink {
  private st: ServerState = 'disconnected';
  private out: LinkCommand[] = [];
  private readonly armed = new Set<LinkTimerId>();
  private readonly deframer = new HdlcDeframer();
  private readonly supported: HdlcLinkParams;
  private negotiated: HdlcLinkParams | undefined;
  private peer: HdlcAddress | undefined;
  private vs = 0;
  private vr = 0;
  private rx: Uint8Array[] = [];
  private rxLength = 0;
  private tx: { segments: Uint8Array[]; next: number; batch: { ns: number; seg: number }[] } | undefined;
  /** The frames of the last window sent, with their N(S), for retransmission. */
  private lastBatch: { ns: number; bytes: Uint8Array }[] = [];

  constructor(private readonly opts: HdlcServerOptions) {
    this.supported = withDefaults(opts.params);
  }

  get state(): ServerState {
    return this.st;
  }

  /** Negotiated parameters (server's view) while connected. */
  get params(): HdlcLinkParams | undefined {
    return this.negotiated;
  }

  handle(event: LinkEvent): LinkCommand[] {
    switch (event.kind) {
      case 'connect':
        this.dispatch('connect');
        break;
      case 'disconnect':
        this.dispatch('disconnect');
        break;
      case 'send':
        this.dispatch('send', undefined, event.apdu);
        break;
      case 'timerExpired':
        if (this.armed.delete(event.id) && event.id === 'inactivity') this.dispatch('inactivity');
        break;
      case 'bytesReceived':
        for (const e of this.deframer.push(event.bytes)) {
          if (e.kind === 'frame') this.onFrame(e.frame);
          else if (e.kind === 'error') this.out.push({ kind: 'error', reason: `discarded frame at byte ${e.offset}: ${e.message}`, fatal: false });
        }
        break;
      default:
        assertNever(event, 'link event');
    }
    const out = this.out;
    this.out = [];
    return out;
  }

  private onFrame(f: HdlcFrame): void {
    if (!addressEquals(f.destination, this.opts.serverAddress)) return;
    if (f.control.kind === 'UI') return; // connectionless data to a server: not used by the simulator
    if (this.st !== 'disconnected' && f.control.kind !== 'SNRM' && this.peer && !addressEquals(f.source, this.peer)) return;
    if (this.st !== 'disconnected' && this.opts.inactivityTimeoutMs !== undefined) this.arm('inactivity', this.opts.inactivityTimeoutMs);
    this.dispatch(f.control.kind, f);
  }

  private dispatch(input: ServerInput, f?: HdlcFrame, apdu?: Uint8Array): void {
    const allowed = SERVER_TRANSITIONS[this.st][input];
    if (!allowed) {
      this.out.push({ kind: 'error', reason: `protocol error: ${input} in state ${this.st}`, fatal: false });
      return;
    }
    const next = this.step(input, f, apdu);
    if (!allowed.includes(next)) throw new Error(`HDLC server: ${this.st} --${input}--> ${next} is not in the state table`);
    this.st = next;
  }

  private step(input: ServerInput, f: HdlcFrame | undefined, apdu: Uint8Array | undefined): ServerState {
    const c = f?.control;
    switch (input) {
      case 'SNRM': {
        this.peer = f!.source;
        this.negotiated = negotiateAsServer(f!.params ? paramsOf(f!.params) : undefined, this.supported);
        this.vs = this.vr = 0;
        this.reset();
        this.send({ kind: 'UA', pf: true }, encodeHdlcParamsField(buildHdlcParamsField(this.negotiated)), f!.source);
        if (this.opts.inactivityTimeoutMs !== undefined) this.arm('inactivity', this.opts.inactivityTimeoutMs);
        this.out.push({ kind: 'connected', params: { ...this.negotiated } });
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
        if (this.st === 'disconnected') {
          this.send({ kind: 'DM', pf: true }, undefined, f!.source);
          return 'disconnected';
        }
        return this.onInformation(f!, c as Extract<HdlcControl, { kind: 'I' }>);
      case 'RR':
      case 'RNR':
        if (this.st === 'disconnected') {
          this.send({ kind: 'DM', pf: true }, undefined, f!.source);
          return 'disconnected';
        }
        return this.onSupervisory((c as Extract<HdlcControl, { kind: 'RR' }>).nr);
      case 'send':
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
      else if (this.st !== 'processing') this.out.push({ kind: 'error', reason: `I frame N(S)=${c.ns}, expected ${this.vr}`, fatal: false });
      return this.st;
    }
    if (this.st === 'processing') {
      this.out.push({ kind: 'error', reason: 'new request before the response was sent', fatal: false });
      return 'processing';
    }
    if (c.nr !== this.vs) {
      this.out.push({ kind: 'error', reason: `I frame N(R)=${c.nr} does not acknowledge V(S)=${this.vs}`, fatal: false });
      return this.st;
    }
    this.vr = inc8(this.vr);
    this.lastBatch = [];
    const info = f.information ?? new Uint8Array(0);
    this.rxLength += info.length;
    if (this.rxLength > (this.opts.maxReceiveLength ?? 0xffff + 3)) {
      this.out.push({ kind: 'error', reason: 'request exceeds the receive limit', fatal: false });
      this.rx = [];
      this.rxLength = 0;
      return 'idle';
    }
    this.rx.push(info);
    if (f.segmented) {
      if (c.pf) this.send({ kind: 'RR', nr: this.vr, pf: true });
      return 'receiving';
    }
    const whole = concatBytes(this.rx);
    this.rx = [];
    this.rxLength = 0;
    this.out.push({ kind: 'apdu', bytes: stripLlc(whole) });
    return 'processing';
  }

  private onSupervisory(nr: number): ServerState {
    if (this.st === 'sending') {
      const tx = this.tx!;
      if (nr !== this.vs) {
        const from = tx.batch.find((b) => b.ns === nr);
        if (!from) {
          this.out.push({ kind: 'error', reason: `RR N(R)=${nr} acknowledges no frame sent (V(S)=${this.vs})`, fatal: false });
          return 'sending';
        }
        this.vs = nr;
        tx.next = from.seg;
      }
      return this.sendBatch();
    }
    // RR N(R) naming a frame of the last window: it was lost, go back and send from there.
    const from = this.lastBatch.findIndex((b) => b.ns === nr);
    if (nr !== this.vs && from >= 0 && this.st === 'idle') {
      this.emitFrames(this.lastBatch.slice(from).map((b) => b.bytes));
      return this.st;
    }
    // A poll: busy while the application prepares the response, else ready.
    this.send({ kind: this.st === 'processing' ? 'RNR' : 'RR', nr: this.vr, pf: true });
    return this.st;
  }

  private startResponse(apdu: Uint8Array): ServerState {
    this.tx = { segments: segmentInformation(withLlc('response', apdu), this.negotiated!.maxInfoTransmit), next: 0, batch: [] };
    return this.sendBatch();
  }

  private sendBatch(): ServerState {
    const tx = this.tx!;
    const n = Math.min(this.negotiated!.windowTransmit, tx.segments.length - tx.next);
    const frames: Uint8Array[] = [];
    tx.batch = [];
    for (let k = 0; k < n; k++) {
      const seg = tx.next + k;
      tx.batch.push({ ns: this.vs, seg });
      frames.push(this.frame({ kind: 'I', ns: this.vs, nr: this.vr, pf: k === n - 1 }, tx.segments[seg], seg < tx.segments.length - 1));
      this.vs = inc8(this.vs);
    }
    tx.next += n;
    this.lastBatch = tx.batch.map((b, k) => ({ ns: b.ns, bytes: frames[k]! }));
    this.emitFrames(frames);
    if (tx.next < tx.segments.length) return 'sending';
    this.tx = undefined;
    return 'idle';
  }

  private drop(reason: string): ServerState {
    this.cancel('inactivity');
    this.reset();
    this.negotiated = undefined;
    this.peer = undefined;
    this.out.push({ kind: 'closed', reason });
    return 'disconnected';
  }

  private reset(): void {
    this.rx = [];
    this.rxLength = 0;
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
    for (const bytes of frames) this.out.push({ kind: 'send', bytes });
  }

  private arm(id: LinkTimerId, ms: number): void {
    this.armed.add(id);
    this.out.push({ kind: 'armTimer', id, ms });
  }

  private cancel(id: LinkTimerId): void {
    if (this.armed.delete(id)) this.out.push({ kind: 'cancelTimer', id });
  }
}
