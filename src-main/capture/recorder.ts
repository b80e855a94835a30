// SessionRecorder: writes a Session's events to a capture file (format.ts) as they happen.
//
// Crash safety: the file is opened for appending and each line goes out with one writeSync of the
// whole line, so after any kill the file holds every event up to the last one (at worst the last
// line torn, which readCapture reports). A write is in the OS's hands once writeSync returns; an
// fsync (which costs a disk flush) only guards against the OS itself going down, so it is done
// once per `syncEveryFrames` frames or `syncIntervalMs` after the first unsynced line, whichever
// comes first, and at close — never per frame: a block-transfer read of a load profile is
// thousands of frames and the whole process pays for every flush.

import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DeviceSettings } from '../../src-shared/settings';
import { toHex } from '../../src-shared/hex';
import type { SessionEvent } from '../session/types';
import { assertNever } from '../dlms/errors';
import { CAPTURE_FORMAT, CAPTURE_VERSION, type CaptureHeader, type CaptureLine } from './format';
import { redactSettings } from './redact';
import { toolName } from './tool';

export interface RecorderOptions {
  /** "meterscope 0.1.0" by default. */
  tool?: string;
  /** Time source (ms since the epoch) for the header and footer. Frame times come from the events. */
  now?: () => number;
  /** fsync after this many frames since the last fsync (default 64). */
  syncEveryFrames?: number;
  /** fsync at most this long after the first unsynced line (default 200 ms). */
  syncIntervalMs?: number;
  /** Context for the header, e.g. { command: 'read' }. */
  meta?: Record<string, unknown>;
}

/** What the recorder needs of a session: its event subscription. */
export interface EventSource {
  on(listener: (e: SessionEvent) => void): () => void;
}

export class SessionRecorder {
  private fd: number | undefined;
  private frames_ = 0;
  private unsyncedFrames = 0;
  private syncTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly now: () => number;
  private readonly syncEvery: number;
  private readonly syncMs: number;
  private syncs_ = 0;

  private constructor(
    readonly path: string,
    fd: number,
    opts: RecorderOptions,
  ) {
    this.fd = fd;
    this.now = opts.now ?? Date.now;
    this.syncEvery = Math.max(1, opts.syncEveryFrames ?? 64);
    this.syncMs = Math.max(0, opts.syncIntervalMs ?? 200);
  }

  /**
   * Creates the capture file and writes the header. Throws the fs error (EEXIST for a file that is
   * already there, EACCES, ...) so the caller can refuse to run unrecorded.
   */
  static open(path: string, settings: DeviceSettings, opts: RecorderOptions = {}): SessionRecorder {
    mkdirSync(dirname(path), { recursive: true });
    // 'ax': append-only, and never onto an existing file (a capture is evidence: never mixed, never clobbered).
    const fd = openSync(path, 'ax', 0o600);
    const rec = new SessionRecorder(path, fd, opts);
    const startedMs = rec.now();
    const header: CaptureHeader = {
      type: 'header',
      format: CAPTURE_FORMAT,
      version: CAPTURE_VERSION,
      tool: opts.tool ?? toolName(),
      started: new Date(startedMs).toISOString(),
      startedMs,
      settings: redactSettings(settings),
      ...(opts.meta ? { meta: opts.meta } : {}),
    };
    rec.write(header);
    rec.sync();
    return rec;
  }

  /** Frames written so far. */
  get frames(): number {
    return this.frames_;
  }

  /** fsyncs done so far (for tests and the bench). */
  get syncs(): number {
    return this.syncs_;
  }

  get isOpen(): boolean {
    return this.fd !== undefined;
  }

  /** Records every event of `source` until the returned function is called (or close()). */
  attach(source: EventSource): () => void {
    return source.on((e) => this.record(e));
  }

  /** Writes one session event. Ignored after close(). */
  record(e: SessionEvent): void {
    if (this.fd === undefined) return;
    switch (e.kind) {
      case 'frame':
        this.frames_++;
        this.write({ type: 'frame', seq: this.frames_, at: e.at, direction: e.direction, layer: e.layer, hex: toHex(e.bytes) });
        this.unsyncedFrames++;
        if (this.unsyncedFrames >= this.syncEvery) this.sync();
        else this.scheduleSync();
        break;
      case 'state':
        this.write({ type: 'state', at: this.now(), state: e.state });
        this.scheduleSync();
        break;
      case 'associated':
        this.write({ type: 'associated', at: this.now(), info: JSON.parse(JSON.stringify(e.info, (_k, v: unknown) => (v instanceof Uint8Array ? toHex(v) : v))) as Record<string, unknown> });
        this.scheduleSync();
        break;
      case 'warning':
        this.write({ type: 'warning', at: this.now(), message: e.message });
        this.scheduleSync();
        break;
      case 'closed':
        // The end of a connection is worth a flush now: it is where a dropped session stops.
        this.write({ type: 'closed', at: this.now(), reason: e.reason });
        this.sync();
        break;
      case 'progress':
      case 'notification':
        break; // progress is derivable from the frames; a push is in its frame already
      default:
        assertNever(e, 'session event');
    }
  }

  /** Writes the footer, fsyncs and closes the file. Idempotent. */
  close(reason?: string): void {
    if (this.fd === undefined) return;
    const at = this.now();
    this.write({ type: 'footer', at, ended: new Date(at).toISOString(), frames: this.frames_, ...(reason !== undefined ? { reason } : {}) });
    this.sync();
    clearTimeout(this.syncTimer);
    closeSync(this.fd);
    this.fd = undefined;
  }

  /** One line, one write: the line is whole on disk or (after a crash mid-write) torn at the end. */
  private write(line: CaptureLine): void {
    if (this.fd === undefined) return;
    const bytes = Buffer.from(`${JSON.stringify(line)}\n`, 'utf8');
    let off = 0;
    while (off < bytes.length) off += writeSync(this.fd, bytes, off, bytes.length - off);
  }

  private sync(): void {
    clearTimeout(this.syncTimer);
    this.syncTimer = undefined;
    this.unsyncedFrames = 0;
    if (this.fd === undefined) return;
    fsyncSync(this.fd);
    this.syncs_++;
  }

  private scheduleSync(): void {
    if (this.syncTimer !== undefined) return;
    this.syncTimer = setTimeout(() => this.sync(), this.syncMs);
    // A pending fsync must not keep a finished CLI process alive.
    this.syncTimer.unref?.();
  }
}
