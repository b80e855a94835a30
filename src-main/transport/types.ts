// The transport contract: one byte pipe to one meter (TCP stream, UDP datagrams, a serial line).
// Transports know nothing of DLMS; the session feeds what they deliver to the link framing.
// They own the only real timers of a connection besides the session's (connect timeouts here).

export type TransportKind = 'tcp' | 'udp' | 'serial';

/** Why a transport closed or failed, as a stable code plus a sentence for people. */
export type TransportErrorCode =
  | 'connect-timeout' // no connection within the connect timeout
  | 'refused' // the peer refused (ECONNREFUSED, ICMP port unreachable)
  | 'unreachable' // no route, host not found
  | 'aborted' // the caller cancelled (AbortSignal)
  | 'closed-by-peer' // the peer closed the connection (FIN) or the port went away
  | 'closed' // closed locally, or used after close
  | 'io' // any other socket / port error
  | 'unavailable'; // the platform cannot do this (e.g. no serial binding)

export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly code: TransportErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** How a transport ended: `local` when close() was called, otherwise the peer or an error. */
export interface CloseInfo {
  code: TransportErrorCode;
  reason: string;
  local: boolean;
}

export interface Transport {
  readonly kind: TransportKind;
  /** "tcp 127.0.0.1:4059", "serial /dev/ttyUSB0 9600 8N1" */
  readonly description: string;
  readonly isOpen: boolean;
  /** Opens the connection; rejects with a TransportError (connect-timeout, refused, aborted, ...). */
  open(signal?: AbortSignal): Promise<void>;
  /** Queues bytes; throws TransportError('closed') when the transport is not open. */
  write(bytes: Uint8Array): void;
  /** Registers a data listener; returns its remover. */
  onData(listener: (bytes: Uint8Array) => void): () => void;
  /** Registers a close listener, called once when an open transport ends (for any reason). */
  onClose(listener: (info: CloseInfo) => void): () => void;
  /** Closes; resolves when the underlying handle is released. Idempotent. */
  close(): Promise<void>;
}

/** A small listener list shared by the transports. */
export class Listeners<T> {
  private readonly set = new Set<(v: T) => void>();
  add(fn: (v: T) => void): () => void {
    this.set.add(fn);
    return () => void this.set.delete(fn);
  }
  emit(v: T): void {
    for (const fn of [...this.set]) fn(v);
  }
}

/** Maps a Node system error to a transport error code and a plain sentence. */
export function describeSystemError(e: unknown, where: string): TransportError {
  const err = e as NodeJS.ErrnoException | undefined;
  const code = err?.code;
  const msg = err?.message ?? String(e);
  switch (code) {
    case 'ECONNREFUSED':
      return new TransportError('refused', `${where}: connection refused (nothing listens there)`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new TransportError('unreachable', `${where}: host not found`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new TransportError('unreachable', `${where}: no route to the host`);
    case 'ECONNRESET':
    case 'EPIPE':
      return new TransportError('closed-by-peer', `${where}: connection reset by the peer`);
    default:
      return new TransportError('io', `${where}: ${msg}`);
  }
}
