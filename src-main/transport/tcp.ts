// TCP transport (node:net): the wrapper (IEC 62056-47, port 4059) or HDLC over a TCP socket.
// open() connects within connectTimeoutMs, honours an AbortSignal, and turns socket errors into
// TransportErrors with plain reasons. After open, the first end of the socket (FIN, reset, error,
// local close) is reported once through onClose.

import { Socket } from 'node:net';
import { type CloseInfo, describeSystemError, Listeners, type Transport, TransportError } from './types';

export interface TcpTransportOptions {
  host: string;
  port: number;
  /** Default 5000 ms. */
  connectTimeoutMs?: number;
  /** Socket factory (tests stall the connect with it); default new Socket(). */
  createSocket?: () => Socket;
}

export class TcpTransport implements Transport {
  readonly kind = 'tcp';
  readonly description: string;
  private socket: Socket | undefined;
  private open_ = false;
  private closeInfo: CloseInfo | undefined;
  private readonly data = new Listeners<Uint8Array>();
  private readonly closed = new Listeners<CloseInfo>();

  constructor(private readonly opts: TcpTransportOptions) {
    this.description = `tcp ${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${opts.port}`;
  }

  get isOpen(): boolean {
    return this.open_;
  }

  open(signal?: AbortSignal): Promise<void> {
    if (this.socket) return Promise.reject(new TransportError('io', `${this.description}: already opened`));
    if (signal?.aborted) return Promise.reject(new TransportError('aborted', `${this.description}: cancelled before connecting`));
    const timeoutMs = this.opts.connectTimeoutMs ?? 5000;
    return new Promise<void>((resolve, reject) => {
      const socket = this.opts.createSocket?.() ?? new Socket();
      this.socket = socket;
      let settled = false;
      const fail = (err: TransportError): void => {
        if (settled) return;
        settled = true;
        cleanup();
        socket.destroy();
        this.closeInfo = { code: err.code, reason: err.message, local: err.code === 'aborted' };
        reject(err);
      };
      const timer = setTimeout(() => fail(new TransportError('connect-timeout', `${this.description}: no connection after ${timeoutMs} ms`)), timeoutMs);
      const onAbort = (): void => fail(new TransportError('aborted', `${this.description}: connect cancelled`));
      const onError = (e: Error): void => fail(describeSystemError(e, this.description));
      const cleanup = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        socket.off('error', onError);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      socket.once('error', onError);
      socket.connect({ host: this.opts.host, port: this.opts.port }, () => {
        if (settled) return;
        settled = true;
        cleanup();
        socket.setNoDelay(true);
        this.open_ = true;
        this.attach(socket);
        resolve();
      });
    });
  }

  private attach(socket: Socket): void {
    socket.on('data', (b: Buffer) => this.data.emit(new Uint8Array(b.buffer, b.byteOffset, b.length)));
    socket.on('error', (e) => {
      this.closeInfo ??= { ...toInfo(describeSystemError(e, this.description)), local: false };
    });
    socket.on('end', () => {
      this.closeInfo ??= { code: 'closed-by-peer', reason: `${this.description}: the meter closed the connection`, local: false };
      socket.end();
    });
    socket.on('close', () => {
      if (!this.open_) return;
      this.open_ = false;
      this.closed.emit(this.closeInfo ?? { code: 'closed-by-peer', reason: `${this.description}: connection closed`, local: false });
    });
  }

  write(bytes: Uint8Array): void {
    if (!this.open_ || !this.socket) throw new TransportError('closed', `${this.description}: not connected`);
    this.socket.write(bytes);
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    return this.data.add(listener);
  }

  onClose(listener: (info: CloseInfo) => void): () => void {
    return this.closed.add(listener);
  }

  close(): Promise<void> {
    const socket = this.socket;
    if (!socket || socket.destroyed) return Promise.resolve();
    this.closeInfo ??= { code: 'closed', reason: `${this.description}: closed by the client`, local: true };
    return new Promise((resolve) => {
      socket.once('close', () => resolve());
      socket.destroy();
    });
  }
}

function toInfo(e: TransportError): Omit<CloseInfo, 'local'> {
  return { code: e.code, reason: e.message };
}
