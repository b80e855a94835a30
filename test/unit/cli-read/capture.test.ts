// --capture and `meterscope replay` with the built bundle in a child process against the simulator
// in this process: the simulator's own trace of what crossed the socket is the independent truth.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle, type SimulatorTraceEvent } from '../../../src-main/sim/index';
import { readCapture } from '../../../src-main/capture/reader';
import { parseTraceHeads } from '../../../src-main/capture/trace-text';
import { dissectEntries } from '../../../src-main/dlms/dissect/index';
import { toHex } from '../../../src-shared/hex';
import { REPO_ROOT } from '../../support/vectors';

const CLI = resolve(REPO_ROOT, 'dist/cli.cjs');
let sim: SimulatorHandle | undefined;

beforeAll(() => {
  if (!existsSync(CLI)) execFileSync(process.execPath, [resolve(REPO_ROOT, 'scripts/build-node.mjs')], { stdio: 'ignore' });
});
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((res) => {
    execFile(process.execPath, [CLI, ...args], { timeout: 20_000 }, (error, stdout, stderr) => {
      res({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out: stdout, err: stderr });
    });
  });
}

const newFile = (): string => join(mkdtempSync(join(tmpdir(), 'cli-capture-')), 'session.jsonl');

/** The simulator's view: frames in socket order, as the client saw them. */
function wireOf(trace: SimulatorTraceEvent[]): { direction: string; hex: string }[] {
  return trace.map((t) => ({ direction: t.direction === 'in' ? 'client->server' : 'server->client', hex: toHex(t.bytes) }));
}

