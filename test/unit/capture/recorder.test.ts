// SessionRecorder and readCapture: every event on disk as it happens, no secrets in the file, the
// fsync budget, and a file cut at any byte read back up to its last whole line.
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SessionRecorder } from '../../../src-main/capture/recorder';
import { CaptureError, parseCapture, readCapture } from '../../../src-main/capture/reader';
import { keyTextFingerprint, redactSettings } from '../../../src-main/capture/redact';
import type { SessionEvent } from '../../../src-main/session/types';
import { keyFingerprint } from '../../../src-main/session/ic-ledger';
import { deviceSettings } from '../../../src-shared/settings';
import { fromHex, toHex } from '../../../src-shared/hex';

const EK = '000102030405060708090A0B0C0D0E0F';
const AK = 'D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF';
const DK = '101112131415161718191A1B1C1D1E1F';
const settings = deviceSettings({ clientAddress: 1, authentication: 'high-gmac', securityPolicy: 'authenticated-encrypted', password: { encoding: 'ascii', text: 'TopSecretPw' }, blockCipherKey: EK, authenticationKey: AK, dedicatedKey: DK });
const tmp = (): string => join(mkdtempSync(join(tmpdir(), 'capture-')), 'session.jsonl');

/** A fake session: events pushed by hand. */
function source(): { on(l: (e: SessionEvent) => void): () => void; emit(e: SessionEvent): void } {
  const ls = new Set<(e: SessionEvent) => void>();
  return { on: (l) => (ls.add(l), () => void ls.delete(l)), emit: (e) => ls.forEach((l) => l(e)) };
}

const frame = (i: number, direction: 'client->server' | 'server->client' = i % 2 ? 'server->client' : 'client->server'): SessionEvent => ({
  kind: 'frame',
  direction,
  at: 1_700_000_000_000 + i,
  layer: 'wrapper',
  bytes: Uint8Array.from([0, 1, 0, 16, 0, 1, 0, 2, i & 0xff, (i * 7) & 0xff]),
});

