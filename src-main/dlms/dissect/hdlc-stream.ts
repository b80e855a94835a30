// HDLC (IEC 62056-46 / Green Book 8.4): a stream of frames, with or without flags.
//
// Segmentation (IEC 62056-46 6.4.4.4.3): a frame with the segmentation bit S set is followed, in
// the same direction of the same link (same source and destination addresses), by I-frames that
// continue its information field, up to and including the first one with S = 0. Only the first
// segment starts with the LLC header (8.4.1); a continuation segment is a piece of the message,
// not an APDU, and is shown as such. Frames of the other direction (RR acknowledgements) may come
// in between. When the last segment arrives, one extra frame dissects the joined message.
//
// A stream that starts in the middle of a segmented message shows a continuation (no LLC header)
// without its first segment: it is said to be so and the joined tail is not dissected.
//
// After a malformed frame the stream resynchronises on the next plausible frame start (7E A…, or
// a format field A…/A8… with a fitting length when the stream has no flags).

import type { Direction, DissectedFrame, FieldNode } from '../../../src-shared/trace';
import { toHex } from '../../../src-shared/hex';
import { decodeHdlcFrame, type HdlcFrame } from '../framing/hdlc/frame';
import type { HdlcAddress } from '../framing/hdlc/address';
import { formatControl } from '../framing/hdlc/control';
import { checkSequenceBytes, crc16x25 } from '../framing/hdlc/crc';
import { apduPart, asGbt, type Ctx, frameOf, frameRef } from './apdu-part';
import { isHdlcStart } from './detect';
import { feedGbtBlock } from './gbt-runs';
import { runDecoder, wrapRoots } from './run';
import { MAX_REASSEMBLY_BYTES, type PendingSegments, type ShownPiece } from './stream-state';

type Problem = { offset: number; message: string };

export function hdlcStream(input: Uint8Array, ctx: Ctx): DissectedFrame[] {
  const frames: DissectedFrame[] = [];
  const index = (): number => ctx.state.frameCount + frames.length;
  const flagged = input[0] === 0x7e;
  let pos = 0;
  while (pos < input.length) {
    // A trailing shared flag, or flags repeated between frames (inter-frame fill).
    if (input[pos] === 0x7e && (pos + 1 === input.length || input[pos + 1] === 0x7e)) {
      pos++;
      continue;
    }
    // A frame written without flags and without its FCS (the bytes the FCS is computed over): the
    // length field counts 2 more bytes than present. Dissect it with the FCS computed, then say so.
    let bytes = input;
    let fcsAbsent = false;
    if (input[pos] !== 0x7e && input.length - pos >= 2) {
      const len = ((input[pos]! & 0x07) << 8) | input[pos + 1]!;
      if (pos + len === input.length + 2 && len >= 7) {
        bytes = new Uint8Array(input.length + 2);
        bytes.set(input);
        bytes.set(checkSequenceBytes(crc16x25(input, pos, input.length)), input.length);
        fcsAbsent = true;
      }
    }
    const res = runDecoder(bytes, pos, bytes.length, (r) => decodeHdlcFrame(r, { checksums: 'report' }));
    const next = res.error || !res.value ? resyncPoint(input, pos + 1, input.length, flagged) : undefined;
    if (res.error || !res.value) {
      frames.push(malformedFrame(res.roots, pos, next ?? input.length, res.error ?? { offset: pos, message: 'not an HDLC frame' }, next !== undefined));
      if (next === undefined) break;
      pos = next;
      continue;
    }
    const f = res.value;
    const end = Math.min(res.end, input.length);
    if (fcsAbsent && res.roots[0]) markFcsAbsent(res.roots[0], input.length);
    const tree = wrapRoots('HDLC frame', res.roots, pos, end);
    const checksumProblem = checksumError(tree);
    // A bad checksum and no closing flag where the length field says the frame ends: bytes were
    // lost and the length ran into the next frame. Resume at a frame start inside it, if any.
    if (checksumProblem && f.flags.opening && !f.flags.closing && end < input.length) {
      const cut = resyncPoint(input, pos + 1, end, true);
      if (cut !== undefined) {
        const message = `${checksumProblem.message}, and a frame start (7E A…) at byte ${cut} lies inside the frame: bytes were lost`;
        frames.push(malformedFrame(res.roots, pos, cut, { offset: checksumProblem.offset, message }, true));
        pos = cut;
        continue;
      }
    }
    const frame = frameOf('hdlc', tree, `HDLC ${formatControl(f.control)}${f.segmented ? ' S' : ''}`);
    const info = tree.children?.find((c) => c.label === 'information');
    let error: Problem | undefined = checksumProblem;
    let after: (() => void) | undefined;
    if (info && (f.control.kind === 'I' || f.control.kind === 'UI')) {
      const got = information({ f, info, frame, bytes, ctx, index: index(), out: frames });
      frame.summary += got.text ? ` · ${got.text}` : '';
      error ??= got.error;
      after = got.after;
    } else {
      if (f.params) frame.summary += ` · ${f.params.parameters.length} link parameter(s)`;
      if (f.control.kind === 'SNRM' || f.control.kind === 'DISC' || f.control.kind === 'DM') linkReset(ctx, index());
    }
    if (error) {
      frame.malformedAt = error.offset;
      frame.problem = error.message;
    }
    frames.push(frame);
    after?.();
    pos = end;
  }
  return frames;
}