describe('meterscope read --capture', () => {
  it('a connection dropped mid-read leaves every frame up to the drop on disk, and they dissect as the live trace printed', async () => {
    const trace: SimulatorTraceEvent[] = [];
    // reader client: the object list alone takes several blocks at a 1024-byte PDU; drop after the 8th answer
    sim = await startSimulator({ port: 0, faults: { dropAfterFrame: 8 }, onTrace: (e) => trace.push(e) });
    const file = newFile();
    const r = await run(['read', '-p', String(sim.port), '-c', '32', '-a', 'Low', '-P', '12345678', '--no-ledger', '--trace', '--capture', file]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^meterscope read: .*connection lost/m);

    const c = readCapture(file);
    expect(c.torn).toBeUndefined();
    expect(c.problems).toEqual([]);
    // the process ended cleanly after the drop: footer with the reason, and the drop as an event
    expect(c.complete).toBe(true);
    expect(c.footer?.reason).toMatch(/connection lost/);
    expect(c.events.find((e) => e.type === 'closed')).toMatchObject({ reason: expect.stringMatching(/^connection lost/) });
    // every frame that crossed the socket, in order, and nothing else
    const wire = wireOf(trace);
    expect(wire.filter((w) => w.direction === 'server->client')).toHaveLength(8);
    const captured = c.frames.map((f) => ({ direction: f.direction, hex: toHex(f.bytes) }));
    expect(captured.slice(0, wire.length)).toEqual(wire);
    // The client may have written its next request before it learnt of the close (the simulator,
    // closed by then, never read it): it went to the socket, so the capture keeps it.
    expect(captured.slice(wire.length).every((f) => f.direction === 'client->server')).toBe(true);
    expect(captured.length - wire.length).toBeLessThanOrEqual(1);
    expect(c.frames.map((f) => f.seq)).toEqual(captured.map((_w, i) => i + 1));
    expect(c.header.settings).toMatchObject({ clientAddress: 32, authentication: 'low', port: sim.port });
    expect(readFileSync(file, 'utf8')).not.toContain('12345678');

    // the live trace: numbered across the session, with time and direction
    const live = parseTraceHeads(r.out);
    expect(live.map((h) => h.number)).toEqual(live.map((_h, i) => i + 1));
    expect(live.length).toBeGreaterThanOrEqual(c.frames.length);
    expect(live[0]!.summary).toMatch(/AARQ/);
    expect(live[1]!.summary).toMatch(/AARE accepted/);
    // the captured frames dissect to the same summaries, directions and times
    const dissected = dissectEntries(c.frames.map((f) => ({ bytes: f.bytes, direction: f.direction })), { layer: 'wrapper' });
    expect(dissected.map((d) => d.summary)).toEqual(live.map((h) => h.summary));
    const perFrame = live.filter((_h, i) => dissected[i]!.reassembledHex === undefined);
    expect(perFrame.map((h) => h.direction)).toEqual(c.frames.map((f) => f.direction));
    expect(perFrame.map((h) => h.time)).toEqual(c.frames.map((f) => new Date(f.at).toISOString()));

    // replay prints the same numbered lines as the live trace
    const rep = await run(['replay', file]);
    expect(rep.err).toBe('');
    expect(rep.code).toBe(0);
    expect(parseTraceHeads(rep.out)).toEqual(live);
    expect(rep.out).toMatch(/session closed: connection lost/);
    expect(rep.out).toMatch(new RegExp(`^${c.frames.length} frame\\(s\\)$`, 'm'));
  });

  it('a killed CLI process leaves a capture that reads up to its last frame (no footer)', async () => {
    const trace: SimulatorTraceEvent[] = [];
    sim = await startSimulator({ port: 0, faults: { delayMs: 40 }, onTrace: (e) => trace.push(e) });
    const file = newFile();
    const child = spawn(process.execPath, [CLI, 'read', '-p', String(sim.port), '-c', '32', '-a', 'Low', '-P', '12345678', '--no-ledger', '--capture', file], { stdio: 'ignore' });
    const exited = new Promise((r) => child.once('exit', r));
    const frameLines = (): number => (existsSync(file) ? (readFileSync(file, 'utf8').match(/"type":"frame"/g)?.length ?? 0) : 0);
    await expect.poll(frameLines, { timeout: 10_000, interval: 10 }).toBeGreaterThanOrEqual(6);
    child.kill('SIGKILL');
    await exited;
    const c = readCapture(file);
    expect(c.complete).toBe(false);
    expect(c.footer).toBeUndefined();
    expect(c.frames.length).toBeGreaterThanOrEqual(6);
    // what the capture holds is what crossed the socket, in order
    const wire = wireOf(trace);
    expect(c.frames.map((f) => ({ direction: f.direction, hex: toHex(f.bytes) }))).toEqual(wire.slice(0, c.frames.length));
    const rep = await run(['replay', file]);
    expect(rep.code).toBe(0);
    expect(rep.out).toMatch(/no footer: the recording process ended before closing the capture/);
    expect(parseTraceHeads(rep.out).length).toBeGreaterThanOrEqual(c.frames.length);
  });

  it('a ciphered session replays with the keys opened when their fingerprints match', async () => {
    sim = await startSimulator({ port: 0 });
    const file = newFile();
    const mgmt = ['-p', String(sim.port), '-c', '1', '-a', 'HighGmac', '-C', 'AuthenticationEncryption', '-T', '4D53433030303031', '-A', 'D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF', '-B', '000102030405060708090A0B0C0D0E0F', '--no-ledger'];
    const r = await run(['get', '0-0:1.0.0.255:2', ...mgmt, '--trace', '--capture', file]);
    expect(r.code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toMatch(/D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF|000102030405060708090A0B0C0D0E0F/i);
    const rep = await run(['replay', file, '-A', 'D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF', '-B', '000102030405060708090A0B0C0D0E0F']);
    expect(rep.code).toBe(0);
    expect(parseTraceHeads(rep.out)).toEqual(parseTraceHeads(r.out));
    const decryptedLive = r.out.match(/decrypted with/g)?.length ?? 0;
    expect(decryptedLive).toBeGreaterThan(0);
    expect(rep.out.match(/decrypted with/g)?.length).toBe(decryptedLive);
    // a wrong key is refused by its fingerprint, and the APDUs stay closed
    const wrong = await run(['replay', file, '-B', '00112233445566778899AABBCCDDEEFF', '-A', '00112233445566778899AABBCCDDEEFF']);
    expect(wrong.err).toMatch(/--block-cipher-key is not the key of this capture/);
    expect(wrong.out).not.toMatch(/decrypted with/);
  });

  it('refuses to overwrite a capture, and replay refuses what is not one', async () => {
    sim = await startSimulator({ port: 0 });
    const file = newFile();
    expect((await run(['objects', '-p', String(sim.port), '--capture', file])).code).toBe(0);
    const before = readFileSync(file, 'utf8');
    const again = await run(['objects', '-p', String(sim.port), '--capture', file]);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/--capture .*: the file exists/);
    expect(readFileSync(file, 'utf8')).toBe(before);
    const notCapture = await run(['replay', resolve(REPO_ROOT, 'package.json')]);
    expect(notCapture.code).toBe(2);
    expect(notCapture.err).toMatch(/not a Meterscope capture/);
  });
});
