// What the TCP, UDP and serial transports share: the data and close listeners, the rule that an
// open transport reports its end once (with the first reason noted, e.g. a socket error before
// the close), and the race of an opening (connect, bind, port open) against the connect timeout
// and the caller's AbortSignal.

import { type CloseInfo, Listeners, type Transport, TransportError, type TransportKind } from './types';

/** Texts of an opening's failures: "connect cancelled", "no connection after 5000 ms". */
export interface OpeningWords {
  /** What the caller's AbortSignal cancelled: 'connect', 'open'. */
  action: string;
  /** Why the timeout fired, given the milliseconds. */
  timedOut: (ms: number) => string;
}

/** "tcp 10.0.0.5:4059", "udp [fe80::1]:4059": a socket transport's description. */
export function endpointName(kind: TransportKind, host: string, port: number): string {
  return `${kind} ${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export abstract class BaseTransport implements Transport {
  abstract readonly kind: TransportKind;
  abstract readonly description: string;
  protected open_ = false;
  /** The first reason noted for the transport's end (an error before the close, a local close). */
  protected closeInfo: CloseInfo | undefined;
  private readonly data = new Listeners<Uint8Array>();
  private readonly closed = new Listeners<CloseInfo>();

  abstract open(signal?: AbortSignal): Promise<void>;
  abstract write(bytes: Uint8Array): void;
  abstract close(): Promise<void>;

  get isOpen(): boolean {
    return this.open_;
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    return this.data.add(listener);
  }

  onClose(listener: (info: CloseInfo) => void): () => void {
    return this.closed.add(listener);
  }

  /** Bytes from the socket or port, as a view of the same memory. */
  protected received(b: Buffer): void {
    this.data.emit(new Uint8Array(b.buffer, b.byteOffset, b.length));
  }

  /** The open transport ended: its close listeners hear `info` once; nothing after that. */
  protected ended(info: CloseInfo): void {
    if (!this.open_) return;
    this.open_ = false;
    this.closed.emit(info);
  }

  /** Rejects an open() of a transport already opened, or one cancelled before it began. */
  protected openRefusal(opened: boolean, signal: AbortSignal | undefined, before: string): TransportError | undefined {
    if (opened) return new TransportError('io', `${this.description}: already opened`);
    if (signal?.aborted) return new TransportError('aborted', `${this.description}: cancelled before ${before}`);
    return undefined;
  }

  /** Notes a failed opening as the transport's end (a later close report gives its reason). */
  protected noteFailure(err: TransportError): void {
    this.closeInfo = { code: err.code, reason: err.message, local: err.code === 'aborted' };
  }

  /**
   * Races an opening against `timeoutMs` and `signal`; settles once. `start` begins it and calls
   * `done()` when open, `done(err)` when it failed; `done` returns whether that call settled the
   * race (the caller then attaches its handlers, synchronously, before the promise resolves).
   * `start` returns what to undo once settled either way (listeners it added). On failure `fail`
   * releases the half-open handle.
   */
  protected openWithin(
    signal: AbortSignal | undefined,
    timeoutMs: number,
    words: OpeningWords,
    start: (done: (err?: TransportError) => boolean) => () => void,
    fail: (err: TransportError) => void,
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      let undo: (() => void) | undefined;
      const done = (err?: TransportError): boolean => {
        if (settled) return false;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        undo?.();
        if (err) {
          fail(err);
          reject(err);
        } else resolve();
        return true;
      };
      const timer = setTimeout(() => done(new TransportError('connect-timeout', `${this.description}: ${words.timedOut(timeoutMs)}`)), timeoutMs);
      const onAbort = (): void => void done(new TransportError('aborted', `${this.description}: ${words.action} cancelled`));
      signal?.addEventListener('abort', onAbort, { once: true });
      const u = start(done);
      if (settled) u();
      else undo = u;
    });
  }
}