/** Where the next plausible frame starts in input[from, limit). */
function resyncPoint(input: Uint8Array, from: number, limit: number, flagged: boolean): number | undefined {
  for (let p = from; p < limit; p++) {
    if (flagged ? input[p] === 0x7e && p + 1 < input.length && (input[p + 1]! & 0xf0) === 0xa0 : isHdlcStart(input, p)) return p;
  }
  return undefined;
}

function malformedFrame(roots: FieldNode[], start: number, end: number, error: Problem, resumes: boolean): DissectedFrame {
  const tree = wrapRoots('HDLC frame', roots, start, end);
  if (tree.start + tree.length < end) tree.length = end - tree.start;
  const meaning = resumes
    ? `bytes ${start}..${end - 1} are not taken as a frame; the stream resumes at the next plausible frame start, byte ${end}`
    : 'no plausible frame start (7E A…) follows: the rest of the input is not taken as a frame';
  (tree.children ??= []).push({ label: 'resynchronisation', start: end, length: 0, meaning });
  return frameOf('hdlc', tree, 'malformed HDLC frame', error);
}

interface InfoInput {
  f: HdlcFrame;
  info: FieldNode;
  frame: DissectedFrame;
  bytes: Uint8Array;
  ctx: Ctx;
  /** 0-based index this frame gets in the whole output. */
  index: number;
  out: DissectedFrame[];
}

interface InfoResult {
  text: string;
  error?: Problem;
  /** Pushes the frames this one completes (reassembled message, GBT APDU), after it. */
  after?: () => void;
}

function linkKey(f: HdlcFrame): string {
  const a = (x: HdlcAddress): string => (x.lower === undefined ? `${x.upper}` : `${x.upper}/${x.lower}`);
  return `hdlc ${a(f.source)}>${a(f.destination)}`;
}

function directionOf(x: InfoInput, pending?: PendingSegments): Direction {
  const { f, ctx } = x;
  if (ctx.options.direction) return ctx.options.direction;
  if (f.llc) return f.llc === 'command' ? 'client->server' : 'server->client';
  return pending?.direction ?? 'unknown';
}

/** The information field of an I or UI frame: a whole APDU, or a segment of a message. */
function information(x: InfoInput): InfoResult {
  const st = x.ctx.state;
  const key = linkKey(x.f);
  const seenBefore = st.seen.has(key);
  st.seen.add(key);
  // I-frames continue an I-frame message, UI-frames a UI-frame one (a push between the segments
  // of a response is not one of them).
  const segKey = `${key} ${x.f.control.kind}`;
  const pending = st.hdlc.get(segKey);
  if (pending) return continuation(x, segKey, key, pending);
  if (x.f.segmented) return firstSegment(x, segKey, seenBefore);
  const direction = directionOf(x);
  const data = x.info.children?.find((c) => c.label === 'data');
  if (!data) return { text: '' };
  const p = apduPart(x.bytes, data.start, data.start + data.length, x.ctx, direction, 0, true);
  if (!x.f.llc && (p.error !== undefined || p.opaque)) {
    // No LLC header and no whole APDU: the shape of a last segment whose first segment is not in
    // the stream. Say that rather than report an APDU that never was one.
    const why = seenBefore ? 'its first segment(s) are missing from the stream' : 'the stream starts in the middle of a segmented message';
    const tried = p.opaque ? p.summary : `read as an APDU: ${p.error?.message ?? p.summary}`;
    x.info.children = [segmentNode(x.info, `no LLC header and not a whole APDU (${tried}): probably the last segment of a message whose start is not in the stream (${why}); not dissected`)];
    return { text: 'probably the last segment of a message whose start is not in the stream' };
  }
  data.children = p.roots;
  if (!p.opaque) data.label = 'APDU';
  const gbt = asGbt(p.apdu);
  const out: InfoResult = { text: p.summary };
  if (p.error) out.error = p.error;
  if (gbt) {
    const shown: ShownPiece = { index: x.index, frame: x.frame, node: data };
    out.after = () => pushDefined(x.out, feedGbtBlock(x.ctx, { key, seenBefore, block: gbt, shown, layer: 'hdlc', direction }));
  }
  return out;
}

