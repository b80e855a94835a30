// The session capture file: JSON Lines, one event per line, append-only, so a crash, a kill or a
// dropped connection leaves every line written so far readable ("a dropped connection leaves the
// captured session intact on disk"). Lines, in order:
//
//   {"type":"header","format":"meterscope-capture","version":1,"tool":"meterscope 0.1.0",
//    "started":"2025-01-01T10:00:00.000Z","startedMs":1735725600000,"settings":{...},"meta":{...}}
//   {"type":"frame","seq":1,"at":1735725600012,"direction":"client->server","layer":"wrapper","hex":"0001..."}
//   {"type":"state","at":...,"state":"associating"}
//   {"type":"associated","at":...,"info":{...}}          the AARE's outcome (no secrets in it)
//   {"type":"warning","at":...,"message":"..."}
//   {"type":"closed","at":...,"reason":"connection lost: ..."}
//   {"type":"footer","at":...,"ended":"...","frames":42,"reason":"..."}   only on a clean close
//
// Settings are recorded WITHOUT secrets: keys, passwords and signing keys become a fingerprint
// ("sha256:" + the first 8 bytes of SHA-256 in hex, as the invocation-counter ledger names keys),
// so a capture can be shared and still tells which key was used.

import type { FrameDirection, SessionState } from '../session/types';

export const CAPTURE_FORMAT = 'meterscope-capture';
export const CAPTURE_VERSION = 1;

/** The link layer a frame was seen on ('iec62056-21': the mode E sign-on messages). */
export type CaptureLayer = 'wrapper' | 'hdlc' | 'iec62056-21';
export const CAPTURE_LAYERS: readonly CaptureLayer[] = ['wrapper', 'hdlc', 'iec62056-21'];
export const FRAME_DIRECTIONS: readonly FrameDirection[] = ['client->server', 'server->client'];

export interface CaptureHeader {
  type: 'header';
  format: typeof CAPTURE_FORMAT;
  version: number;
  /** "meterscope 0.1.0" */
  tool: string;
  /** ISO 8601 start time and the same in ms since the epoch. */
  started: string;
  startedMs: number;
  /** The session's DeviceSettings with every secret replaced by its fingerprint. */
  settings: Record<string, unknown>;
  /** Free-form context, e.g. {"command":"read"}. */
  meta?: Record<string, unknown>;
}

export interface CaptureFrame {
  type: 'frame';
  /** 1-based, in the order the session saw the frames. */
  seq: number;
  /** ms since the epoch. */
  at: number;
  direction: FrameDirection;
  layer: CaptureLayer;
  /** The frame's bytes as uppercase hex (a WPDU, an HDLC frame with its flags, or a sign-on message). */
  hex: string;
}

export type CaptureEvent =
  | { type: 'state'; at: number; state: SessionState }
  | { type: 'associated'; at: number; info: Record<string, unknown> }
  | { type: 'warning'; at: number; message: string }
  | { type: 'closed'; at: number; reason: string };

export interface CaptureFooter {
  type: 'footer';
  at: number;
  ended: string;
  frames: number;
  reason?: string;
}

export type CaptureLine = CaptureHeader | CaptureFrame | CaptureEvent | CaptureFooter;
