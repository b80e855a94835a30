// Session: one transport + one link (wrapper or HDLC) + one ClientAssociation. It runs the
// sans-I/O engines' commands (write bytes, arm and cancel timers), correlates requests with their
// results, and offers promise APIs with a response timeout, retries of reads, and cancellation by
// AbortSignal. Every pending promise settles: a dropped connection rejects them all with the reason
// and leaves the session closed, ready for connect() again.
//
//   connect()  transport.open → [mode E sign-on] → link connect (SNRM/UA) → AARQ/AARE [→ HLS 3/4]
//   close()    [RLRQ/RLRE] → link disconnect (DISC/UA) → transport.close

import { randomBytes } from 'node:crypto';
import { deviceSettings, type DeviceSettings, type DeviceSettingsInput } from '../../src-shared/settings';
import { ClientAssociation } from '../dlms/association/client';
import type { HlsOptions } from '../dlms/association/hls';
import type { AssociationCommand, AssociationInfo, RandomSource } from '../dlms/association/types';
import { settingsSecrets, SettingsError } from '../dlms/association/aarq';
import type { LinkCommand } from '../dlms/framing/hdlc/link';
import { assertNever } from '../dlms/errors';
import { signOnModeE } from '../transport/mode-e';
import { SerialTransport } from '../transport/serial';
import { TimerSet } from '../transport/timers';
import { Listeners, type Transport } from '../transport/types';
import { type CounterStore, InvocationCounterLedger, MemoryCounterLedger } from './ic-ledger';
import { createLink, type LinkAdapter } from './link-adapter';
import { ListRefusals, meterKey } from './list-refusals';
import { mapEngineError, toSessionError, waitFor, type Pending } from './requests';
import { createTransport } from './transport-factory';
import { FrameTracer } from './trace';
import { type FrameDirection, SessionError, type SessionEvent, type SessionState } from './types';

export interface SessionOptions {
  settings: DeviceSettings | DeviceSettingsInput;
  /** Invocation counters: a ledger file (default: the user's data dir), or 'memory' for throw-away runs. */
  ledger?: CounterStore | 'memory';
  random?: RandomSource;
  hls?: HlsOptions;
  /** Injected transport (tests); default from the settings. */
  createTransport?: (s: DeviceSettings) => Transport;
  /** Time source for frame timestamps (ms since the epoch). */
  now?: () => number;
  /** Meters known to refuse with-list requests; default: this session's own memory. */
  listRefusals?: ListRefusals;
}

interface Waiters {
  link?: Pending<void>;
  assoc?: Pending<AssociationInfo>;
  release?: Pending<void>;
  linkDown?: Pending<void>;
}

const BUSY = new Set(['awaiting-aare', 'awaiting-hls-reply', 'awaiting-response', 'receiving-blocks', 'sending-blocks', 'gbt-receiving', 'gbt-sending', 'awaiting-rlre']);

export class SessionCore {
  readonly settings: DeviceSettings;
  protected readonly ledger: CounterStore;
  private readonly timers = new TimerSet<string>();
  private readonly events = new Listeners<SessionEvent>();
  private readonly now: () => number;
  private state_: SessionState = 'closed';
  private transport: Transport | undefined;
  private link: LinkAdapter | undefined;
  private tracer: FrameTracer | undefined;
  protected assoc: ClientAssociation | undefined;
  private info_: AssociationInfo | undefined;
  protected readonly pending = new Map<number, Pending>();
  private waiters: Waiters = {};
  private lastLinkError: string | undefined;
  private closing = false;
  /** The meter, as ListRefusals knows it ('wrapper-tcp 10.0.0.5:4059 server 1'). */
  readonly meterKey: string;
  private readonly listRefusals: ListRefusals;