describe('SessionRecorder', () => {
  it('writes each frame to disk before returning, and the reader gives them back in order', () => {
    const file = tmp();
    const src = source();
    const rec = SessionRecorder.open(file, settings, { meta: { command: 'read' }, now: () => 1_700_000_000_000 });
    rec.attach(src);
    src.emit({ kind: 'state', state: 'connecting' });
    for (let i = 0; i < 5; i++) {
      src.emit(frame(i));
      // on disk already: no buffering in the process
      const onDisk = readCapture(file);
      expect(onDisk.frames).toHaveLength(i + 1);
      expect(onDisk.complete).toBe(false);
    }
    src.emit({ kind: 'closed', reason: 'connection lost: closed by peer' });
    rec.close('ok');
    const c = readCapture(file);
    expect(c.complete).toBe(true);
    expect(c.problems).toEqual([]);
    expect(c.torn).toBeUndefined();
    expect(c.header.meta).toEqual({ command: 'read' });
    expect(c.header.started).toBe(new Date(1_700_000_000_000).toISOString());
    expect(c.header.tool).toMatch(/^meterscope \d+\.\d+\.\d+/);
    expect(c.frames.map((f) => f.seq)).toEqual([1, 2, 3, 4, 5]);
    for (let i = 0; i < 5; i++) {
      const e = frame(i) as Extract<SessionEvent, { kind: 'frame' }>;
      expect(toHex(c.frames[i]!.bytes)).toBe(toHex(e.bytes));
      expect(c.frames[i]!.direction).toBe(e.direction);
      expect(c.frames[i]!.at).toBe(e.at);
    }
    expect(c.events.map((e) => e.type)).toEqual(['state', 'closed']);
    expect(c.footer).toMatchObject({ frames: 5, reason: 'ok' });
  });

  it('records settings without secrets: keys and password as fingerprints', () => {
    const file = tmp();
    SessionRecorder.open(file, settings).close();
    const text = readFileSync(file, 'utf8');
    for (const secret of [EK, AK, DK, 'TopSecretPw', toHex(new TextEncoder().encode('TopSecretPw'))]) expect(text.toUpperCase()).not.toContain(secret.toUpperCase());
    const s = readCapture(file).header.settings;
    expect(s.blockCipherKey).toBe(`sha256:${keyFingerprint(fromHex(EK))}`);
    expect(s.authenticationKey).toBe(keyTextFingerprint(AK));
    expect(s.dedicatedKey).toBe(keyTextFingerprint(DK));
    expect(s.password).toEqual({ encoding: 'ascii', fingerprint: `sha256:${keyFingerprint(new TextEncoder().encode('TopSecretPw'))}` });
    // what shapes the wire stays readable
    expect(s).toMatchObject({ clientAddress: 1, authentication: 'high-gmac', securityPolicy: 'authenticated-encrypted', clientSystemTitle: { encoding: 'ascii', text: 'MSC00001' } });
    // different keys, different fingerprints; no password, nothing to hide
    expect(keyTextFingerprint(EK)).not.toBe(keyTextFingerprint(AK));
    expect(redactSettings(deviceSettings()).password).toEqual({ encoding: 'ascii', text: '' });
  });

  it('fsyncs per N frames or per interval, not per frame', async () => {
    const file = tmp();
    const src = source();
    const rec = SessionRecorder.open(file, settings, { syncEveryFrames: 64, syncIntervalMs: 30 });
    rec.attach(src);
    const afterHeader = rec.syncs;
    expect(afterHeader).toBe(1);
    for (let i = 0; i < 1000; i++) src.emit(frame(i));
    // 1000 frames in one burst: one fsync per 64 frames
    expect(rec.syncs - afterHeader).toBe(Math.floor(1000 / 64));
    // the rest is synced by the interval timer
    src.emit(frame(1000));
    const before = rec.syncs;
    await new Promise((r) => setTimeout(r, 80));
    expect(rec.syncs).toBe(before + 1);
    rec.close();
    expect(readCapture(file).frames).toHaveLength(1001);
  });

  it('never overwrites or appends to an existing file', () => {
    const file = tmp();
    writeFileSync(file, 'precious\n');
    expect(() => SessionRecorder.open(file, settings)).toThrow(/EEXIST/);
    expect(readFileSync(file, 'utf8')).toBe('precious\n');
  });

  it('ignores events after close and close is idempotent', () => {
    const file = tmp();
    const src = source();
    const rec = SessionRecorder.open(file, settings);
    rec.attach(src);
    src.emit(frame(1));
    rec.close();
    rec.close();
    src.emit(frame(2));
    const c = readCapture(file);
    expect(c.frames).toHaveLength(1);
    expect(c.problems).toEqual([]);
  });
});

