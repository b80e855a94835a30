// Faults over loopback: the connection dropped after each frame the meter sends during a
// block-transfer read and a GBT read (a clear error every time, and the same Session connects
// again), wrong password and keys (the plain-language rejection), timeouts (never a hanging
// promise), cancellation, an exception-response, and the other transports (UDP, a silent peer).
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../../src-main/sim/index';
import { parseDeviceFile } from '../../../src-main/sim/device-model';
import { Session } from '../../../src-main/session/session';
import { MemoryCounterLedger } from '../../../src-main/session/ic-ledger';
import { SessionError, type SessionEvent } from '../../../src-main/session/types';
import type { DeviceSettingsInput } from '../../../src-shared/settings';
import { deviceJson, seedSettings } from './helpers';

const ledger = new MemoryCounterLedger();

async function framesOfCleanRead(settings: DeviceSettingsInput): Promise<number> {
  const session = new Session({ settings, ledger });
  let fromMeter = 0;
  session.on((e) => {
    if (e.kind === 'frame' && e.direction === 'server->client') fromMeter++;
  });
  await session.connect();
  await session.readObjectList();
  await session.close();
  return fromMeter;
}

/** Drops after meter frame 1..F of connect + object list; each attempt fails clearly, then the same Session reconnects. */
async function dropAtEveryFrame(sim: SimulatorHandle, settings: DeviceSettingsInput): Promise<number> {
  const total = await framesOfCleanRead(settings);
  const session = new Session({ settings, ledger });
  // Meter frames: AARE, HLS pass 4, the blocks, RLRE. A drop after the last block leaves the read
  // complete (checked below); every earlier drop must fail it.
  const readFrames = total - 2;
  for (let n = 1; n <= readFrames; n++) {
    sim.setFaults({ dropAfterFrame: n });
    const closed: string[] = [];
    const off = session.on((e: SessionEvent) => {
      if (e.kind === 'closed') closed.push(e.reason);
    });
    const err = await session
      .connect()
      .then(() => session.readObjectList())
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    off();
    expect(err, `drop after frame ${n}`).toBeInstanceOf(SessionError);
    expect((err as SessionError).code, `drop after frame ${n}`).toBe('transport');
    expect((err as SessionError).message).toMatch(/connection lost|closed/);
    expect(session.state).toBe('closed');
    expect(closed.length).toBe(1);
    sim.setFaults({});
    await session.connect();
    const list = await session.readObjectList();
    expect(list.length).toBeGreaterThan(10);
    await session.close();
  }
  sim.setFaults({ dropAfterFrame: total - 1 });
  try {
    await session.connect();
    expect((await session.readObjectList()).length).toBeGreaterThan(10);
    await session.close();
    expect(session.state).toBe('closed');
  } finally {
    sim.setFaults({});
  }
  return readFrames;
}

describe('dropped connections during block transfer and GBT', () => {
  let classic: SimulatorHandle;
  let gbt: SimulatorHandle;
  beforeAll(async () => {
    classic = await startSimulator({ device: parseDeviceFile(deviceJson('elster-ip-module')), port: 0, transport: 'wrapper-tcp' });
    const j = deviceJson('elster-ip-module');
    for (const a of j.associations) (a.conformance as string[]).push('general-block-transfer');
    gbt = await startSimulator({ device: parseDeviceFile(j), port: 0, transport: 'wrapper-tcp' });
  });
  afterAll(async () => {
    await classic?.stop();
    await gbt?.stop();
  });

  it('classic block transfer: a clear error at every frame, then a working reconnect', async () => {
    // a small client PDU makes several blocks
    const frames = await dropAtEveryFrame(classic, seedSettings(classic.port, { maxPduSize: 256 }));
    expect(frames).toBeGreaterThan(5);
  });

  it('general block transfer: a clear error at every frame, then a working reconnect', async () => {
    const frames = await dropAtEveryFrame(gbt, seedSettings(gbt.port, { proposedConformance: 0x603edd, maxPduSize: 256 }));
    expect(frames).toBeGreaterThan(5);
  });
});