  constructor(protected readonly opts: SessionOptions) {
    this.settings = deviceSettings(opts.settings as DeviceSettingsInput);
    this.ledger = opts.ledger === 'memory' ? new MemoryCounterLedger() : (opts.ledger ?? new InvocationCounterLedger());
    this.now = opts.now ?? Date.now;
    this.meterKey = meterKey(this.settings);
    this.listRefusals = opts.listRefusals ?? new ListRefusals();
  }

  /** Whether this meter refused a with-list request (on this association or an earlier one): lists go one by one. */
  get meterRefusesLists(): boolean {
    return this.listRefusals.has(this.meterKey);
  }

  get state(): SessionState {
    return this.state_;
  }

  /** What the association negotiated, while associated. */
  get associationInfo(): AssociationInfo | undefined {
    return this.info_;
  }

  /** Subscribes to session events; returns the unsubscriber. */
  on(listener: (e: SessionEvent) => void): () => void {
    return this.events.add(listener);
  }

  /** Publishes an event to the subscribers (subclasses: frames of a helper session, e.g. the IC pre-read). */
  protected emit(e: SessionEvent): void {
    this.events.emit(e);
  }

  private setState(s: SessionState): void {
    if (this.state_ === s) return;
    this.state_ = s;
    this.events.emit({ kind: 'state', state: s });
  }

  // ------------------------------------------------------------------ connect

  /** Opens the transport and the link and associates. Rejects with a SessionError. */
  async connect(opts: { signal?: AbortSignal } = {}): Promise<AssociationInfo> {
    if (this.state_ !== 'closed') throw new SessionError('transport', `connect() while the session is ${this.state_}`);
    const s = this.settings;
    this.setState('connecting');
    this.closing = false;
    this.lastLinkError = undefined;
    const signal = opts.signal;
    try {
      await this.beforeConnect(signal);
      const transport = (this.opts.createTransport ?? createTransport)(s);
      this.transport = transport;
      await transport.open(signal).catch((e: unknown) => {
        throw toSessionError(e, 'transport');
      });
      transport.onClose((info) => this.onTransportClosed(info.local ? 'closed by the client' : info.reason));
      if (s.interface === 'hdlc-mode-e') await this.signOn(transport, signal);
      const link = createLink(s);
      this.link = link;
      this.tracer = new FrameTracer(link.profile, (direction, bytes, layer) => this.events.emit({ kind: 'frame', direction, at: this.now(), bytes, layer }));
      transport.onData((bytes) => this.onBytes(bytes));
      await waitFor<void>((w) => (this.waiters.link = w), signal, () => this.runLink(link.handle({ kind: 'connect' })));
      this.setState('link-up');
      this.assoc = this.newAssociation();
      this.setState('associating');
      const info = await waitFor<AssociationInfo>((w) => (this.waiters.assoc = w), signal, () => this.runAssoc(this.assoc!.associate()));
      this.info_ = info;
      this.setState('associated');
      this.events.emit({ kind: 'associated', info });
      return info;
    } catch (e) {
      const err = toSessionError(e, 'transport');
      await this.teardown(err.message);
      throw err;
    }
  }

  /** Hook for the invocation-counter pre-read (Session overrides). */
  protected async beforeConnect(_signal?: AbortSignal): Promise<void> {}

  private async signOn(transport: Transport, signal?: AbortSignal): Promise<void> {
    if (!(transport instanceof SerialTransport)) throw new SessionError('transport', 'mode E needs a serial port');
    const max = this.settings.serial?.baudRate;
    // The sign-on messages both ways are frames of the trace (layer 'iec62056-21'), so a capture
    // shows how the probe got the meter into mode E, not only the HDLC after it.
    const onMessage = (direction: FrameDirection, bytes: Uint8Array): void => this.events.emit({ kind: 'frame', direction, at: this.now(), bytes, layer: 'iec62056-21' });
    try {
      await signOnModeE(transport, { onMessage, ...(signal ? { signal } : {}), ...(max ? { maxBaudRate: max } : {}) });
    } catch (e) {
      throw toSessionError(e, 'transport');
    }
  }

