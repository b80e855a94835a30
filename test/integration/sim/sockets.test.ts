// The simulator over real loopback sockets: wrapper over TCP and UDP, HDLC over TCP, concurrent
// connections, the wPort check of the seed thread, and the socket-level faults.
import { createConnection, type Socket } from 'node:net';
import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeApduBytes, encodeApdu, type Apdu } from '../../../src-main/dlms/apdu';
import { encodeWrapperFrame, WrapperDeframer, type WrapperFrame } from '../../../src-main/dlms/framing/wrapper';
import { HdlcClientLink } from '../../../src-main/dlms/framing/hdlc/link';
import { serverAddress } from '../../../src-main/dlms/framing/hdlc/address';
import { startSimulator, type SimulatorHandle, type SimulatorTraceEvent } from '../../../src-main/sim';
import { fromHex } from '../../../src-shared/hex';
import { REPO_ROOT, seedVector } from '../../support/vectors';
import { resolve } from 'node:path';
import { aareOf, aarq, initiate } from '../../unit/sim/helpers';

const running: SimulatorHandle[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

async function start(o: Parameters<typeof startSimulator>[0] = {}): Promise<SimulatorHandle> {
  const s = await startSimulator({ port: 0, ...o });
  running.push(s);
  return s;
}

/** A TCP client that collects wrapper frames. */
async function wrapperClient(port: number): Promise<{ socket: Socket; next(ms?: number): Promise<WrapperFrame | undefined>; send(src: number, dst: number, apdu: Uint8Array | Apdu): void; closed: Promise<void> }> {
  const socket = createConnection({ host: '127.0.0.1', port });
  await new Promise<void>((ok, fail) => socket.once('connect', ok).once('error', fail));
  const deframer = new WrapperDeframer();
  const queue: WrapperFrame[] = [];
  const waiters: ((f: WrapperFrame) => void)[] = [];
  socket.on('data', (d) => {
    for (const f of deframer.push(new Uint8Array(d))) (waiters.shift() ?? ((x: WrapperFrame) => queue.push(x)))(f);
  });
  const closed = new Promise<void>((ok) => socket.once('close', () => ok()));
  return {
    socket,
    closed,
    send: (src, dst, apdu) => void socket.write(encodeWrapperFrame({ sourceWPort: src, destinationWPort: dst, apdu: apdu instanceof Uint8Array ? apdu : encodeApdu(apdu) })),
    next: (ms = 2000) =>
      queue.length > 0
        ? Promise.resolve(queue.shift())
        : new Promise((ok) => {
            const waiter = (f: WrapperFrame): void => {
              clearTimeout(t);
              ok(f);
            };
            const t = setTimeout(() => {
              waiters.splice(waiters.indexOf(waiter), 1);
              ok(undefined);
            }, ms);
            waiters.push(waiter);
          }),
  };
}

const publicAarq = aarq({ initiate: initiate(0x001a1f) });

describe('wrapper over TCP', () => {
  it('answers an AARQ built with the codec with an accepted AARE, from wPort 1 to the client wPort; traces both frames', async () => {
    const trace: SimulatorTraceEvent[] = [];
    const sim = await start({ onTrace: (e) => trace.push(e) });
    const c = await wrapperClient(sim.port);
    c.send(16, 1, publicAarq);
    const f = await c.next();
    expect(f?.header).toMatchObject({ sourceWPort: 1, destinationWPort: 16 });
    expect(aareOf(decodeApduBytes(f!.apdu)).result).toBe('accepted');
    expect(trace.map((t) => t.direction)).toEqual(['in', 'out']);
    expect(trace[1]!.time).toBeGreaterThanOrEqual(trace[0]!.time);
    c.socket.destroy();
  });

  it("gives no answer to destination wPort 145 (the seed's mistake), then answers wPort 1", async () => {
    const sim = await start({ device: resolve(REPO_ROOT, 'assets/devices/elster-ip-module.json') });
    const c = await wrapperClient(sim.port);
    c.socket.write(fromHex(seedVector('client-aarq-wrapped-sn-plain-dest145').hex));
    expect(await c.next(300)).toBeUndefined();
    c.socket.write(fromHex(seedVector('vendor-aarq-wrapped').hex));
    const aare = aareOf(decodeApduBytes((await c.next())!.apdu));
    expect([aare.result, aare.resultSourceDiagnostic.diagnostic]).toEqual(['accepted', 'authentication-required']);
    c.socket.destroy();
  });

  it('serves two connections at once, each with its own association', async () => {
    const sim = await start();
    const [a, b] = await Promise.all([wrapperClient(sim.port), wrapperClient(sim.port)]);
    a.send(16, 1, publicAarq);
    b.send(32, 1, aarq({ mechanism: 1, value: new TextEncoder().encode('wrong'), initiate: initiate(0x001a1f) }));
    const [fa, fb] = await Promise.all([a.next(), b.next()]);
    expect(aareOf(decodeApduBytes(fa!.apdu)).result).toBe('accepted');
    expect(aareOf(decodeApduBytes(fb!.apdu)).resultSourceDiagnostic.diagnostic).toBe('authentication-failure');
    expect(sim.connections()).toBe(2);
    a.socket.destroy();
    b.socket.destroy();
  });

  it('faults: drop after frame 1 closes the connection; corrupt flips the byte; set at run time', async () => {
    const sim = await start({ faults: { dropAfterFrame: 1 } });
    const c = await wrapperClient(sim.port);
    c.send(16, 1, publicAarq);
    expect(aareOf(decodeApduBytes((await c.next())!.apdu)).result).toBe('accepted');
    await c.closed;
    sim.setFaults({ corrupt: { frame: 1, byte: 8 }, delayMs: 20 });
    const d = await wrapperClient(sim.port);
    const t0 = Date.now();
    d.send(16, 1, publicAarq);
    const f = await d.next();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(15);
    expect(f!.apdu[0]).toBe(0x61 ^ 0xff); // the AARE tag, corrupted
    d.socket.destroy();
  });
});

describe('wrapper over UDP', () => {
  it('answers a datagram AARQ', async () => {
    const sim = await start({ transport: 'wrapper-udp' });
    const udp = createSocket('udp4');
    const reply = new Promise<Buffer>((ok) => udp.once('message', ok));
    udp.send(encodeWrapperFrame({ sourceWPort: 16, destinationWPort: 1, apdu: encodeApdu(publicAarq) }), sim.port, '127.0.0.1');
    const msg = await reply;
    const f = new WrapperDeframer().push(new Uint8Array(msg))[0]!;
    expect(aareOf(decodeApduBytes(f.apdu)).result).toBe('accepted');
    udp.close();
  });
});

describe('HDLC over TCP', () => {
  it('SNRM/UA, then an AARQ in I frames gets the AARE back', async () => {
    const sim = await start({ transport: 'hdlc-tcp' });
    const socket = createConnection({ host: '127.0.0.1', port: sim.port });
    await new Promise<void>((ok) => socket.once('connect', ok));
    const link = new HdlcClientLink({ clientAddress: 16, serverAddress: serverAddress(1, 17, 2) });
    const events: string[] = [];
    const apdus: Uint8Array[] = [];
    let settled: () => void = () => undefined;
    const done = new Promise<void>((ok) => (settled = ok));
    const run = (cmds: ReturnType<HdlcClientLink['handle']>): void => {
      for (const c of cmds) {
        events.push(c.kind);
        if (c.kind === 'send') socket.write(c.bytes);
        if (c.kind === 'connected') run(link.handle({ kind: 'send', apdu: encodeApdu(publicAarq) }));
        if (c.kind === 'apdu') {
          apdus.push(c.bytes);
          settled();
        }
      }
    };
    socket.on('data', (d) => run(link.handle({ kind: 'bytesReceived', bytes: new Uint8Array(d) })));
    run(link.handle({ kind: 'connect' }));
    await done;
    expect(events).toContain('connected');
    expect(aareOf(decodeApduBytes(apdus[0]!)).result).toBe('accepted');
    socket.destroy();
  });
});