describe('rejections, timeouts, cancellation, exceptions', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, transport: 'wrapper-tcp' });
  });
  afterAll(async () => {
    await sim?.stop();
  });
  const base = (extra: DeviceSettingsInput = {}): DeviceSettingsInput => ({ port: sim.port, timeouts: { connectMs: 2000, responseMs: 2000, retries: 0 }, ...extra });

  it('wrong LLS password: meter rejected: authentication-failure, with what to check', async () => {
    const session = new Session({ settings: base({ clientAddress: 32, authentication: 'low', password: { encoding: 'ascii', text: 'wrong' } }), ledger });
    const err = (await session.connect().catch((e: unknown) => e)) as SessionError;
    expect(err.code).toBe('rejected');
    expect(err.detail).toBe('authentication-failure');
    expect(err.message).toMatch(/^meter rejected the association: authentication-failure.*password/);
    expect(session.state).toBe('closed');
    // the right password on the same Session works
    const ok = new Session({ settings: base({ clientAddress: 32, authentication: 'low', password: { encoding: 'ascii', text: '12345678' } }), ledger });
    await ok.connect();
    await ok.close();
  });

  it('wrong block cipher key on the ciphered management client: rejected with the deciphering advice', async () => {
    const session = new Session({
      settings: base({ clientAddress: 1, authentication: 'high-gmac', securityPolicy: 'authenticated-encrypted', cipherInitiateRequest: true, blockCipherKey: '00000000000000000000000000000000' }),
      ledger,
    });
    const err = (await session.connect().catch((e: unknown) => e)) as SessionError;
    expect(err.code).toBe('rejected');
    expect(err.message).toMatch(/deciphering-error.*block cipher \(encryption\) key/);
  });

  it('a slow meter: the request times out (retried once), nothing hangs, the session stays usable', async () => {
    const session = new Session({ settings: base({ timeouts: { connectMs: 2000, responseMs: 150, retries: 1 } }), ledger });
    await session.connect();
    sim.setFaults({ delayMs: 600 });
    try {
      const t0 = Date.now();
      const err = (await session.get('0-0:1.0.0.255', 2, { classId: 8 }).catch((e: unknown) => e)) as SessionError;
      expect(err.code).toBe('timeout');
      expect(Date.now() - t0).toBeLessThan(1500);
    } finally {
      sim.setFaults({});
    }
    // late answers are dropped; the next request works
    await new Promise((r) => setTimeout(r, 700));
    expect((await session.get('0-0:42.0.0.255', 2, { classId: 1 })).type).toBe('octet-string');
    await session.close();
  });

  it('no AARE in time: connect rejects with timeout', async () => {
    sim.setFaults({ delayMs: 800 });
    try {
      const session = new Session({ settings: base({ timeouts: { connectMs: 2000, responseMs: 200, retries: 0 } }), ledger });
      await expect(session.connect()).rejects.toMatchObject({ code: 'timeout' });
      expect(session.state).toBe('closed');
    } finally {
      sim.setFaults({});
    }
  });

  it('AbortSignal cancels a pending request; an exception-response fails only that request', async () => {
    const session = new Session({ settings: base(), ledger });
    await session.connect();
    sim.setFaults({ delayMs: 500 });
    const ac = new AbortController();
    const p = session.get('0-0:1.0.0.255', 2, { classId: 8, signal: ac.signal });
    setTimeout(() => ac.abort(), 20);
    await expect(p).rejects.toMatchObject({ code: 'cancelled' });
    sim.setFaults({});
    await new Promise((r) => setTimeout(r, 600));
    await session.close();

    sim.setFaults({ exceptionOnRequest: 2 });
    try {
      const s2 = new Session({ settings: base(), ledger });
      await s2.connect();
      const err = (await s2.get('0-0:1.0.0.255', 2, { classId: 8 }).catch((e: unknown) => e)) as SessionError;
      expect(err.code).toBe('protocol');
      expect(err.message).toMatch(/exception-response/);
      expect((await s2.get('0-0:42.0.0.255', 2, { classId: 1 })).type).toBe('octet-string');
      await s2.close();
    } finally {
      sim.setFaults({});
    }
  });

  it('a data-access-result is an answer: object-undefined rejects with code data-access', async () => {
    const session = new Session({ settings: base(), ledger });
    await session.connect();
    const err = (await session.get('1-0:99.99.99.255', 2, { classId: 1 }).catch((e: unknown) => e)) as SessionError;
    expect(err.code).toBe('data-access');
    expect(err.detail).toMatch(/object-undefined|object-unavailable|read-write-denied/);
    await session.close();
  });
});

describe('a drop with several requests pending', () => {
  it('rejects every pending promise with the reason', async () => {
    const sim = await startSimulator({ port: 0, transport: 'wrapper-tcp', faults: { delayMs: 300 } });
    const session = new Session({ settings: { port: sim.port, timeouts: { connectMs: 2000, responseMs: 5000, retries: 0 } }, ledger });
    try {
      await session.connect();
      const pending = ['0-0:1.0.0.255', '0-0:42.0.0.255', '1-0:0.2.0.255'].map((o, i) => session.get(o, 2, { classId: i === 0 ? 8 : 1 }).then(() => 'resolved', (e: unknown) => e));
      setTimeout(() => void sim.stop(), 50);
      const results = await Promise.all(pending);
      for (const r of results) {
        expect(r).toBeInstanceOf(SessionError);
        expect((r as SessionError).code).toBe('transport');
        expect((r as SessionError).message).toMatch(/^connection lost/);
      }
      expect(session.state).toBe('closed');
    } finally {
      await sim.stop();
    }
  });
});