  private newAssociation(): ClientAssociation {
    const s = this.settings;
    let secrets;
    try {
      secrets = settingsSecrets(s);
    } catch (e) {
      if (e instanceof SettingsError) throw new SessionError('settings', e.message);
      throw e;
    }
    const counter = this.ledger.forKey(secrets.clientSystemTitle, secrets.ek);
    return new ClientAssociation({
      settings: s,
      random: this.opts.random ?? ((n) => new Uint8Array(randomBytes(n))),
      ledger: counter,
      listsRefused: this.meterRefusesLists,
      ...(this.opts.hls ? { hls: this.opts.hls } : {}),
    });
  }

  // ------------------------------------------------------------------ engines

  private onBytes(bytes: Uint8Array): void {
    this.guard(() => {
      this.tracer?.received(bytes);
      if (this.link) this.runLink(this.link.handle({ kind: 'bytesReceived', bytes }));
    });
  }

  /**
   * Runs engine work from a socket or timer callback. An engine that throws (a bug, not a protocol
   * error: those come as commands) must not leave promises hanging: the session ends with the reason.
   */
  protected guard(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      void this.teardown(`internal error: ${e instanceof Error ? e.message : String(e)}`, 'internal');
    }
  }

  private runLink(cmds: LinkCommand[]): void {
    for (const c of cmds) {
      switch (c.kind) {
        case 'send':
          this.tracer?.sent(c.bytes);
          try {
            this.transport?.write(c.bytes);
          } catch (e) {
            this.onTransportClosed((e as Error).message);
            return;
          }
          break;
        case 'armTimer': {
          const link = this.link;
          this.timers.arm(`link:${c.id}`, c.ms, () =>
            this.guard(() => {
              if (this.link === link && link) this.runLink(link.handle({ kind: 'timerExpired', id: c.id }));
            }),
          );
          break;
        }
        case 'cancelTimer':
          this.timers.cancel(`link:${c.id}`);
          break;
        case 'apdu':
          if (this.assoc) this.runAssoc(this.assoc.receive(c.bytes), true);
          break;
        case 'connected':
          this.take('link')?.resolve();
          break;
        case 'closed':
          this.onLinkClosed(c.reason);
          break;
        case 'error':
          if (c.fatal) this.lastLinkError = c.reason;
          else this.events.emit({ kind: 'warning', message: c.reason });
          break;
        default:
          assertNever(c, 'link command');
      }
    }
  }

  protected runAssoc(cmds: AssociationCommand[], received = false): void {
    for (const c of cmds) {
      switch (c.kind) {
        case 'sendApdu':
          if (this.link) this.runLink(this.link.handle({ kind: 'send', apdu: c.bytes }));
          break;
        case 'associated':
          this.take('assoc')?.resolve(c.info);
          break;
        case 'rejected':
          this.take('assoc')?.reject(new SessionError('rejected', c.reason, c.aare.resultSourceDiagnostic.diagnostic));
          break;
        case 'result':
          this.settle(c.requestId, (p) => p.resolve(c.result));
          break;
        case 'progress':
          this.events.emit({ kind: 'progress', requestId: c.requestId, blocks: c.blocks, bytes: c.bytes });
          break;
        case 'error': {
          const err = mapEngineError(c.code, c.message);
          if (c.requestId !== undefined && this.pending.has(c.requestId)) this.settle(c.requestId, (p) => p.reject(err));
          else if (this.waiters.assoc) this.take('assoc')!.reject(err);
          else this.events.emit({ kind: 'warning', message: c.message });
          break;
        }
        case 'notification':
          this.events.emit({ kind: 'notification', apdu: c.apdu });
          break;
        case 'released':
          this.take('release')?.resolve();
          break;
        default:
          assertNever(c, 'association command');
      }
    }
    // A list refused as a whole: remembered for the next association with this meter.
    if (this.assoc?.listsRefused) this.listRefusals.remember(this.meterKey);
    this.updateResponseTimer(received || cmds.some((c) => c.kind === 'sendApdu'));
  }

  /** The association's response timer: (re)started on activity while an answer is due. */
  private updateResponseTimer(activity: boolean): void {
    const a = this.assoc;
    if (!a || !BUSY.has(a.state)) return this.timers.cancel('response');
    if (!activity && this.timers.isArmed('response')) return;
    const s = this.settings;
    // Over HDLC the link retransmits first; the association waits for all its attempts.
    const ms = this.link?.profile === 'hdlc' ? s.timeouts.responseMs * (s.timeouts.retries + 2) : s.timeouts.responseMs;
    this.timers.arm('response', ms, () =>
      this.guard(() => {
        if (this.assoc === a) this.runAssoc(a.timeout());
      }),
    );
  }

  private take<K extends keyof Waiters>(k: K): Waiters[K] {
    const w = this.waiters[k];
    delete this.waiters[k];
    return w;
  }

  protected settle(requestId: number, fn: (p: Pending) => void): void {
    const p = this.pending.get(requestId);
    if (!p) return;
    this.pending.delete(requestId);
    fn(p);
  }

  // ------------------------------------------------------------------ ending

  private onLinkClosed(reason: string): void {
    const waiter = this.take('linkDown');
    if (waiter) return waiter.resolve();
    const why = this.lastLinkError ?? reason;
    void this.teardown(`HDLC link closed: ${why}`, 'link');
  }

  private onTransportClosed(reason: string): void {
    if (this.state_ === 'closed') return;
    void this.teardown(this.closing ? reason : `connection lost: ${reason}`);
  }

  /** Rejects everything pending, forgets the engines, closes the transport. Idempotent. */
  protected async teardown(reason: string, code: 'transport' | 'link' | 'closed' | 'internal' = 'transport'): Promise<void> {
    const err = new SessionError(code, reason);
    this.timers.cancelAll();
    const assoc = this.assoc;
    this.assoc = undefined;
    this.link = undefined;
    this.tracer = undefined;
    this.info_ = undefined;
    for (const w of ['link', 'assoc', 'release', 'linkDown'] as const) this.take(w)?.reject(err);
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(err);
    if (assoc) assoc.abort(reason);
    const t = this.transport;
    this.transport = undefined;
    const wasOpen = this.state_ !== 'closed';
    this.setState('closed');
    if (wasOpen) this.events.emit({ kind: 'closed', reason });
    if (t) await t.close().catch(() => undefined);
  }

  /** RLRQ/RLRE (unless the settings say the meter wants none). The link stays up. */
  async release(opts: { signal?: AbortSignal } = {}): Promise<void> {
    const a = this.assoc;
    if (!a || this.state_ !== 'associated') return;
    this.setState('releasing');
    try {
      await waitFor<void>((w) => (this.waiters.release = w), opts.signal, () => this.runAssoc(a.release()));
    } finally {
      this.waiters.release = undefined;
      if ((this.state_ as SessionState) === 'releasing') this.setState('link-up');
    }
  }

  /** Releases (best effort), disconnects the link (DISC), closes the transport. Never rejects. */
  async close(): Promise<void> {
    if (this.state_ === 'closed') return;
    this.closing = true;
    if (this.state_ === 'associated') await this.release().catch(() => undefined);
    const link = this.link;
    if (link?.profile === 'hdlc' && this.transport?.isOpen) {
      const ms = this.settings.timeouts.responseMs * (this.settings.timeouts.retries + 2);
      const guard = setTimeout(() => this.take('linkDown')?.resolve(), ms);
      await waitFor<void>((w) => (this.waiters.linkDown = w), undefined, () => this.runLink(link.handle({ kind: 'disconnect' }))).catch(() => undefined);
      clearTimeout(guard);
    }
    await this.teardown('session closed', 'closed');
  }
}
