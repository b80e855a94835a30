// The opening race the TCP, UDP and serial transports share (base.ts): a timeout and an abort end
// an opening with their own codes and words, a second open() of a transport is refused, a failed
// serial opening releases the port so that it can be tried again.
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { SerialTransport, type SerialPortLike } from '../../../src-main/transport/serial';
import { TcpTransport } from '../../../src-main/transport/tcp';
import { UdpTransport } from '../../../src-main/transport/udp';
import { TransportError } from '../../../src-main/transport/types';

/** A serial port whose open() calls back only when told to. */
function stalledPort(): { factory: () => SerialPortLike; ports: { closed: boolean; finish: (err: Error | null) => void }[] } {
  const ports: { closed: boolean; finish: (err: Error | null) => void }[] = [];
  const factory = (): SerialPortLike => {
    const state = { closed: false, finish: (_err: Error | null): void => undefined, isOpen: false };
    ports.push(state);
    return {
      get isOpen() {
        return state.isOpen;
      },
      open(cb) {
        state.finish = (err) => {
          state.isOpen = err === null;
          cb(err);
        };
      },
      close(cb) {
        state.closed = true;
        state.isOpen = false;
        cb?.(null);
      },
      write: () => true,
      drain: (cb) => cb(null),
      on: () => undefined,
      removeAllListeners: () => undefined,
    };
  };
  return { factory, ports };
}

describe('opening a transport', () => {
  it('a serial port that does not open in time: connect-timeout in its words; the transport may open again', async () => {
    const { factory, ports } = stalledPort();
    const t = new SerialTransport({ path: '/dev/ttyX', connectTimeoutMs: 30, factory });
    const err = await t.open().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(err).toMatchObject({ code: 'connect-timeout', message: 'serial /dev/ttyX 9600 8N1: port did not open within 30 ms' });
    expect(t.isOpen).toBe(false);
    ports[0]!.finish(null); // opens late: ignored
    expect(t.isOpen).toBe(false);
    const again = t.open();
    ports[1]!.finish(null);
    await again;
    expect(t.isOpen).toBe(true);
    await expect(t.open()).rejects.toMatchObject({ code: 'io', message: 'serial /dev/ttyX 9600 8N1: already opened' });
  });

  it('an abort while a serial port opens: aborted, "open cancelled"; already aborted: "cancelled before opening"', async () => {
    const { factory } = stalledPort();
    const ac = new AbortController();
    const t = new SerialTransport({ path: '/dev/ttyX', factory });
    const p = t.open(ac.signal);
    await Promise.resolve();
    ac.abort();
    await expect(p).rejects.toMatchObject({ code: 'aborted', message: 'serial /dev/ttyX 9600 8N1: open cancelled' });
    await expect(new SerialTransport({ path: '/dev/ttyX', factory }).open(AbortSignal.abort())).rejects.toMatchObject({ code: 'aborted', message: 'serial /dev/ttyX 9600 8N1: cancelled before opening' });
  });

  it('TCP and UDP: already aborted, and a second open() of the same transport', async () => {
    await expect(new TcpTransport({ host: '127.0.0.1', port: 9 }).open(AbortSignal.abort())).rejects.toMatchObject({ code: 'aborted', message: 'tcp 127.0.0.1:9: cancelled before connecting' });
    await expect(new UdpTransport({ host: '::1', port: 9 }).open(AbortSignal.abort())).rejects.toMatchObject({ code: 'aborted', message: 'udp [::1]:9: cancelled before connecting' });
    const stalled = new TcpTransport({ host: '127.0.0.1', port: 9, connectTimeoutMs: 20, createSocket: () => Object.assign(new Socket(), { connect: () => undefined }) as unknown as Socket });
    await expect(stalled.open()).rejects.toMatchObject({ code: 'connect-timeout', message: 'tcp 127.0.0.1:9: no connection after 20 ms' });
    await expect(stalled.open()).rejects.toMatchObject({ code: 'io', message: 'tcp 127.0.0.1:9: already opened' });
  });
});
