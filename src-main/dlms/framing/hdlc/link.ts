// The HDLC link of a DLMS client (IEC 62056-46 clause 6.4.4, normal response mode; the client is
// the primary station) as a sans-I/O state machine: `handle(event)` returns commands.
//
//   connect     -> SNRM (with the parameter negotiation field unless disabled); UA -> connected
//   send(apdu)  -> LLC E6 E6 00 + APDU split into I frames of at most the negotiated maximum
//                  information field length; S=1 on every segment but the last; after each window
//                  (P=1 on its last frame) the server answers RR N(R) and the next window follows
//   response    -> I frames from the server; a segment with S=1 and F=1 is acknowledged with
//                  RR N(R) P=1 (the request for the next segment); S=0 completes the APDU; with
//                  F=0 as well, the server has more frames in this window (several APDUs back
//                  to back, e.g. a GBT window): the APDU is delivered and the client keeps
//                  listening until F=1
//   reply timer -> retransmit the last frame(s) up to maxRetries times, then a fatal error
//   keep-alive  -> an RR poll while idle, before the meter's inactivity timeout ends the link
//   disconnect  -> DISC; UA or DM closes the link
// N(S)/N(R) count modulo 8. Every (state, input) pair outside CLIENT_TRANSITIONS is reported as
// a protocol error and changes nothing.

import { addressEquals, clientAddress, type HdlcAddress } from './address';
import type { HdlcControl } from './control';
import { encodeHdlcFrame, stripLlc, withLlc, type HdlcFrame } from './frame';
import { buildHdlcParamsField, encodeHdlcParamsField, negotiateAsClient, paramsOf, withDefaults, type HdlcLinkParams } from './params';
import { dec8, inc8, type LinkTimerId, type TransitionTable } from './link-types';
import { goBackTo, HdlcStation, nextWindow, Reassembly, startTransmission, type Transmission } from './link-common';
import { assertNever } from '../../errors';

export * from './link-types';
export { HdlcServerLink, SERVER_TRANSITIONS, type HdlcServerOptions, type ServerState } from './link-server';

export type ClientState = 'disconnected' | 'connecting' | 'idle' | 'sending' | 'awaiting' | 'receiving' | 'polling' | 'disconnecting';
export type ClientInput = 'connect' | 'send' | 'disconnect' | 'replyTimeout' | 'keepAliveDue' | 'UA' | 'DM' | 'FRMR' | 'I' | 'RR' | 'RNR' | 'SNRM' | 'DISC';

const LINK_DOWN = { DM: ['disconnected'], FRMR: ['disconnected'] } as const;
const EXCHANGE_DONE = ['idle', 'sending', 'awaiting'] as const;

export const CLIENT_TRANSITIONS: TransitionTable<ClientState, ClientInput> = {
  disconnected: { connect: ['connecting'], disconnect: ['disconnected'] },
  connecting: { UA: EXCHANGE_DONE, DM: ['disconnected'], replyTimeout: ['connecting', 'disconnected'], send: ['connecting'], disconnect: ['disconnected'] },
  idle: { send: ['sending', 'awaiting'], keepAliveDue: ['polling'], disconnect: ['disconnecting'], ...LINK_DOWN },
  sending: { RR: ['sending', 'awaiting'], RNR: ['sending'], replyTimeout: ['sending', 'disconnected'], send: ['sending'], disconnect: ['disconnecting'], ...LINK_DOWN },
  awaiting: { I: ['awaiting', 'receiving', 'disconnecting', ...EXCHANGE_DONE], RR: ['awaiting'], RNR: ['awaiting'], replyTimeout: ['awaiting', 'disconnected'], send: ['awaiting'], disconnect: ['disconnecting'], ...LINK_DOWN },
  receiving: { I: ['receiving', 'disconnecting', ...EXCHANGE_DONE], replyTimeout: ['receiving', 'disconnected'], send: ['receiving'], disconnect: ['disconnecting'], ...LINK_DOWN },
  polling: { RR: EXCHANGE_DONE, RNR: ['polling'], replyTimeout: ['polling', 'disconnected'], send: ['polling'], disconnect: ['disconnecting'], ...LINK_DOWN },
  disconnecting: { UA: ['disconnected'], DM: ['disconnected'], replyTimeout: ['disconnecting', 'disconnected'], disconnect: ['disconnecting'] },
};

export interface HdlcClientOptions {
  /** Client SAP (1-byte address), e.g. 16 for the public client. */
  clientAddress: number | HdlcAddress;
  serverAddress: HdlcAddress;
  /** What the client supports (defaults 128/128/1/1); the negotiated values never exceed it. */
  params?: Partial<HdlcLinkParams>;
  /** Send the parameter negotiation field in the SNRM (default true). */
  proposeParams?: boolean;
  /** Time to wait for the server's reply before retransmitting (default 3000 ms). */
  replyTimeoutMs?: number;
  /** Retransmissions before giving up (default 3). */
  maxRetries?: number;
  /** Send an RR poll after this long idle (keep-alive before the meter's inactivity timeout); off by default. */
  keepAliveMs?: number;
  /** Largest reassembled information field accepted (default 65535 + LLC). */
  maxReceiveLength?: number;
}

