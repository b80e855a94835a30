// Field-by-field diff of two dissected frames: the seed's engineer compared his client's AARQ
// with the vendor tool's by hand for weeks; this lines the two field trees up and says which
// fields differ, which of those are settings (wPort, context, conformance, PDU size, ...) and
// which are expected to differ on every association (the HLS challenge, counters, tags, ...).
//
// Alignment: nodes pair up by label path from the root; among siblings with the same label the
// k-th of A pairs with the k-th of B (so repeated elements pair up in order). A decrypted subtree
// counts as a child of its ciphered envelope, labelled "(decrypted) <root label>".
//
// What is reported (the rule for containers, so nothing is said twice):
//   1. A node in one frame only is one 'only-in-a' / 'only-in-b' difference; its descendants are
//      not reported separately.
//   2. Two leaves (no children) differ when their bytes, value, meaning or problem differ.
//   3. A node whose only child is a leaf (a BER tag/length around a value, e.g.
//      calling-authentication-value around its charstring) is compared as a leaf.
//   4. Two containers without a child label in common (a different CHOICE alternative, e.g. a
//      glo-initiate-request vs a plain InitiateRequest; or one is a leaf, the other not) are one
//      'changed' difference: the container says it all, its children are not listed.
//   5. Otherwise the children are compared, and the container itself is reported only for bytes
//      of its own that no child covers: content after or between its children (e.g. the octets
//      of an A-XDR octet-string, whose children are just tag and length) always; a header before
//      the first child (BER tag and length) only when the two containers have the same size (a
//      differing header length is implied by the differing children).
//   Containers' values are summaries of their children ("AARQ LN, high-gmac, ..."), so a
//   container is never reported just because its summary differs.
//
// Classification and plain-language explanations are in diff-explain.ts. Sans-I/O.

import type { FieldDiff, FramePairDiff } from '../../../src-shared/diff';
import type { DissectedFrame, DissectKeys, DissectLayer, FieldNode } from '../../../src-shared/trace';
import { explain, type RawDiff, type Located } from './diff-explain';
import { HexInputError, parseHexInput, type HexInputOptions, type HexSubstitution } from './hex-input';
import { StreamDissector } from './index';
import { toHex } from '../../../src-shared/hex';

export type { FieldDiff, FramePairDiff } from '../../../src-shared/diff';

export interface DiffOptions {
  /** 'omit' leaves out the per-connection differences (default: report them). */
  perConnection?: 'report' | 'omit';
}

const SEP = ' / ';
const DECRYPTED_ID = '~d';

/** The differences between frame A and frame B, in tree order of A (fields only in B after their siblings). */
export function diffFrames(a: DissectedFrame, b: DissectedFrame, options: DiffOptions = {}): FieldDiff[] {
  const raw: RawDiff[] = [];
  const ra: Located = { node: a.tree, id: '0', space: '', root: a.tree };
  const rb: Located = { node: b.tree, id: '0', space: '', root: b.tree };
  if (a.tree.label !== b.tree.label) {
    raw.push({ path: 'frame', segments: [], kind: 'changed', a: ra, b: rb, shape: true });
  } else {
    compare(ra, rb, [a.tree.label], raw);
  }
  const out = raw.map((d) => explain(d, raw));
  return options.perConnection === 'omit' ? out.filter((d) => d.class === 'setting') : out;
}

