import { createServer, type Server, Socket } from 'node:net';
import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { TcpTransport } from '../../../src-main/transport/tcp';
import { UdpTransport } from '../../../src-main/transport/udp';
import { TransportError, type CloseInfo } from '../../../src-main/transport/types';
import { TimerSet } from '../../../src-main/transport/timers';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function listen(onConn: (s: Socket) => void = () => {}): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer(onConn);
    server.listen(0, '127.0.0.1', () => {
      cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
      resolve({ server, port: (server.address() as { port: number }).port });
    });
  });
}

async function freePort(): Promise<number> {
  const { server, port } = await listen();
  await new Promise<void>((r) => server.close(() => r()));
  cleanups.pop();
  return port;
}

describe('TcpTransport', () => {
  it('connects, exchanges bytes both ways and reports the peer closing', async () => {
    const got: number[] = [];
    let peer!: Socket;
    const { port } = await listen((s) => {
      peer = s;
      s.on('data', (b) => {
        got.push(...b);
        s.write(Uint8Array.of(0xaa, 0xbb));
      });
    });
    const t = new TcpTransport({ host: '127.0.0.1', port });
    const received: number[] = [];
    t.onData((b) => received.push(...b));
    const closed = new Promise<CloseInfo>((r) => t.onClose(r));
    await t.open();
    expect(t.isOpen).toBe(true);
    t.write(Uint8Array.of(1, 2, 3));
    await expect.poll(() => received).toEqual([0xaa, 0xbb]);
    expect(got).toEqual([1, 2, 3]);
    peer.end();
    const info = await closed;
    expect(info.local).toBe(false);
    expect(info.code).toBe('closed-by-peer');
    expect(t.isOpen).toBe(false);
    expect(() => t.write(Uint8Array.of(1))).toThrow(TransportError);
  });

  it('reports a local close once, as local', async () => {
    const { port } = await listen();
    const t = new TcpTransport({ host: '127.0.0.1', port });
    const infos: CloseInfo[] = [];
    t.onClose((i) => infos.push(i));
    await t.open();
    await t.close();
    await t.close();
    expect(infos).toHaveLength(1);
    expect(infos[0]).toMatchObject({ code: 'closed', local: true });
  });

  it('refused connection is a TransportError with code refused', async () => {
    const port = await freePort();
    const t = new TcpTransport({ host: '127.0.0.1', port });
    await expect(t.open()).rejects.toMatchObject({ name: 'TransportError', code: 'refused' });
  });

  it('connect timeout and abort end the attempt with their own codes', async () => {
    // A socket whose connect never completes (the stalled SYN of an unreachable meter).
    const stalled = (): Socket => {
      const s = new Socket();
      (s as unknown as { connect: () => Socket }).connect = () => s;
      return s;
    };
    const t = new TcpTransport({ host: '192.0.2.1', port: 4059, connectTimeoutMs: 50, createSocket: stalled });
    const err = (await t.open().catch((e: unknown) => e)) as TransportError;
    expect(err).toBeInstanceOf(TransportError);
    expect(err.code).toBe('connect-timeout');
    expect(err.message).toContain('192.0.2.1:4059');
    expect(t.isOpen).toBe(false);

    const ac = new AbortController();
    const p = new TcpTransport({ host: '192.0.2.1', port: 4059, connectTimeoutMs: 5000, createSocket: stalled }).open(ac.signal);
    ac.abort();
    await expect(p).rejects.toMatchObject({ code: 'aborted' });

    const ac3 = new AbortController();
    ac3.abort();
    await expect(new TcpTransport({ host: '127.0.0.1', port: 1 }).open(ac3.signal)).rejects.toMatchObject({ code: 'aborted' });
  });
});

describe('UdpTransport', () => {
  it('sends datagrams to the meter and delivers its answers', async () => {
    const server = createSocket('udp4');
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    await new Promise<void>((r) => server.bind(0, '127.0.0.1', () => r()));
    server.on('message', (msg, rinfo) => server.send(Uint8Array.from([...msg].reverse()), rinfo.port, rinfo.address));
    const t = new UdpTransport({ host: '127.0.0.1', port: server.address().port });
    const received: Uint8Array[] = [];
    t.onData((b) => received.push(b));
    await t.open();
    t.write(Uint8Array.of(1, 2, 3));
    await expect.poll(() => received.length).toBe(1);
    expect([...received[0]!]).toEqual([3, 2, 1]);
    const infos: CloseInfo[] = [];
    t.onClose((i) => infos.push(i));
    await t.close();
    expect(infos).toEqual([expect.objectContaining({ local: true })]);
  });

  it('a closed port answers with ICMP unreachable: the transport closes with refused', async () => {
    const port = await (async () => {
      const s = createSocket('udp4');
      await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
      const p = s.address().port;
      await new Promise<void>((r) => s.close(() => r()));
      return p;
    })();
    const t = new UdpTransport({ host: '127.0.0.1', port });
    await t.open();
    const closed = new Promise<CloseInfo>((r) => t.onClose(r));
    t.write(Uint8Array.of(0));
    const info = await closed;
    expect(info).toMatchObject({ code: 'refused', local: false });
  });
});

describe('TimerSet', () => {
  it('re-arming replaces, cancel prevents firing, cancelAll clears', async () => {
    const timers = new TimerSet<'a' | 'b'>();
    const fired: string[] = [];
    timers.arm('a', 5, (id) => fired.push(`${id}1`));
    timers.arm('a', 10, (id) => fired.push(`${id}2`));
    timers.arm('b', 5, (id) => fired.push(id));
    timers.cancel('b');
    expect(timers.isArmed('a')).toBe(true);
    await new Promise((r) => setTimeout(r, 30));
    expect(fired).toEqual(['a2']);
    expect(timers.size).toBe(0);
    timers.arm('a', 5, (id) => fired.push(id));
    timers.cancelAll();
    await new Promise((r) => setTimeout(r, 15));
    expect(fired).toEqual(['a2']);
  });
});