export class HdlcClientLink extends HdlcStation<ClientState, ClientInput> {
  private readonly client: HdlcAddress;
  private readonly server: HdlcAddress;
  private readonly capabilities: HdlcLinkParams;
  private vs = 0;
  private vr = 0;
  private retries = 0;
  private lastSent: Uint8Array[] = [];
  private pollOnTimeout = false;
  private tx: Transmission | undefined;
  private readonly rx: Reassembly;
  private readonly ui: Reassembly;
  private readonly queue: Uint8Array[] = [];

  constructor(private readonly opts: HdlcClientOptions) {
    super(CLIENT_TRANSITIONS, 'HDLC client', 'disconnected');
    this.client = typeof opts.clientAddress === 'number' ? clientAddress(opts.clientAddress) : opts.clientAddress;
    this.server = opts.serverAddress;
    this.capabilities = withDefaults(opts.params);
    this.rx = new Reassembly(opts.maxReceiveLength ?? 0xffff + 3);
    this.ui = new Reassembly(opts.maxReceiveLength ?? 0xffff + 3);
  }

  protected onFrame(f: HdlcFrame): void {
    if (!addressEquals(f.destination, this.client)) return; // another station's frame on a shared line
    if (f.control.kind === 'UI') return this.onUi(f);
    if (!addressEquals(f.source, this.server)) return;
    this.dispatch(f.control.kind, f);
  }

  protected onTimer(id: LinkTimerId): void {
    if (id === 'reply') this.dispatch('replyTimeout');
    else if (id === 'keepAlive') this.dispatch('keepAliveDue');
  }

  protected step(input: ClientInput, f: HdlcFrame | undefined, apdu: Uint8Array | undefined): ClientState {
    const c = f?.control;
    switch (input) {
      case 'connect':
        this.vs = this.vr = 0;
        this.retries = 0;
        this.transmit([this.frame({ kind: 'SNRM', pf: true }, this.opts.proposeParams === false ? undefined : encodeHdlcParamsField(buildHdlcParamsField(this.capabilities)))]);
        return 'connecting';
      case 'send':
        this.queue.push(apdu!);
        return this.st === 'idle' ? this.startSend(this.queue.shift()!) : this.st;
      case 'disconnect':
        return this.onDisconnect();
      case 'replyTimeout':
        return this.onReplyTimeout();
      case 'keepAliveDue':
        this.transmit([this.rr()]);
        return 'polling';
      case 'UA':
        this.io.cancel('reply');
        if (this.st === 'disconnecting') return this.close('disconnected');
        this.negotiated = negotiateAsClient(this.capabilities, f!.params ? paramsOf(f!.params) : undefined);
        this.io.push({ kind: 'connected', params: { ...this.negotiated } });
        return this.afterExchange();
      case 'DM':
      case 'FRMR':
        this.io.cancel('reply');
        if (this.st === 'disconnecting') return this.close('disconnected');
        this.io.push({ kind: 'error', reason: this.st === 'connecting' ? 'connection refused: DM' : `link dropped by the server: ${input}`, fatal: true });
        return this.close(input === 'DM' ? 'disconnected mode' : 'frame reject');
      case 'I':
        return this.onInformation(f!, c as Extract<HdlcControl, { kind: 'I' }>);
      case 'RR':
      case 'RNR':
        return this.onSupervisory(input, (c as Extract<HdlcControl, { kind: 'RR' }>).nr);
      case 'SNRM':
      case 'DISC':
        return this.st; // never in the table for a client; kept for exhaustiveness
      default:
        return assertNever(input, 'client input');
    }
  }

  private startSend(apdu: Uint8Array): ClientState {
    this.io.cancel('keepAlive');
    this.tx = startTransmission(withLlc('command', apdu), this.negotiated!.maxInfoTransmit);
    this.retries = 0;
    return this.sendBatch();
  }

  /** Sends up to a window of segments, P=1 on the last of them. */
  private sendBatch(): ClientState {
    const tx = this.tx!;
    const w = nextWindow(tx, this.negotiated!.windowTransmit, this.vs, this.vr, (c, info, segmented) => this.frame(c, info, segmented));
    this.vs = w.vs;
    this.pollOnTimeout = false;
    this.transmit(w.frames);
    return tx.next < tx.segments.length ? 'sending' : 'awaiting';
  }