function segmentNode(info: FieldNode, meaning: string): FieldNode {
  return { label: 'segment', start: info.start, length: info.length, value: `${info.length} byte(s)`, meaning };
}

function infoBytes(x: InfoInput): Uint8Array {
  return x.bytes.slice(x.info.start, x.info.start + x.info.length);
}

function firstSegment(x: InfoInput, key: string, seenBefore: boolean): InfoResult {
  const part = infoBytes(x);
  const pending: PendingSegments = {
    complete: x.f.llc !== undefined,
    parts: [part],
    shown: [],
    size: part.length,
    overflow: false,
    direction: directionOf(x),
    lastPart: part,
    seenBefore,
  };
  if (x.f.control.kind === 'I') pending.lastNs = x.f.control.ns;
  let node: FieldNode;
  let text: string;
  if (pending.complete) {
    node = x.info.children?.find((c) => c.label === 'data') ?? x.info;
    if (node !== x.info) node.label = 'segment';
    node.meaning = 'segment 1 of a segmented message (more follow)';
    text = 'segment 1';
  } else {
    pending.startMissing = seenBefore ? 'its first segment(s) are missing from the stream' : 'the stream starts in the middle of this segmented message';
    node = segmentNode(x.info, `continuation segment (no LLC header, so not a first segment) of a message whose start is not in the stream: ${pending.startMissing} (more follow)`);
    x.info.children = [node];
    text = 'continuation segment of a message whose start is not in the stream';
  }
  pending.shown.push({ index: x.index, frame: x.frame, node });
  x.ctx.state.hdlc.set(key, pending);
  return { text };
}