function compare(a: Located, b: Located, segments: string[], out: RawDiff[]): void {
  const ca = childrenOf(a);
  const cb = childrenOf(b);
  const path = segments.join(SEP);
  if ((ca.length === 0 && cb.length === 0) || (isLeafWrapper(a, ca) && isLeafWrapper(b, cb) && ca[0]!.node.label === cb[0]!.node.label)) {
    if (leafDiffers(a.node, b.node)) out.push({ path, segments, kind: 'changed', a, b });
    return;
  }
  const keysA = new Set(ca.map((c) => keyOf(c)));
  const common = cb.some((c) => keysA.has(keyOf(c)));
  if (!common) {
    out.push({ path, segments, kind: 'changed', a, b, shape: true });
    return;
  }
  const ownA = ownBytes(a.node, ca);
  const ownB = ownBytes(b.node, cb);
  if (ownA.rest !== ownB.rest || (ownA.lead !== ownB.lead && a.node.length === b.node.length)) {
    out.push({ path, segments, kind: 'changed', a, b, own: true });
  }
  for (const pair of align(ca, cb)) {
    const seg = [...segments, pair.segment];
    if (pair.a && pair.b) compare(pair.a, pair.b, seg, out);
    else if (pair.a) out.push({ path: seg.join(SEP), segments: seg, kind: 'only-in-a', a: pair.a });
    else if (pair.b) out.push({ path: seg.join(SEP), segments: seg, kind: 'only-in-b', b: pair.b });
  }
}

/** Children with their ids; a decrypted subtree's root is a child in the plaintext's byte space. */
function childrenOf(l: Located): Located[] {
  const out: Located[] = (l.node.children ?? []).map((node, i) => ({ node, id: `${l.id}.${i}`, space: l.space, root: l.root, parent: l.node }));
  if (l.node.decrypted) {
    out.push({ node: l.node.decrypted.tree, id: `${l.id}${DECRYPTED_ID}.0`, space: l.id, root: l.root, parent: l.node, decrypted: true });
  }
  return out;
}

function keyOf(c: Located): string {
  return c.decrypted ? `(decrypted) ${c.node.label}` : c.node.label;
}

/** Rule 3: exactly one child, itself a leaf, and no decrypted subtree. */
function isLeafWrapper(l: Located, children: Located[]): boolean {
  const only = children[0];
  return children.length === 1 && only !== undefined && !only.decrypted && childrenOf(only).length === 0 && l.node.decrypted === undefined;
}

function leafDiffers(a: FieldNode, b: FieldNode): boolean {
  if (a.hex !== undefined && b.hex !== undefined && a.hex !== b.hex) return true;
  return a.value !== b.value || a.meaning !== b.meaning || a.problem !== b.problem;
}

interface Pair {
  segment: string;
  a?: Located;
  b?: Located;
}

/** Pairs children by label and occurrence; A's order first, then B's extra children. */
function align(ca: Located[], cb: Located[]): Pair[] {
  const count = (list: Located[]) => {
    const m = new Map<string, number>();
    for (const c of list) m.set(keyOf(c), (m.get(keyOf(c)) ?? 0) + 1);
    return m;
  };
  const nA = count(ca);
  const nB = count(cb);
  const segment = (key: string, k: number) => (Math.max(nA.get(key) ?? 0, nB.get(key) ?? 0) > 1 ? `${key}[${k}]` : key);
  const byKey = new Map<string, Pair[]>();
  const pairs: Pair[] = [];
  const seen = new Map<string, number>();
  for (const c of ca) {
    const key = keyOf(c);
    const k = seen.get(key) ?? 0;
    seen.set(key, k + 1);
    const p: Pair = { segment: segment(key, k), a: c };
    pairs.push(p);
    byKey.set(key, [...(byKey.get(key) ?? []), p]);
  }
  seen.clear();
  for (const c of cb) {
    const key = keyOf(c);
    const k = seen.get(key) ?? 0;
    seen.set(key, k + 1);
    const p = byKey.get(key)?.[k];
    if (p) p.b = c;
    else pairs.push({ segment: segment(key, k), b: c });
  }
  return pairs;
}

/**
 * The container's bytes no child covers, as hex: `lead` before the first child (a header),
 * `rest` after or between children (content). Empty strings when the node has no hex.
 */
function ownBytes(node: FieldNode, children: Located[]): { lead: string; rest: string } {
  const hex = node.hex ?? '';
  const own = children.filter((c) => !c.decrypted).map((c) => c.node).filter((c) => c.length > 0);
  own.sort((x, y) => x.start - y.start);
  const at = (offset: number) => Math.min(Math.max(offset - node.start, 0), node.length) * 2;
  const first = own[0];
  const lead = hex.slice(0, at(first ? first.start : node.start + node.length));
  let rest = '';
  let pos = first ? first.start : node.start + node.length;
  for (const c of own) {
    if (c.start > pos) rest += hex.slice(at(pos), at(c.start));
    pos = Math.max(pos, c.start + c.length);
  }
  rest += hex.slice(at(pos), at(node.start + node.length));
  return { lead, rest };
}

