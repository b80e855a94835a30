// A real HDLC session over loopback against the simulator, recorded by SessionRecorder and traced by
// TracePrinter: with a small HDLC frame size the object list comes in segments, so the trace has
// cross-frame references ("of the message started in frame #N") that must agree with its own numbers,
// live and when replayed from the capture, and stay right when sign-on messages come first.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../../src-main/sim/index';
import { Session } from '../../../src-main/session/session';
import type { SessionEvent } from '../../../src-main/session/types';
import { SessionRecorder } from '../../../src-main/capture/recorder';
import { readCapture } from '../../../src-main/capture/reader';
import { TracePrinter, type TraceEntry } from '../../../src-main/capture/trace-text';
import { toHex } from '../../../src-shared/hex';

let sim: SimulatorHandle;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, transport: 'hdlc-tcp' });
});
afterAll(async () => {
  await sim?.stop();
});

const refs = (summary: string): number[] => [...summary.matchAll(/frame #(\d+)/g)].map((m) => Number(m[1]));

describe('session trace and capture over HDLC with segmented messages', () => {
  it('numbers frames once across the session; references, capture and replay agree', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'capture-hdlc-')), 'hdlc.jsonl');
    const session = new Session({
      settings: { interface: 'hdlc-tcp', port: sim.port, clientAddress: 32, authentication: 'low', password: { encoding: 'ascii', text: '12345678' }, serverPhysicalAddress: 17, hdlc: { maxInfoFieldReceive: 64, maxInfoFieldTransmit: 64 } },
      ledger: 'memory',
    });
    const recorder = SessionRecorder.open(file, session.settings, { meta: { test: 'hdlc' } });
    recorder.attach(session);
    const frames: Extract<SessionEvent, { kind: 'frame' }>[] = [];
    session.on((e) => {
      if (e.kind === 'frame') frames.push(e);
    });
    const live = new TracePrinter({ layer: 'hdlc' });
    const liveEntries: TraceEntry[] = [];
    session.on((e) => {
      if (e.kind === 'frame') liveEntries.push(...live.frame(e));
    });
    await session.connect();
    const list = await session.readObjectList();
    expect(list.length).toBeGreaterThan(5);
    await session.close();
    recorder.close('ok');

    // numbered 1..n, one number per shown frame
    expect(liveEntries.map((e) => e.number)).toEqual(liveEntries.map((_e, i) => i + 1));
    expect(liveEntries[0]!.summary).toMatch(/SNRM/);
    // the object list needed segments, and the reassembled message names its segments' frames
    const reassembled = liveEntries.filter((e) => e.dissected?.reassembledHex !== undefined);
    expect(reassembled.length).toBeGreaterThan(0);
    for (const e of liveEntries) {
      for (const n of refs(e.summary)) {
        expect(n).toBeLessThan(e.number + 1);
        const target = liveEntries[n - 1]!;
        expect(target.direction).toBe(e.direction);
        expect(target.layer).toBe('hdlc');
      }
    }
    // later segments name the frame their message started in: the first segment, by this trace's number
    const referring = liveEntries.filter((e) => refs(e.summary).length > 0);
    expect(referring.length).toBeGreaterThan(5);
    for (const e of referring) expect(liveEntries[refs(e.summary)[0]! - 1]!.summary).toMatch(/segment 1( |$)/);

    // the capture holds exactly the frames the session saw, and replays to the same entries
    const c = readCapture(file);
    expect(c.complete).toBe(true);
    expect(c.header.meta).toEqual({ test: 'hdlc' });
    expect(c.frames.map((f) => [f.direction, f.layer, toHex(f.bytes), f.at])).toEqual(frames.map((f) => [f.direction, f.layer, toHex(f.bytes), f.at]));
    const replay = new TracePrinter({ layer: 'hdlc' });
    const replayed = c.frames.flatMap((f) => replay.frame(f));
    const strip = (e: TraceEntry): Omit<TraceEntry, 'dissected'> => ({ number: e.number, at: e.at, direction: e.direction, layer: e.layer, summary: e.summary, malformed: e.malformed });
    expect(replayed.map(strip)).toEqual(liveEntries.map(strip));

    // with a sign-on message shown first, every number and every reference moves by one
    const shifted = new TracePrinter({ layer: 'hdlc' });
    const withSignOn = [
      ...shifted.frame({ direction: 'client->server', at: frames[0]!.at - 1, layer: 'iec62056-21', bytes: Uint8Array.from([0x2f, 0x3f, 0x21, 0x0d, 0x0a]) }),
      ...c.frames.flatMap((f) => shifted.frame(f)),
    ];
    expect(withSignOn[0]!.summary).toBe('request message "/?!\\r\\n"');
    const moved = withSignOn.slice(1);
    expect(moved.map((e) => e.number)).toEqual(liveEntries.map((e) => e.number + 1));
    expect(moved.map((e) => e.summary)).toEqual(liveEntries.map((e) => e.summary.replace(/frame #(\d+)/g, (_m, n: string) => `frame #${Number(n) + 1}`)));
  });

  it('the invocation-counter pre-read through the public client is part of the trace and the capture', async () => {
    const wire: string[] = [];
    const wsim = await startSimulator({ port: 0, onTrace: (e) => wire.push(`${e.direction === 'in' ? 'client->server' : 'server->client'} ${toHex(e.bytes)}`) });
    try {
      const file = join(mkdtempSync(join(tmpdir(), 'capture-ic-')), 'ic.jsonl');
      const session = new Session({
        settings: { port: wsim.port, clientAddress: 1, authentication: 'high-gmac', securityPolicy: 'authenticated-encrypted', cipherInitiateRequest: true, invocationCounterSource: 'read', invocationCounterObis: '0-0:43.1.1.255' },
        ledger: 'memory',
      });
      const recorder = SessionRecorder.open(file, session.settings);
      recorder.attach(session);
      await session.connect();
      await session.get('0-0:42.0.0.255', 2, { classId: 1 });
      await session.close();
      recorder.close();
      const frames = readCapture(file).frames;
      expect(frames.map((f) => `${f.direction} ${toHex(f.bytes)}`)).toEqual(wire);
      // wrapper source wPort: the public client (16) first, then the management client (1)
      const clients = frames.filter((f) => f.direction === 'client->server').map((f) => (f.bytes[2]! << 8) | f.bytes[3]!);
      expect(clients[0]).toBe(16);
      expect(clients[clients.length - 1]).toBe(1);
      expect(clients.indexOf(1)).toBeGreaterThan(clients.lastIndexOf(16));
    } finally {
      await wsim.stop();
    }
  });
});
