// UDP transport (node:dgram) for the wrapper over UDP (IEC 62056-47: one WPDU per datagram).
// The socket is connected to the meter's address, so only its datagrams arrive and an ICMP
// "port unreachable" surfaces as ECONNREFUSED, which ends the transport with a clear reason.
// UDP has no connection: open() only binds and resolves the address (the association's own
// timeout tells a silent meter).

import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { type CloseInfo, describeSystemError, Listeners, type Transport, TransportError } from './types';

export interface UdpTransportOptions {
  host: string;
  port: number;
  connectTimeoutMs?: number;
}

export class UdpTransport implements Transport {
  readonly kind = 'udp';
  readonly description: string;
  private socket: Socket | undefined;
  private open_ = false;
  private closeInfo: CloseInfo | undefined;
  private readonly data = new Listeners<Uint8Array>();
  private readonly closed = new Listeners<CloseInfo>();

  constructor(private readonly opts: UdpTransportOptions) {
    this.description = `udp ${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${opts.port}`;
  }

  get isOpen(): boolean {
    return this.open_;
  }

  open(signal?: AbortSignal): Promise<void> {
    if (this.socket) return Promise.reject(new TransportError('io', `${this.description}: already opened`));
    if (signal?.aborted) return Promise.reject(new TransportError('aborted', `${this.description}: cancelled before connecting`));
    const timeoutMs = this.opts.connectTimeoutMs ?? 5000;
    const socket = createSocket(isIPv6(this.opts.host) ? 'udp6' : 'udp4');
    this.socket = socket;
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (err: TransportError): void => {
        if (settled) return;
        settled = true;
        cleanup();
        this.closeInfo = { code: err.code, reason: err.message, local: err.code === 'aborted' };
        try {
          socket.close();
        } catch {
          // already closed
        }
        reject(err);
      };
      const timer = setTimeout(() => fail(new TransportError('connect-timeout', `${this.description}: address not resolved after ${timeoutMs} ms`)), timeoutMs);
      const onAbort = (): void => fail(new TransportError('aborted', `${this.description}: connect cancelled`));
      const onError = (e: Error): void => fail(describeSystemError(e, this.description));
      const cleanup = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        socket.off('error', onError);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      socket.once('error', onError);
      socket.connect(this.opts.port, this.opts.host, () => {
        if (settled) return;
        settled = true;
        cleanup();
        this.open_ = true;
        this.attach(socket);
        resolve();
      });
    });
  }

  private attach(socket: Socket): void {
    socket.on('message', (b: Buffer) => this.data.emit(new Uint8Array(b.buffer, b.byteOffset, b.length)));
    socket.on('error', (e) => {
      // A connected UDP socket reports ICMP errors here; the meter is not there (any more).
      this.closeInfo ??= { ...pick(describeSystemError(e, this.description)), local: false };
      socket.close();
    });
    socket.on('close', () => {
      if (!this.open_) return;
      this.open_ = false;
      this.closed.emit(this.closeInfo ?? { code: 'closed', reason: `${this.description}: socket closed`, local: true });
    });
  }

  write(bytes: Uint8Array): void {
    if (!this.open_ || !this.socket) throw new TransportError('closed', `${this.description}: not open`);
    this.socket.send(bytes);
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    return this.data.add(listener);
  }

  onClose(listener: (info: CloseInfo) => void): () => void {
    return this.closed.add(listener);
  }

  close(): Promise<void> {
    const socket = this.socket;
    if (!socket || !this.open_) return Promise.resolve();
    this.closeInfo ??= { code: 'closed', reason: `${this.description}: closed by the client`, local: true };
    return new Promise((resolve) => {
      socket.once('close', () => resolve());
      socket.close();
    });
  }
}

function pick(e: TransportError): { code: CloseInfo['code']; reason: string } {
  return { code: e.code, reason: e.message };
}