function continuation(x: InfoInput, segKey: string, key: string, pending: PendingSegments): InfoResult {
  const st = x.ctx.state;
  const part = infoBytes(x);
  const prev = pending.shown[pending.shown.length - 1]!;
  const k = pending.shown.length + 1;
  if (x.f.control.kind === 'I' && pending.lastNs === x.f.control.ns && sameBytes(part, pending.lastPart)) {
    x.info.children = [segmentNode(x.info, `retransmission of the segment in frame ${frameRef(prev.index)} (same N(S), same bytes): not joined again`)];
    return { text: `retransmitted segment of frame ${frameRef(prev.index)}` };
  }
  const last = !x.f.segmented;
  const whose = pending.complete ? `of the message started in frame ${frameRef(pending.shown[0]!.index)}` : 'of a message whose start is not in the stream';
  const node = segmentNode(x.info, `segment ${pending.complete ? k : `${k} seen here`} ${whose}${last ? ' (last)' : ' (more follow)'}`);
  x.info.children = [node];
  pending.shown.push({ index: x.index, frame: x.frame, node });
  pending.lastPart = part;
  if (x.f.control.kind === 'I') pending.lastNs = x.f.control.ns;
  else delete pending.lastNs;
  pending.size += part.length;
  if (pending.size > MAX_REASSEMBLY_BYTES) pending.overflow = true;
  if (!pending.overflow) pending.parts.push(part);
  const text = `segment ${k}${last ? ' (last)' : ''} · ${whose}`;
  if (!last) return { text };
  st.hdlc.delete(segKey);
  return { text, after: () => reassembled(x, key, pending) };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function pushDefined(out: DissectedFrame[], f: DissectedFrame | undefined): void {
  if (f) out.push(f);
}

/** The extra frame of a completed segmented message (and of the GBT run it may complete). */
function reassembled(x: InfoInput, key: string, pending: PendingSegments): void {
  const refs = pending.shown.map((s) => frameRef(s.index)).join(', ');
  const n = pending.shown.length;
  if (pending.overflow) {
    const tree: FieldNode = { label: 'reassembled information field', start: 0, length: 0, value: `${n} segments, ${pending.size} byte(s)`, meaning: `segments of frames ${refs}: more than ${MAX_REASSEMBLY_BYTES} bytes, not reassembled` };
    x.out.push(frameOf('hdlc', tree, `message of ${n} HDLC segments, ${pending.size} byte(s): too long, not reassembled`));
    return;
  }
  const joined = concat(pending.parts);
  const index = x.ctx.state.frameCount + x.out.length;
  if (!pending.complete) {
    const meaning = `HDLC segments of frames ${refs} joined; ${pending.startMissing ?? 'its start is not in the stream'}, so these bytes are the tail of a message and are not dissected`;
    const tail: FieldNode = { label: 'partial information field', start: 0, length: joined.length, value: `${joined.length} byte(s)`, meaning: 'tail of a message whose first segment is not in the stream' };
    const tree: FieldNode = { label: 'reassembled information field', start: 0, length: joined.length, value: `${n} segments, ${joined.length} byte(s)`, meaning, children: [tail] };
    const f = frameOf('hdlc', tree, `partial message from ${n} HDLC segments (its start is not in the stream) · not dissected`);
    f.reassembledHex = toHex(joined);
    x.out.push(f);
    return;
  }
  // The first segment of an I/UI frame starts with the LLC header.
  const llc = joined.length >= 3 && joined[0] === 0xe6 && joined[2] === 0x00 ? 3 : 0;
  const p = apduPart(joined, llc, joined.length, x.ctx, pending.direction);
  const apdu = wrapRoots('APDU', p.roots, llc, joined.length);
  const roots: FieldNode[] = llc ? [{ label: 'LLC header', start: 0, length: 3, value: toHex(joined.subarray(0, 3)) }, apdu] : [apdu];
  const tree: FieldNode = {
    label: 'reassembled information field',
    start: 0,
    length: joined.length,
    value: `${n} segments, ${joined.length} byte(s)`,
    meaning: `HDLC segments of frames ${refs} joined`,
    children: roots,
  };
  const f = frameOf('hdlc', tree, `reassembled from ${n} HDLC segments · ${p.summary}`, p.error);
  f.reassembledHex = toHex(joined);
  x.out.push(f);
  const gbt = asGbt(p.apdu);
  if (gbt) {
    const shown: ShownPiece = { index, frame: f, node: apdu };
    pushDefined(x.out, feedGbtBlock(x.ctx, { key, seenBefore: pending.seenBefore, block: gbt, shown, layer: 'hdlc', direction: pending.direction }));
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** SNRM, DISC or DM ends every message still waiting for segments. */
function linkReset(ctx: Ctx, index: number): void {
  for (const p of ctx.state.hdlc.values()) {
    ctx.state.amend(p.shown[p.shown.length - 1]!, `message incomplete: the link was reset in frame ${frameRef(index)} before its last segment`);
  }
  ctx.state.hdlc.clear();
}

/** At the end of the stream: says so on the last segment of every message still open. */
export function closeHdlcMessages(ctx: Ctx): void {
  for (const p of ctx.state.hdlc.values()) {
    ctx.state.amend(p.shown[p.shown.length - 1]!, 'message incomplete: the stream ends before its last segment');
  }
  ctx.state.hdlc.clear();
}

function markFcsAbsent(tree: FieldNode, inputLength: number): void {
  const fcs = tree.children?.find((c) => c.label === 'FCS');
  if (!fcs) return;
  fcs.length = 0;
  fcs.start = inputLength;
  fcs.meaning = `not in the input: the bytes end where the FCS would start (computed FCS ${fcs.value ?? ''})`;
  delete fcs.value;
  fcs.children = [];
  tree.length = Math.min(tree.length, inputLength - tree.start);
}

function checksumError(tree: FieldNode): Problem | undefined {
  for (const label of ['HCS', 'FCS']) {
    const n = tree.children?.find((c) => c.label === label);
    const bad = n?.children?.find((c) => c.label === 'bad checksum') ?? tree.children?.find((c) => c.label === 'bad checksum' && c.start === n?.start);
    if (n && bad?.problem) return { offset: n.start, message: bad.problem };
  }
  return undefined;
}
