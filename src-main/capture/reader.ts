// Reading a capture file (format.ts) back. A capture may end anywhere: the process was killed, the
// machine lost power, the disk filled. So:
//   - a last line without its newline that does not parse is "torn": reported, not fatal;
//   - a last line without its newline that parses is whole (a JSON object ends with '}', so a
//     cut that still parses cut nothing but the newline);
//   - a missing footer means the session did not close cleanly (complete: false);
//   - a bad line in the middle (a disk error, a hand edit) is reported with its line number and
//     skipped; the frames around it are kept.
// Only a file that is not a capture at all (no header line first) is refused (CaptureError).

import { readFileSync } from 'node:fs';
import { fromHex } from '../../src-shared/hex';
import type { FrameDirection } from '../session/types';
import { CAPTURE_FORMAT, CAPTURE_LAYERS, CAPTURE_VERSION, type CaptureEvent, type CaptureFooter, type CaptureHeader, type CaptureLayer, FRAME_DIRECTIONS } from './format';

export class CaptureError extends Error {
  override readonly name = 'CaptureError';
}

/** A frame read back, with its bytes. */
export interface CapturedFrame {
  seq: number;
  at: number;
  direction: FrameDirection;
  layer: CaptureLayer;
  bytes: Uint8Array;
  /** 1-based line of the file. */
  line: number;
}

export interface CaptureProblem {
  line: number;
  message: string;
}

export interface Capture {
  header: CaptureHeader;
  frames: CapturedFrame[];
  /** State, association, warning and closed events, in order. */
  events: (CaptureEvent & { line: number })[];
  footer?: CaptureFooter;
  /** The footer is there: the session was closed cleanly and nothing is missing. */
  complete: boolean;
  /** The last line was cut mid-write. */
  torn?: { line: number; bytes: number };
  /** Lines that could not be read (skipped). */
  problems: CaptureProblem[];
}

export function readCapture(path: string): Capture {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CaptureError(`cannot read the capture ${path}: ${(e as Error).message}`);
  }
  return parseCapture(text, path);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Parses capture text (see readCapture). `name` only appears in error messages. */
export function parseCapture(text: string, name = 'capture'): Capture {
  const lines = text.split('\n');
  const endsWithNewline = text.endsWith('\n');
  if (endsWithNewline) lines.pop();
  let header: CaptureHeader | undefined;
  const out: Omit<Capture, 'header'> = { frames: [], events: [], complete: false, problems: [] };
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const lineNo = i + 1;
    const last = i === lines.length - 1 && !endsWithNewline;
    if (raw.trim() === '') continue;
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch {
      if (last) {
        out.torn = { line: lineNo, bytes: Buffer.byteLength(raw, 'utf8') };
        break;
      }
      if (!header) throw new CaptureError(`${name} is not a Meterscope capture: line 1 is not JSON`);
      out.problems.push({ line: lineNo, message: 'not JSON; skipped' });
      continue;
    }
    if (!header) {
      header = headerOf(v, name);
      continue;
    }
    const problem = take(v, lineNo, out);
    if (problem) out.problems.push({ line: lineNo, message: problem });
  }
  if (!header) throw new CaptureError(out.torn ? `${name} holds no whole line: the header was cut` : `${name} is empty: no capture header`);
  out.complete = out.footer !== undefined;
  return { header, ...out };
}

function headerOf(v: unknown, name: string): CaptureHeader {
  if (!isObject(v) || v.type !== 'header' || v.format !== CAPTURE_FORMAT) throw new CaptureError(`${name} is not a Meterscope capture (no "${CAPTURE_FORMAT}" header line)`);
  if (typeof v.version !== 'number' || v.version > CAPTURE_VERSION) throw new CaptureError(`${name} is capture format version ${String(v.version)}; this Meterscope reads up to ${CAPTURE_VERSION}`);
  if (!isObject(v.settings) || !isTime(v.startedMs)) throw new CaptureError(`${name}: the header has no settings or start time`);
  return v as unknown as CaptureHeader;
}

/** Adds one line's content to `out`; returns why it could not, if it could not. */
function take(v: unknown, line: number, out: Omit<Capture, 'header'>): string | undefined {
  if (!isObject(v)) return 'not an object; skipped';
  if (out.footer) return 'a line after the footer; skipped';
  switch (v.type) {
    case 'frame': {
      const { seq, at, direction, layer, hex } = v;
      if (typeof seq !== 'number' || !isTime(at)) return 'frame without seq or time; skipped';
      if (!FRAME_DIRECTIONS.includes(direction as FrameDirection)) return `frame direction ${JSON.stringify(direction)} is unknown; skipped`;
      if (!CAPTURE_LAYERS.includes(layer as CaptureLayer)) return `frame layer ${JSON.stringify(layer)} is unknown; skipped`;
      if (typeof hex !== 'string' || !/^([0-9A-Fa-f]{2})*$/.test(hex)) return 'frame bytes are not hex; skipped';
      out.frames.push({ seq, at, direction: direction as FrameDirection, layer: layer as CaptureLayer, bytes: fromHex(hex), line });
      return undefined;
    }
    case 'state':
    case 'associated':
    case 'warning':
    case 'closed':
      if (!isTime(v.at)) return `${v.type} event without time; skipped`;
      out.events.push({ ...(v as unknown as CaptureEvent), line });
      return undefined;
    case 'footer':
      if (!isTime(v.at) || typeof v.frames !== 'number') return 'footer without time or frame count; skipped';
      out.footer = v as unknown as CaptureFooter;
      if (v.frames !== out.frames.length) return `the footer counts ${v.frames} frames, the file holds ${out.frames.length}`;
      return undefined;
    case 'header':
      return 'a second header; skipped';
    default:
      return `unknown line type ${JSON.stringify(v.type)}; skipped`;
  }
}
