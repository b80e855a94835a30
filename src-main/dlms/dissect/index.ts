// The dissector: bytes in, one DissectedFrame per frame out, each with a FieldNode tree covering
// its bytes (Wireshark's packet details), a one-line summary (the Info column) and, for a broken
// frame, the tree up to the failure plus a problem node at its offset. It never throws.
//
// Layers: an HDLC frame stream (7E A…, or frames without flags), a wrapper stream (00 01 …), a
// bare APDU, or bare A-XDR Data; auto-detected (detect.ts) unless options.layer says. Offsets in
// every tree index the input bytes (for a stream: the whole stream), except decrypted subtrees
// (their plaintext) and reassembled frames (DissectedFrame.reassembledHex).
//
// A stream may come in pieces (a log has one frame per line): StreamDissector / dissectEntries
// carry HDLC segmentation and GBT runs from one piece to the next, and number frames across
// the whole output ("segment 3 of the message started in frame #6").

import type { Direction, DissectedFrame, DissectLayer, DissectOptions, FieldNode } from '../../../src-shared/trace';
import { decodeData, formatData } from '../axdr/data';
import { decodeWrapperFrame, describeWPort } from '../framing/wrapper';
import { apduPart, asGbt, clip, type Ctx, frameOf } from './apdu-part';
import { candidates } from './detect';
import { closeGbtRuns, feedGbtBlock } from './gbt-runs';
import { closeHdlcMessages, hdlcStream } from './hdlc-stream';
import { runDecoder, wrapRoots } from './run';
import { StreamState } from './stream-state';
import { fillHex } from './tree';

export { findNode, findAll, firstProblem } from './tree';

/** One piece of a stream: one entry of a log, with its direction when the log says it. */
export interface StreamEntry {
  bytes: Uint8Array;
  direction?: Direction;
}

/** Dissects `bytes` into frames. Never throws; a broken frame carries malformedAt/problem. */
export function dissect(bytes: Uint8Array, options: DissectOptions = {}): DissectedFrame[] {
  const s = new StreamDissector(options);
  const frames = s.push(bytes);
  s.end();
  return frames;
}

/**
 * Dissects the entries of one stream in order (e.g. the TX/RX lines of a log): a segmented HDLC
 * message or a GBT run spread over several entries is followed across them and reassembled.
 * An entry's direction wins over options.direction.
 */
export function dissectEntries(entries: readonly StreamEntry[], options: DissectOptions = {}): DissectedFrame[] {
  const s = new StreamDissector(options);
  const out: DissectedFrame[] = [];
  for (const e of entries) out.push(...s.push(e.bytes, e.direction ? { direction: e.direction } : {}));
  s.end();
  return out;
}

/** Dissects a stream piece by piece, keeping what one piece leaves open for the next. */
export class StreamDissector {
  private state = new StreamState();

  constructor(private readonly options: DissectOptions = {}) {}

  /** The frames of one more piece (plus any frame it completes by reassembly). Never throws. */
  push(bytes: Uint8Array, piece: { direction?: Direction } = {}): DissectedFrame[] {
    const options = piece.direction ? { ...this.options, direction: piece.direction } : this.options;
    let frames: DissectedFrame[];
    try {
      const trial = options.layer ? tryLayer(bytes, options.layer, options, this.state) : autoDissect(bytes, options, this.state);
      frames = trial.frames;
      this.state = trial.state;
    } catch (e) {
      const problem = `dissector error: ${e instanceof Error ? e.message : String(e)}`;
      frames = [{ layer: options.layer ?? 'apdu', summary: problem, tree: { label: 'input', start: 0, length: bytes.length, problem }, malformedAt: 0, problem }];
    }
    if (frames.length === 0) {
      const problem = 'no bytes to dissect';
      frames = [{ layer: options.layer ?? 'apdu', summary: problem, tree: { label: 'input', start: 0, length: 0, problem }, malformedAt: 0, problem }];
    }
    this.state.frameCount += frames.length;
    this.state.flush();
    for (const f of frames) fillHex(f.tree, f.reassembledHex !== undefined ? hexToBytes(f.reassembledHex) : bytes);
    return frames;
  }

  /**
   * Counts `n` frames the caller shows in the same numbered list without dissecting them (e.g. the
   * IEC 62056-21 sign-on messages before mode E's HDLC), so that references to earlier frames
   * ("the message started in frame #6") keep the caller's numbering.
   */
  countForeign(n: number): void {
    this.state.frameCount += n;
  }

  /**
   * The stream is over: a segmented message or GBT run still waiting for its last piece is said
   * to be incomplete (on the frames already returned).
   */
  end(): void {
    const ctx: Ctx = { options: this.options, state: this.state };
    closeHdlcMessages(ctx);
    closeGbtRuns(ctx);
    this.state.flush();
  }
}

interface Trial {
  frames: DissectedFrame[];
  state: StreamState;
}

function tryLayer(bytes: Uint8Array, layer: DissectLayer, options: DissectOptions, state: StreamState): Trial {
  const trial = state.clone();
  return { frames: dissectAs(bytes, layer, { options, state: trial }), state: trial };
}

