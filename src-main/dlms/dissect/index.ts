// The dissector: bytes in, one DissectedFrame per frame out, each with a FieldNode tree covering
// its bytes (Wireshark's packet details), a one-line summary (the Info column) and, for a broken
// frame, the tree up to the failure plus a problem node at its offset. It never throws.
//
// Layers: an HDLC frame stream (7E A…, or frames without flags), a wrapper stream (00 01 …), a
// bare APDU, or bare A-XDR Data; auto-detected (detect.ts) unless options.layer says. Offsets in
// every tree index the input bytes (for a stream: the whole stream), except decrypted subtrees
// (their plaintext) and reassembled frames (DissectedFrame.reassembledHex).

import type { Direction, DissectedFrame, DissectLayer, DissectOptions, FieldNode } from '../../../src-shared/trace';
import { toHex } from '../../../src-shared/hex';
import { APDU_TAGS, decodeApdu, summarizeApdu } from '../apdu';
import { CIPHERED_TAGS } from '../security/envelope';
import { decodeData, formatData } from '../axdr/data';
import { decodeWrapperFrame, describeWPort } from '../framing/wrapper';
import { decodeHdlcFrame, type HdlcFrame } from '../framing/hdlc/frame';
import { formatControl } from '../framing/hdlc/control';
import { checkSequenceBytes, crc16x25 } from '../framing/hdlc/crc';
import { concatBlockData, type GeneralBlockTransfer } from '../xdlms/gbt';
import { candidates } from './detect';
import { decryptTree } from './decrypt';
import { explainQuirks } from './quirks';
import { runDecoder, wrapRoots } from './run';
import { fillHex } from './tree';

export { findNode, findAll, firstProblem } from './tree';

interface Ctx {
  options: DissectOptions;
}

/** Dissects `bytes` into frames. Never throws; a broken frame carries malformedAt/problem. */
export function dissect(bytes: Uint8Array, options: DissectOptions = {}): DissectedFrame[] {
  const ctx: Ctx = { options };
  let frames: DissectedFrame[];
  try {
    frames = options.layer ? dissectAs(bytes, options.layer, ctx) : autoDissect(bytes, ctx);
  } catch (e) {
    const problem = `dissector error: ${e instanceof Error ? e.message : String(e)}`;
    frames = [{ layer: options.layer ?? 'apdu', summary: problem, tree: { label: 'input', start: 0, length: bytes.length, problem }, malformedAt: 0, problem }];
  }
  if (frames.length === 0) {
    const problem = 'no bytes to dissect';
    frames = [{ layer: options.layer ?? 'apdu', summary: problem, tree: { label: 'input', start: 0, length: 0, problem }, malformedAt: 0, problem }];
  }
  for (const f of frames) fillHex(f.tree, f.reassembledHex !== undefined ? hexToBytes(f.reassembledHex) : bytes);
  return frames;
}

