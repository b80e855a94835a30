// IEC 62056-21 mode E over a serial transport: runs the sans-I/O sign-on machine
// (src-main/dlms/framing/iec62056-21.ts) with real timers and port reconfiguration, the way
// GXDLMSDirector's HdlcWithModeE does: 300 Bd 7E1 '/?!' CR LF, read the identification, send
// ACK 2 Z 2 CR LF, let it leave the port, switch to Z Bd 8N1, and speak HDLC from then on.

import { type Identification, ModeESignOn, type ModeESignOnOptions } from '../dlms/framing/iec62056-21';
import { assertNever } from '../dlms/errors';
import type { SerialTransport } from './serial';
import { TransportError } from './types';

export interface ModeEOptions extends ModeESignOnOptions {
  signal?: AbortSignal;
  /** Pause after the acknowledgement has been sent before switching the baud rate (default 300 ms; the meter switches meanwhile). */
  switchDelayMs?: number;
  /**
   * Every sign-on message for the trace: what we send (the request, the acknowledgement) as it is
   * written, what we receive cut into messages at CR LF (an identification split over several
   * reads is one message; bytes left without CR LF when the sign-on ends come as they are).
   */
  onMessage?: (direction: 'client->server' | 'server->client', bytes: Uint8Array) => void;
}

/** Cuts received sign-on bytes into CR LF terminated messages (the parity bit masked when looking). */
class MessageSplitter {
  private buf = new Uint8Array(0);
  constructor(private readonly emit: (bytes: Uint8Array) => void) {}
  push(bytes: Uint8Array): void {
    const joined = new Uint8Array(this.buf.length + bytes.length);
    joined.set(this.buf);
    joined.set(bytes, this.buf.length);
    let start = 0;
    for (let i = 1; i < joined.length; i++) {
      if ((joined[i]! & 0x7f) === 0x0a && (joined[i - 1]! & 0x7f) === 0x0d) {
        this.emit(joined.slice(start, i + 1));
        start = i + 1;
      }
    }
    this.buf = joined.slice(start);
  }
  flush(): void {
    if (this.buf.length > 0) this.emit(this.buf);
    this.buf = new Uint8Array(0);
  }
}

/** Signs on; resolves with the meter's identification once the port runs HDLC at the new rate. */
export async function signOnModeE(port: SerialTransport, opts: ModeEOptions = {}): Promise<Identification> {
  const machine = new ModeESignOn(opts);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let finish!: (r: Identification | TransportError) => void;
  const outcome = new Promise<Identification | TransportError>((resolve) => (finish = resolve));
  let chain = Promise.resolve();

  const run = (cmds: ReturnType<ModeESignOn['start']>): void => {
    // Commands run in order (a reconfiguration must complete before the next write).
    chain = chain.then(async () => {
      for (const c of cmds) {
        switch (c.kind) {
          case 'configurePort':
            await port.reconfigure({ ...c.settings });
            break;
          case 'send':
            port.write(c.bytes);
            opts.onMessage?.('client->server', c.bytes);
            break;
          case 'armTimer':
            clearTimeout(timer);
            timer = setTimeout(() => run(machine.timerExpired()), c.ms);
            break;
          case 'cancelTimer':
            clearTimeout(timer);
            break;
          case 'switchToHdlc':
            await port.drain();
            await new Promise((r) => setTimeout(r, opts.switchDelayMs ?? 300));
            await port.reconfigure({ ...c.settings });
            finish(c.identification);
            break;
          case 'error':
            finish(new TransportError('io', `mode E sign-on: ${c.reason}`));
            break;
          default:
            assertNever(c, 'mode E command');
        }
      }
    }).catch((e: unknown) => finish(e instanceof TransportError ? e : new TransportError('io', `mode E sign-on: ${(e as Error).message}`)));
  };

  const received = new MessageSplitter((b) => opts.onMessage?.('server->client', b));
  const offData = port.onData((b) => {
    received.push(b);
    run(machine.bytesReceived(b));
  });
  const offClose = port.onClose((info) => finish(new TransportError(info.code, `mode E sign-on: ${info.reason}`)));
  const onAbort = (): void => finish(new TransportError('aborted', 'mode E sign-on cancelled'));
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    run(machine.start());
    const r = await outcome;
    if (r instanceof TransportError) throw r;
    return r;
  } finally {
    clearTimeout(timer);
    received.flush();
    offData();
    offClose();
    opts.signal?.removeEventListener('abort', onAbort);
  }
}