function autoDissect(bytes: Uint8Array, options: DissectOptions, state: StreamState): Trial {
  const tried: { layer: DissectLayer; problem: string }[] = [];
  let strongFailure: Trial | undefined;
  for (const c of candidates(bytes)) {
    const t = tryLayer(bytes, c.layer, options, state);
    const bad = t.frames.find((f) => f.malformedAt !== undefined);
    if (!bad) return t;
    tried.push({ layer: c.layer, problem: `${bad.problem ?? 'malformed'} (byte ${bad.malformedAt})` });
    if (c.strong && !strongFailure) strongFailure = t;
  }
  return strongFailure ?? { frames: [unrecognized(bytes, tried)], state };
}

function unrecognized(bytes: Uint8Array, tried: { layer: DissectLayer; problem: string }[]): DissectedFrame {
  const what = 'not an HDLC frame, wrapper frame, APDU or A-XDR Data';
  const tree: FieldNode = {
    label: 'unrecognized bytes',
    start: 0,
    length: bytes.length,
    value: `${bytes.length} byte(s)`,
    meaning: what,
    children: tried.map((t) => ({ label: `as ${t.layer}`, start: 0, length: 0, meaning: t.problem })),
  };
  return { layer: tried[0]?.layer ?? 'apdu', summary: `unrecognized ${bytes.length} byte(s): ${what}`, tree, unrecognized: true };
}

function dissectAs(bytes: Uint8Array, layer: DissectLayer, ctx: Ctx): DissectedFrame[] {
  switch (layer) {
    case 'apdu':
      return apduFrames(bytes, ctx);
    case 'axdr':
      return [axdrFrame(bytes)];
    case 'wrapper':
      return wrapperStream(bytes, ctx);
    case 'hdlc':
      return hdlcStream(bytes, ctx);
  }
}

// ---------------------------------------------------------------------------------------------
// APDU and A-XDR

/** A bare APDU; a GBT block is followed per direction like the blocks of a frame stream. */
function apduFrames(bytes: Uint8Array, ctx: Ctx): DissectedFrame[] {
  const direction = ctx.options.direction ?? 'unknown';
  const p = apduPart(bytes, 0, bytes.length, ctx, direction);
  const tree = wrapRoots('APDU', p.roots, 0, bytes.length);
  const frame = frameOf('apdu', tree, p.summary, p.error);
  const out = [frame];
  const gbt = asGbt(p.apdu);
  if (gbt) {
    const key = `apdu ${direction}`;
    const seenBefore = ctx.state.seen.has(key);
    const shown = { index: ctx.state.frameCount, frame, node: tree };
    const joined = feedGbtBlock(ctx, { key, seenBefore, block: gbt, shown, layer: 'apdu', direction });
    if (joined) out.push(joined);
  }
  if (p.apdu !== undefined) ctx.state.seen.add(`apdu ${direction}`);
  return out;
}

function axdrFrame(bytes: Uint8Array): DissectedFrame {
  const res = runDecoder(bytes, 0, bytes.length, (r) => decodeData(r));
  let error = res.error;
  if (!error && res.end < bytes.length) {
    const message = `${bytes.length - res.end} byte(s) after the end of the Data`;
    res.roots.push({ label: 'trailing bytes', start: res.end, length: bytes.length - res.end, problem: message });
    error = { offset: res.end, message };
  }
  const summary = res.value !== undefined ? clip(`Data ${formatData(res.value)}`, 120) : 'malformed A-XDR Data';
  return frameOf('axdr', wrapRoots('Data', res.roots, 0, bytes.length), summary, error);
}

// ---------------------------------------------------------------------------------------------
// wrapper (IEC 62056-47 / Green Book 10.3): a stream of WPDUs

function wrapperStream(bytes: Uint8Array, ctx: Ctx): DissectedFrame[] {
  const frames: DissectedFrame[] = [];
  const direction = ctx.options.direction ?? 'unknown';
  let pos = 0;
  while (pos < bytes.length) {
    const res = runDecoder(bytes, pos, bytes.length, (r) => decodeWrapperFrame(r));
    const end = res.error ? bytes.length : res.end;
    const tree = wrapRoots('wrapper', res.roots, pos, end);
    if (res.error || !res.value) {
      frames.push(frameOf('wrapper', tree, 'malformed wrapper frame', res.error));
      break;
    }
    const h = res.value.header;
    const apduStart = end - h.length;
    const p = apduPart(bytes, apduStart, end, ctx, direction, 0, true);
    const apduNode = tree.children?.find((c) => c.label === 'APDU');
    if (apduNode) apduNode.children = p.roots;
    const summary = `wrapper ${describePort(h.sourceWPort)}->${describePort(h.destinationWPort)} · ${p.summary}`;
    const frame = frameOf('wrapper', tree, summary, p.error);
    const index = ctx.state.frameCount + frames.length;
    frames.push(frame);
    // The wPort pair tells the two directions of one association apart.
    const key = `wrapper ${h.sourceWPort}>${h.destinationWPort}`;
    const seenBefore = ctx.state.seen.has(key);
    ctx.state.seen.add(key);
    const gbt = asGbt(p.apdu);
    if (gbt) {
      const joined = feedGbtBlock(ctx, { key, seenBefore, block: gbt, shown: { index, frame, node: apduNode ?? tree }, layer: 'wrapper', direction });
      if (joined) frames.push(joined);
    }
    pos = end;
  }
  return frames;
}

function describePort(p: number): string {
  return describeWPort(p).split(' ')[0]!;
}

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}