describe('readCapture on a cut or damaged file', () => {
  function fullCapture(): { text: string; frames: string[] } {
    const file = tmp();
    const src = source();
    const rec = SessionRecorder.open(file, settings);
    rec.attach(src);
    src.emit({ kind: 'state', state: 'associating' });
    for (let i = 0; i < 6; i++) src.emit(frame(i));
    src.emit({ kind: 'warning', message: 'wrapper: 3 byte(s) that are no WPDU skipped — ünïcode' });
    src.emit(frame(6));
    src.emit({ kind: 'closed', reason: 'session closed' });
    rec.close();
    const text = readFileSync(file, 'utf8');
    return { text, frames: readCapture(file).frames.map((f) => toHex(f.bytes)) };
  }

  it('a cut at every byte after the header: never fatal, frames are a prefix, a torn line is reported', () => {
    const { text, frames } = fullCapture();
    const bytes = Buffer.from(text, 'utf8');
    const headerEnd = bytes.indexOf(0x0a) + 1;
    for (let cut = headerEnd; cut <= bytes.length; cut++) {
      const part = bytes.subarray(0, cut).toString('utf8');
      const c = parseCapture(part);
      const got = c.frames.map((f) => toHex(f.bytes));
      expect(got).toEqual(frames.slice(0, got.length));
      const lastNewline = bytes.lastIndexOf(0x0a, cut - 1) + 1;
      const partialLine = bytes.subarray(lastNewline, cut).toString('utf8');
      // a partial last line is torn unless it is a whole line missing only its newline
      let whole = partialLine === '';
      try {
        JSON.parse(partialLine);
        whole = true;
      } catch {
        // torn
      }
      expect(c.torn !== undefined).toBe(!whole);
      expect(c.problems).toEqual([]);
      expect(c.complete).toBe(cut >= bytes.length - 1);
      // every whole frame line before the cut is there
      const wholeFrameLines = bytes.subarray(0, whole ? cut : lastNewline).toString('utf8').split('\n').filter((l) => l.includes('"type":"frame"')).length;
      expect(got).toHaveLength(wholeFrameLines);
    }
  });

  it('a damaged line in the middle is reported with its number and skipped', () => {
    const { text, frames } = fullCapture();
    const lines = text.split('\n');
    const idx = lines.findIndex((l) => l.includes('"seq":3'));
    lines[idx] = lines[idx]!.slice(0, 20) + '#' + lines[idx]!.slice(21);
    const c = parseCapture(lines.join('\n'));
    expect(c.problems).toEqual([
      { line: idx + 1, message: 'not JSON; skipped' },
      { line: lines.length - 1, message: `the footer counts ${frames.length} frames, the file holds ${frames.length - 1}` },
    ]);
    expect(c.frames.map((f) => toHex(f.bytes))).toEqual([...frames.slice(0, 2), ...frames.slice(3)]);
  });

  it('frame lines with bad fields are skipped with a reason', () => {
    const { text } = fullCapture();
    const header = text.split('\n')[0]!;
    const bad = [
      { type: 'frame', seq: 1, at: 1, direction: 'sideways', layer: 'wrapper', hex: '00' },
      { type: 'frame', seq: 2, at: 1, direction: 'client->server', layer: 'smoke', hex: '00' },
      { type: 'frame', seq: 3, at: 1, direction: 'client->server', layer: 'hdlc', hex: '0G' },
      { type: 'frame', seq: 4, direction: 'client->server', layer: 'hdlc', hex: '00' },
      { type: 'mystery', at: 1 },
      { type: 'header' },
    ];
    const c = parseCapture([header, ...bad.map((b) => JSON.stringify(b))].join('\n') + '\n');
    expect(c.frames).toEqual([]);
    expect(c.problems.map((p) => p.message)).toEqual([
      'frame direction "sideways" is unknown; skipped',
      'frame layer "smoke" is unknown; skipped',
      'frame bytes are not hex; skipped',
      'frame without seq or time; skipped',
      'unknown line type "mystery"; skipped',
      'a second header; skipped',
    ]);
  });

  it('refuses what is not a capture', () => {
    const dir = mkdtempSync(join(tmpdir(), 'capture-'));
    const f = join(dir, 'x.jsonl');
    writeFileSync(f, '{"type":"frame"}\n');
    expect(() => readCapture(f)).toThrow(CaptureError);
    expect(() => parseCapture('')).toThrow(/no capture header/);
    expect(() => parseCapture('{"type":"header","format":"meterscope-capture","ver')).toThrow(/header was cut/);
    expect(() => parseCapture('hello\n')).toThrow(/line 1 is not JSON/);
    expect(() => parseCapture('{"type":"header","format":"meterscope-capture","version":99,"settings":{},"startedMs":1}\n')).toThrow(/version 99/);
    expect(() => readCapture(join(dir, 'missing.jsonl'))).toThrow(/cannot read the capture/);
  });

  it('a file written by a process killed mid-line reads up to the last whole line', () => {
    const { text, frames } = fullCapture();
    const file = tmp();
    const fd = openSync(file, 'w');
    const cutInside = text.indexOf('"seq":5');
    writeSync(fd, text.slice(0, cutInside));
    closeSync(fd);
    const c = readCapture(file);
    expect(c.torn).toBeDefined();
    expect(c.frames.map((f) => toHex(f.bytes))).toEqual(frames.slice(0, 4));
    expect(c.complete).toBe(false);
  });
});