describe('other transports and silent peers', () => {
  it('wrapper over UDP reads the object list; profile by range matches the generated rows', async () => {
    const sim = await startSimulator({ port: 0, transport: 'wrapper-udp' });
    try {
      const session = new Session({ settings: { interface: 'wrapper-udp', port: sim.port, clientAddress: 32, authentication: 'low', password: { encoding: 'ascii', text: '12345678' } }, ledger });
      await session.connect();
      expect((await session.readObjectList()).length).toBeGreaterThan(30);
      const from = new Date('2025-01-01T00:00:00Z');
      const to = new Date('2025-01-01T02:00:00Z');
      const rows = await session.readProfile('1-0:99.1.0.255', { from, to });
      const p = sim.device.getObject('1-0:99.1.0.255')!.profile!;
      const expected: number[] = [];
      for (let i = 0; i < p.entries; i++) if (p.timeOf(i) >= from.getTime() && p.timeOf(i) <= to.getTime()) expected.push(i);
      expect(rows).toHaveLength(expected.length);
      expect(JSON.stringify(rows[0], hexify)).toBe(JSON.stringify(p.row(expected[0]!), hexify));
      await session.close();
    } finally {
      await sim.stop();
    }
  });

  it('a peer that accepts and never answers: wrapper times out, HDLC gives up after its retransmissions', async () => {
    const sockets: Socket[] = [];
    const server: Server = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    try {
      const w = new Session({ settings: { port, timeouts: { connectMs: 1000, responseMs: 150, retries: 0 } }, ledger });
      await expect(w.connect()).rejects.toMatchObject({ code: 'timeout' });
      const h = new Session({ settings: { interface: 'hdlc-tcp', port, timeouts: { connectMs: 1000, responseMs: 100, retries: 1 } }, ledger });
      const err = (await h.connect().catch((e: unknown) => e)) as SessionError;
      expect(err.code).toBe('link');
      expect(err.message).toMatch(/no reply/);
      expect(h.state).toBe('closed');
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('nothing listening: a transport error naming the address', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((r) => server.close(() => r()));
    const s = new Session({ settings: { port }, ledger });
    const err = (await s.connect().catch((e: unknown) => e)) as SessionError;
    expect(err.code).toBe('transport');
    expect(err.message).toContain(`127.0.0.1:${port}`);
    expect(err.message).toMatch(/refused/);
  });
});

function hexify(_k: string, v: unknown): unknown {
  return v instanceof Uint8Array ? Buffer.from(v).toString('hex') : typeof v === 'bigint' ? v.toString() : v;
}

describe('invocation counter pre-read through the public client', () => {
  it('a fresh ledger would replay old counters; reading 0-0:43.1.1.255 first lets it associate', async () => {
    const sim = await startSimulator({ port: 0, transport: 'wrapper-tcp' });
    const mgmt = (extra: DeviceSettingsInput = {}): DeviceSettingsInput => ({
      port: sim.port,
      clientAddress: 1,
      authentication: 'high-gmac',
      securityPolicy: 'authenticated-encrypted',
      cipherInitiateRequest: true,
      timeouts: { connectMs: 2000, responseMs: 1000, retries: 0 },
      ...extra,
    });
    try {
      // an earlier tool used counters 0.. with this system title
      const earlier = new MemoryCounterLedger();
      for (let i = 0; i < 2; i++) {
        const s = new Session({ settings: mgmt(), ledger: earlier });
        await s.connect();
        await s.get('0-0:42.0.0.255', 2, { classId: 1 });
        await s.close();
      }
      // a new machine (empty ledger) starting at 0 is refused
      const fresh = new Session({ settings: mgmt(), ledger: new MemoryCounterLedger() });
      await expect(fresh.connect()).rejects.toBeInstanceOf(SessionError);
      // with the pre-read, the ledger jumps past the meter's counter
      const ledger2 = new MemoryCounterLedger();
      const s = new Session({ settings: mgmt({ invocationCounterSource: 'read', invocationCounterObis: '0-0:43.1.1.255' }), ledger: ledger2 });
      await s.connect();
      expect((await s.get('0-0:42.0.0.255', 2, { classId: 1 })).type).toBe('octet-string');
      await s.close();
      const st = new TextEncoder().encode('MSC00001');
      const key = Uint8Array.from(Buffer.from('000102030405060708090A0B0C0D0E0F', 'hex'));
      expect(ledger2.peek(st, key)).toBeGreaterThan(earlier.peek(st, key));
    } finally {
      await sim.stop();
    }
  });
});
