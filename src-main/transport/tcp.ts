// TCP transport (node:net): the wrapper (IEC 62056-47, port 4059) or HDLC over a TCP socket.
// open() connects within connectTimeoutMs, honours an AbortSignal, and turns socket errors into
// TransportErrors with plain reasons. After open, the first end of the socket (FIN, reset, error,
// local close) is reported once through onClose.

import { Socket } from 'node:net';
import { BaseTransport, endpointName } from './base';
import { describeSystemError, TransportError } from './types';

export interface TcpTransportOptions {
  host: string;
  port: number;
  /** Default 5000 ms. */
  connectTimeoutMs?: number;
  /** Socket factory (tests stall the connect with it); default new Socket(). */
  createSocket?: () => Socket;
}

export class TcpTransport extends BaseTransport {
  readonly kind = 'tcp';
  readonly description: string;
  private socket: Socket | undefined;

  constructor(private readonly opts: TcpTransportOptions) {
    super();
    this.description = endpointName(this.kind, opts.host, opts.port);
  }

  open(signal?: AbortSignal): Promise<void> {
    const refused = this.openRefusal(this.socket !== undefined, signal, 'connecting');
    if (refused) return Promise.reject(refused);
    const socket = this.opts.createSocket?.() ?? new Socket();
    this.socket = socket;
    return this.openWithin(
      signal,
      this.opts.connectTimeoutMs ?? 5000,
      { action: 'connect', timedOut: (ms) => `no connection after ${ms} ms` },
      (done) => {
        const onError = (e: Error): void => void done(describeSystemError(e, this.description));
        socket.once('error', onError);
        socket.connect({ host: this.opts.host, port: this.opts.port }, () => {
          if (!done()) return;
          socket.setNoDelay(true);
          this.open_ = true;
          this.attach(socket);
        });
        return () => socket.off('error', onError);
      },
      (err) => {
        socket.destroy();
        this.noteFailure(err);
      },
    );
  }

  private attach(socket: Socket): void {
    socket.on('data', (b: Buffer) => this.received(b));
    socket.on('error', (e) => {
      const err = describeSystemError(e, this.description);
      this.closeInfo ??= { code: err.code, reason: err.message, local: false };
    });
    socket.on('end', () => {
      this.closeInfo ??= { code: 'closed-by-peer', reason: `${this.description}: the meter closed the connection`, local: false };
      socket.end();
    });
    socket.on('close', () => this.ended(this.closeInfo ?? { code: 'closed-by-peer', reason: `${this.description}: connection closed`, local: false }));
  }

  write(bytes: Uint8Array): void {
    if (!this.open_ || !this.socket) throw new TransportError('closed', `${this.description}: not connected`);
    this.socket.write(bytes);
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
