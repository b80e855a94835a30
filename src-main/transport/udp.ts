// UDP transport (node:dgram) for the wrapper over UDP (IEC 62056-47: one WPDU per datagram).
// The socket is connected to the meter's address, so only its datagrams arrive and an ICMP
// "port unreachable" surfaces as ECONNREFUSED, which ends the transport with a clear reason.
// UDP has no connection: open() only binds and resolves the address (the association's own
// timeout tells a silent meter).

import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { BaseTransport, endpointName } from './base';
import { describeSystemError, TransportError } from './types';

export interface UdpTransportOptions {
  host: string;
  port: number;
  connectTimeoutMs?: number;
}

export class UdpTransport extends BaseTransport {
  readonly kind = 'udp';
  readonly description: string;
  private socket: Socket | undefined;

  constructor(private readonly opts: UdpTransportOptions) {
    super();
    this.description = endpointName(this.kind, opts.host, opts.port);
  }

  open(signal?: AbortSignal): Promise<void> {
    const refused = this.openRefusal(this.socket !== undefined, signal, 'connecting');
    if (refused) return Promise.reject(refused);
    const socket = createSocket(isIPv6(this.opts.host) ? 'udp6' : 'udp4');
    this.socket = socket;
    return this.openWithin(
      signal,
      this.opts.connectTimeoutMs ?? 5000,
      { action: 'connect', timedOut: (ms) => `address not resolved after ${ms} ms` },
      (done) => {
        const onError = (e: Error): void => void done(describeSystemError(e, this.description));
        socket.once('error', onError);
        socket.connect(this.opts.port, this.opts.host, () => {
          if (!done()) return;
          this.open_ = true;
          this.attach(socket);
        });
        return () => socket.off('error', onError);
      },
      (err) => {
        this.noteFailure(err);
        try {
          socket.close();
        } catch {
          // already closed
        }
      },
    );
  }

  private attach(socket: Socket): void {
    socket.on('message', (b: Buffer) => this.received(b));
    socket.on('error', (e) => {
      // A connected UDP socket reports ICMP errors here; the meter is not there (any more).
      const err = describeSystemError(e, this.description);
      this.closeInfo ??= { code: err.code, reason: err.message, local: false };
      socket.close();
    });
    socket.on('close', () => this.ended(this.closeInfo ?? { code: 'closed', reason: `${this.description}: socket closed`, local: true }));
  }

  write(bytes: Uint8Array): void {
    if (!this.open_ || !this.socket) throw new TransportError('closed', `${this.description}: not open`);
    this.socket.send(bytes);
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