// ---------------------------------------------------------------------------------------------
// Two hex inputs

export interface DiffTextsOptions extends DiffOptions, HexInputOptions {
  layer?: DissectLayer;
  keys?: DissectKeys;
}

/** One input's frames and, per frame, the bytes its offsets index (uppercase hex). */
export interface DiffInput {
  frames: DissectedFrame[];
  hex: string[];
  /** What lenient reading replaced (OCR look-alikes), as the hex-input parser lists it. */
  substitutions: HexSubstitution[];
}

export interface TextsDiff {
  a: DiffInput;
  b: DiffInput;
  /** Frame n of A against frame n of B; a frame without a partner is one only-in difference. */
  pairs: FramePairDiff[];
}

/** Hex input A or B that is not hex; `side` says which, the message where. */
export class DiffInputError extends Error {
  override readonly name = 'DiffInputError';
  constructor(
    readonly side: 'a' | 'b',
    message: string,
    /** Character offset in that input's text. */
    readonly index: number,
  ) {
    super(message);
  }
}

/** Parses A and B with the hex-input parser, dissects each as one stream and diffs frame n with frame n. */
export function diffTexts(a: string, b: string, options: DiffTextsOptions = {}): TextsDiff {
  const ia = dissectText(a, 'a', options);
  const ib = dissectText(b, 'b', options);
  return { a: ia, b: ib, pairs: diffFrameLists(ia.frames, ib.frames, options) };
}

/** Frame n of A against frame n of B; a frame without a partner is one only-in difference of its root. */
export function diffFrameLists(a: readonly DissectedFrame[], b: readonly DissectedFrame[], options: DiffOptions = {}): FramePairDiff[] {
  const pairs: FramePairDiff[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const fa = a[i];
    const fb = b[i];
    if (fa && fb) pairs.push({ a: i, b: i, diffs: diffFrames(fa, fb, options) });
    else if (fa) pairs.push({ a: i, diffs: [explain({ path: fa.tree.label, segments: [fa.tree.label], kind: 'only-in-a', a: rootOf(fa) }, [])] });
    else if (fb) pairs.push({ b: i, diffs: [explain({ path: fb.tree.label, segments: [fb.tree.label], kind: 'only-in-b', b: rootOf(fb) }, [])] });
  }
  return pairs;
}

function rootOf(f: DissectedFrame): Located {
  return { node: f.tree, id: '0', space: '', root: f.tree };
}

function dissectText(text: string, side: 'a' | 'b', options: DiffTextsOptions): DiffInput {
  let parsed;
  try {
    parsed = parseHexInput(text, options.lenient ? { lenient: true } : {});
  } catch (e) {
    if (e instanceof HexInputError) throw new DiffInputError(side, `${side.toUpperCase()}: not hex: ${e.message}`, e.index);
    throw e;
  }
  const entries = parsed.frames.filter((f) => f.bytes.length > 0);
  if (entries.length === 0) throw new DiffInputError(side, `${side.toUpperCase()}: no hex found`, 0);
  // As translator.decode: one stream across the entries (segments and GBT runs join up); frames
  // of an entry index that entry's bytes, a reassembled frame its reassembled bytes.
  const stream = new StreamDissector({ ...(options.layer ? { layer: options.layer } : {}), ...(options.keys ? { keys: options.keys } : {}) });
  const frames: DissectedFrame[] = [];
  const hex: string[] = [];
  for (const e of entries) {
    const entryHex = toHex(e.bytes);
    for (const f of stream.push(e.bytes, e.direction ? { direction: e.direction } : {})) {
      frames.push(f);
      hex.push(f.reassembledHex ?? entryHex);
    }
  }
  stream.end();
  return { frames, hex, substitutions: parsed.substitutions };
}