  private onSupervisory(kind: 'RR' | 'RNR', nr: number): ClientState {
    if (this.st === 'polling') {
      if (kind === 'RNR') return 'polling';
      this.io.cancel('reply');
      return this.afterExchange();
    }
    if (this.st === 'awaiting' || kind === 'RNR') {
      // The server has the request (or is busy): poll with RR when the reply timer runs out.
      this.pollOnTimeout = true;
      return this.st;
    }
    // sending: RR N(R) acknowledges the window and asks for the next segment.
    const unknown = goBackTo(this.tx!, nr, this.vs);
    if (unknown !== undefined) {
      this.io.error(unknown);
      return this.st;
    }
    this.vs = nr; // all acknowledged, or go back and resend from the frame the server expects
    this.io.cancel('reply');
    this.retries = 0;
    return this.sendBatch();
  }

  private onInformation(f: HdlcFrame, c: Extract<HdlcControl, { kind: 'I' }>): ClientState {
    if (c.ns !== this.vr) {
      if (c.ns === dec8(this.vr) && c.pf) this.transmit([this.rr()]); // a repeat: acknowledge again
      else this.io.push({ kind: 'error', reason: `I frame N(S)=${c.ns}, expected ${this.vr}`, fatal: false });
      return this.st;
    }
    if (c.nr !== this.vs) {
      this.io.push({ kind: 'error', reason: `I frame N(R)=${c.nr} does not acknowledge V(S)=${this.vs}`, fatal: false });
      return this.st;
    }
    this.vr = inc8(this.vr);
    this.retries = 0;
    this.pollOnTimeout = false;
    if (!this.rx.add(f.information ?? new Uint8Array(0))) {
      this.io.error('received APDU exceeds the receive limit', true);
      return this.onDisconnect();
    }
    if (f.segmented) {
      if (c.pf) this.transmit([this.rr()]);
      return 'receiving';
    }
    const whole = this.rx.take();
    if (!c.pf) {
      // the secondary keeps the right to send (F=0): more messages follow in this window
      this.io.push({ kind: 'apdu', bytes: stripLlc(whole) });
      return 'receiving';
    }
    this.io.cancel('reply');
    this.tx = undefined;
    this.io.push({ kind: 'apdu', bytes: stripLlc(whole) });
    return this.afterExchange();
  }

  private onUi(f: HdlcFrame): void {
    if (!this.ui.add(f.information ?? new Uint8Array(0))) {
      this.io.error('UI data exceeds the receive limit');
      return;
    }
    if (f.segmented) return;
    const whole = this.ui.take();
    this.io.push({ kind: 'apdu', bytes: stripLlc(whole), unnumbered: true });
  }

  private onDisconnect(): ClientState {
    this.queue.length = 0;
    this.tx = undefined;
    this.rx.clear();
    if (this.st === 'disconnected') return 'disconnected';
    if (this.st === 'connecting') {
      this.io.cancel('reply');
      return this.close('aborted');
    }
    if (this.st === 'disconnecting') return 'disconnecting';
    this.io.cancel('keepAlive');
    this.retries = 0;
    this.transmit([this.frame({ kind: 'DISC', pf: true })]);
    return 'disconnecting';
  }

  private onReplyTimeout(): ClientState {
    if (this.retries >= (this.opts.maxRetries ?? 3)) {
      if (this.st === 'disconnecting') return this.close('no reply to DISC');
      this.io.push({ kind: 'error', reason: `no reply after ${this.retries} retransmission(s)`, fatal: true });
      return this.close('timeout');
    }
    this.retries++;
    if (this.pollOnTimeout && (this.st === 'sending' || this.st === 'awaiting')) this.transmit([this.rr()]);
    else this.transmit(this.lastSent);
    return this.st;
  }

  /** After a completed exchange: the next queued APDU, or idle (with the keep-alive armed). */
  private afterExchange(): ClientState {
    const next = this.queue.shift();
    if (next) return this.startSend(next);
    if (this.opts.keepAliveMs !== undefined) this.io.arm('keepAlive', this.opts.keepAliveMs);
    return 'idle';
  }

  private close(reason: string): ClientState {
    this.io.cancel('reply');
    this.io.cancel('keepAlive');
    this.queue.length = 0;
    this.tx = undefined;
    this.rx.clear();
    this.negotiated = undefined;
    this.io.push({ kind: 'closed', reason });
    return 'disconnected';
  }

  private rr(): Uint8Array {
    return this.frame({ kind: 'RR', nr: this.vr, pf: true });
  }

  private frame(control: HdlcControl, information?: Uint8Array, segmented = false): Uint8Array {
    return encodeHdlcFrame({ destination: this.server, source: this.client, control, information, segmented });
  }

  private transmit(frames: Uint8Array[]): void {
    this.lastSent = frames;
    this.io.send(frames);
    this.io.arm('reply', this.opts.replyTimeoutMs ?? 3000);
  }

}