function autoDissect(bytes: Uint8Array, ctx: Ctx): DissectedFrame[] {
  const tried: { layer: DissectLayer; problem: string }[] = [];
  let strongFailure: DissectedFrame[] | undefined;
  for (const c of candidates(bytes)) {
    const frames = dissectAs(bytes, c.layer, ctx);
    const bad = frames.find((f) => f.malformedAt !== undefined);
    if (!bad) return frames;
    tried.push({ layer: c.layer, problem: `${bad.problem ?? 'malformed'} (byte ${bad.malformedAt})` });
    if (c.strong && !strongFailure) strongFailure = frames;
  }
  return strongFailure ?? [unrecognized(bytes, tried)];
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
      return [apduFrame(bytes, ctx)];
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

interface ApduPart {
  roots: FieldNode[];
  summary: string;
  error?: { offset: number; message: string };
  apdu?: ReturnType<typeof decodeApdu>;
  /** The bytes were not taken for an APDU (unknown first byte inside a frame). */
  opaque?: boolean;
}

/** Dissects bytes[start, end) as one APDU, decrypting ciphered envelopes when keys are given. */
function apduPart(bytes: Uint8Array, start: number, end: number, ctx: Ctx, direction: Direction, depth = 0, opaqueIfUnknown = false): ApduPart {
  // Inside a frame, an information field whose first byte is no APDU tag is shown as opaque data
  // (the frame itself is fine; Wireshark shows "Data"). A bare APDU with such a tag is malformed.
  const tag = bytes[start];
  if (opaqueIfUnknown && tag !== undefined && APDU_TAGS[tag] === undefined && CIPHERED_TAGS[tag] === undefined) {
    const meaning = `not recognised as an APDU: 0x${toHex(Uint8Array.of(tag))} is no APDU tag`;
    return { roots: [{ label: 'unrecognized information', start, length: end - start, meaning }], summary: meaning, opaque: true };
  }
  const res = runDecoder(bytes, start, end, (r) => decodeApdu(r));
  const out: ApduPart = { roots: res.roots, summary: '' };
  if (res.error) out.error = res.error;
  else if (res.end < end) {
    const message = `${end - res.end} byte(s) after the end of the APDU`;
    res.roots.push({ label: 'trailing bytes', start: res.end, length: end - res.end, problem: message });
    out.error = { offset: res.end, message };
  }
  if (res.value !== undefined) {
    out.apdu = res.value;
    out.summary = safeSummary(res.value);
  } else out.summary = `malformed APDU (tag 0x${toHex(bytes.subarray(start, start + 1))})`;
  if (out.error) explainQuirks(out.roots, bytes, start, end, out.error);
  const holder: FieldNode = { label: 'APDU', start, length: end - start, children: out.roots };
  try {
    decryptTree(holder, bytes, {
      ...(ctx.options.keys ? { keys: ctx.options.keys } : {}),
      direction,
      depth,
      dissectPlaintext: (plain, d) => {
        const p = apduPart(plain, 0, plain.length, ctx, direction, d);
        return wrapRoots('APDU', p.roots, 0, plain.length, { value: p.summary });
      },
    });
  } catch (e) {
    holder.children!.push({ label: 'decryption', start: end, length: 0, meaning: `not decrypted: ${e instanceof Error ? e.message : String(e)}` });
  }
  return out;
}

function safeSummary(a: ReturnType<typeof decodeApdu>): string {
  try {
    return summarizeApdu(a);
  } catch {
    return 'APDU';
  }
}

function apduFrame(bytes: Uint8Array, ctx: Ctx): DissectedFrame {
  const p = apduPart(bytes, 0, bytes.length, ctx, ctx.options.direction ?? 'unknown');
  return frameOf('apdu', wrapRoots('APDU', p.roots, 0, bytes.length), p.summary, p.error);
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

function frameOf(layer: DissectLayer, tree: FieldNode, summary: string, error?: { offset: number; message: string }): DissectedFrame {
  const f: DissectedFrame = { layer, summary, tree };
  if (error) {
    f.malformedAt = error.offset;
    f.problem = error.message;
  }
  return f;
}

// ---------------------------------------------------------------------------------------------
// wrapper (IEC 62056-47 / Green Book 10.3): a stream of WPDUs

function wrapperStream(bytes: Uint8Array, ctx: Ctx): DissectedFrame[] {
  const frames: DissectedFrame[] = [];
  const blocks: GbtBlock[] = [];
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
    const gbt = asGbt(p.apdu);
    if (gbt) blocks.push({ frame: frames.length, block: gbt });
    const apduNode = tree.children?.find((c) => c.label === 'APDU');
    if (apduNode) apduNode.children = p.roots;
    const summary = `wrapper ${describePort(h.sourceWPort)}->${describePort(h.destinationWPort)} · ${p.summary}`;
    frames.push(frameOf('wrapper', tree, summary, p.error));
    pos = end;
  }
  addGbtReassembly(frames, blocks, ctx, direction);
  return frames;
}

function describePort(p: number): string {
  return describeWPort(p).split(' ')[0]!;
}

// ---------------------------------------------------------------------------------------------
// HDLC (IEC 62056-46 / Green Book 8.4): a stream of frames, with or without flags

function hdlcStream(input: Uint8Array, ctx: Ctx): DissectedFrame[] {
  const frames: DissectedFrame[] = [];
  const segments: { start: number; end: number; frame: number }[] = [];
  const blocks: GbtBlock[] = [];
  let lastDirection: Direction = ctx.options.direction ?? 'unknown';
  let pos = 0;
  while (pos < input.length) {
    if (input[pos] === 0x7e && pos + 1 === input.length) break; // a trailing shared flag
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
    const end = res.error ? input.length : Math.min(res.end, input.length);
    if (fcsAbsent && res.roots[0]) markFcsAbsent(res.roots[0], input.length);
    const tree = wrapRoots('HDLC frame', res.roots, pos, end);
    if (res.error || !res.value) {
      frames.push(frameOf('hdlc', tree, 'malformed HDLC frame', res.error));
      break;
    }
    const f = res.value;
    const direction: Direction = ctx.options.direction ?? (f.llc === 'command' ? 'client->server' : f.llc === 'response' ? 'server->client' : 'unknown');
    if (direction !== 'unknown') lastDirection = direction;
    const checksumProblem = checksumError(tree);
    let summary = `HDLC ${formatControl(f.control)}${f.segmented ? ' S' : ''}`;
    let error = checksumProblem;
    const data = tree.children?.find((c) => c.label === 'information')?.children?.find((c) => c.label === 'data');
    if (data && (f.segmented || segments.length > 0)) {
      segments.push({ start: data.start, end: data.start + data.length, frame: frames.length });
      data.label = 'segment';
      data.meaning = `segment ${segments.length} of a segmented information field${f.segmented ? ' (more follow)' : ' (last)'}`;
      summary += ` · segment ${segments.length}${f.segmented ? '' : ' (last)'}`;
    } else if (data && (f.control.kind === 'I' || f.control.kind === 'UI')) {
      const p = apduPart(bytes, data.start, data.start + data.length, ctx, direction, 0, true);
      data.children = p.roots;
      if (!p.opaque) data.label = 'APDU';
      const gbt = asGbt(p.apdu);
      if (gbt) blocks.push({ frame: frames.length, block: gbt });
      summary += ` · ${p.summary}`;
      error ??= p.error;
    } else summary += linkSummary(f);
    frames.push(frameOf('hdlc', tree, summary, error));
    pos = end;
    if (segments.length > 0 && !f.segmented) {
      frames.push(reassembledFrame(input, segments.splice(0), ctx, direction));
    }
  }
  addGbtReassembly(frames, blocks, ctx, lastDirection);
  return frames;
}

function linkSummary(f: HdlcFrame): string {
  return f.params ? ` · ${f.params.parameters.length} link parameter(s)` : '';
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

function checksumError(tree: FieldNode): { offset: number; message: string } | undefined {
  for (const label of ['HCS', 'FCS']) {
    const n = tree.children?.find((c) => c.label === label);
    const bad = n?.children?.find((c) => c.label === 'bad checksum') ?? tree.children?.find((c) => c.label === 'bad checksum' && c.start === n?.start);
    if (n && bad?.problem) return { offset: n.start, message: bad.problem };
  }
  return undefined;
}

function reassembledFrame(input: Uint8Array, segs: { start: number; end: number; frame: number }[], ctx: Ctx, direction: Direction): DissectedFrame {
  const parts = segs.map((s) => input.subarray(s.start, s.end));
  const total = parts.reduce((n, p) => n + p.length, 0);
  const joined = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    joined.set(p, at);
    at += p.length;
  }
  // The first segment of an I/UI frame starts with the LLC header.
  const llc = joined.length >= 3 && joined[0] === 0xe6 && joined[2] === 0x00 ? 3 : 0;
  const p = apduPart(joined, llc, joined.length, ctx, direction);
  const roots: FieldNode[] = llc ? [{ label: 'LLC header', start: 0, length: 3, value: toHex(joined.subarray(0, 3)) }, ...p.roots] : p.roots;
  const tree: FieldNode = {
    label: 'reassembled information field',
    start: 0,
    length: joined.length,
    value: `${segs.length} segments, ${joined.length} byte(s)`,
    meaning: `HDLC segments of frames ${segs.map((s) => `#${s.frame + 1}`).join(', ')} joined`,
    children: roots,
  };
  const f = frameOf('hdlc', tree, `reassembled from ${segs.length} HDLC segments · ${p.summary}`, p.error);
  f.reassembledHex = toHex(joined);
  return f;
}

interface GbtBlock {
  frame: number;
  block: GeneralBlockTransfer;
}

function asGbt(a: unknown): GeneralBlockTransfer | undefined {
  return (a as { type?: unknown } | undefined)?.type === 'general-block-transfer' ? (a as GeneralBlockTransfer) : undefined;
}

/**
 * General block transfer (Green Book 9.4.6.13): when the stream holds a run of blocks ending with
 * last-block, one extra frame dissects their joined block-data (Green Book: the APDU "split into
 * blocks" is the concatenation, in block-number order).
 */
function addGbtReassembly(frames: DissectedFrame[], blocks: GbtBlock[], ctx: Ctx, direction: Direction): void {
  let run: GbtBlock[] = [];
  for (const b of blocks) {
    if (run.length > 0 && b.block.blockNumber !== run[run.length - 1]!.block.blockNumber + 1) run = [];
    run.push(b);
    if (!b.block.lastBlock) continue;
    // Only a run from block 1 is a whole APDU (block numbers start at 1, Green Book 9.4.6.13);
    // a stream that begins mid-transfer leaves its blocks as they are.
    const result = run[0]!.block.blockNumber === 1 ? concatBlockData(run.map((x) => x.block)) : undefined;
    if (result?.ok) {
      const joined = result.apdu;
      const p = apduPart(joined, 0, joined.length, ctx, direction);
      const tree = wrapRoots('APDU', p.roots, 0, joined.length);
      const wrapper: FieldNode = {
        label: 'reassembled general-block-transfer',
        start: 0,
        length: joined.length,
        value: `blocks ${run[0]!.block.blockNumber}..${b.block.blockNumber}, ${joined.length} byte(s)`,
        meaning: `block-data of frames ${run.map((x) => `#${x.frame + 1}`).join(', ')} joined`,
        children: [tree],
      };
      const f = frameOf(frames[b.frame]?.layer ?? 'apdu', wrapper, `reassembled from ${run.length} GBT blocks · ${p.summary}`, p.error);
      f.reassembledHex = toHex(joined);
      frames.push(f);
    }
    run = [];
  }
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}
