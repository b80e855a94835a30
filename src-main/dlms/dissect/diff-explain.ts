// Classifies each field difference found by diff.ts and says it in plain words.
//
// 'per-connection' (expected to differ on every association or frame, so not a setting to fix):
//   - the HLS challenges (calling-/responding-authentication-value under a mechanism >= 2) when
//     both have the same length. Two challenges of DIFFERENT lengths are a 'setting' difference:
//     the octets are random per association, but how many the client sends is its configuration
//     (Gurux's CtoSChallenge, 8 to 64 octets in the Green Book), the same on every association,
//     and a meter may refuse a length it does not expect, so the engineer must see it;
//   - an LLS password (mechanism 1) is a setting;
//   - invocation-counter, authentication-tag, HCS, FCS;
//   - ciphered-content when the security control says encrypted (an authenticated-only APDU is
//     plaintext, so its content is a setting);
//   - HDLC control fields that differ only in N(S)/N(R); invoke-ids that differ only in the id
//     bits (not priority or service class); block numbers of block transfer and GBT;
//   - length fields (wrapper/A-XDR/ciphering 'length', HDLC frame-format length, HDLC parameter
//     lengths) when another difference changes a size, so the length only follows from it.
//     A length that differs with nothing else changing size is reported as a 'setting'.
// Everything else is 'setting'. A field inside a per-connection field inherits its class.

import type { FieldDiff, FieldDiffClass, FieldDiffSide } from '../../../src-shared/diff';
import type { FieldNode } from '../../../src-shared/trace';
import { CONFORMANCE_BITS } from '../../../src-shared/cosem/conformance';
import { findNode } from './tree';

/** A node of one frame's tree with its renderer id and byte space. */
export interface Located {
  node: FieldNode;
  id: string;
  /** '' for the frame's bytes, else the id of the envelope whose plaintext the offsets index. */
  space: string;
  root: FieldNode;
  parent?: FieldNode;
  /** The root of a decrypted subtree. */
  decrypted?: boolean;
}

export interface RawDiff {
  path: string;
  segments: string[];
  kind: FieldDiff['kind'];
  a?: Located;
  b?: Located;
  /** The two containers have no child in common (another CHOICE alternative): reported whole. */
  shape?: boolean;
  /** The container's own bytes (content no child covers) differ. */
  own?: boolean;
}

interface Verdict {
  cls: FieldDiffClass;
  text: string;
}

const ALWAYS_PER_CONNECTION = new Set(['invocation-counter', 'authentication-tag', 'HCS', 'FCS', 'block-number', 'block-number-ack']);
const LENGTH_LABELS = new Set(['length', 'group length', 'parameter length']);
const TITLE_LABELS = new Set(['calling-AP-title', 'responding-AP-title', 'system-title', 'originator-system-title', 'recipient-system-title']);

export function explain(d: RawDiff, all: readonly RawDiff[]): FieldDiff {
  const label = (d.a ?? d.b)!.node.label;
  const v = verdict(d, label, all);
  const cls: FieldDiffClass = v.cls === 'setting' && inheritsPerConnection(d) ? 'per-connection' : v.cls;
  const out: FieldDiff = { path: d.path, kind: d.kind, class: cls, explanation: v.text };
  if (d.a) out.a = side(d.a);
  if (d.b) out.b = side(d.b);
  return out;
}

function side(l: Located): FieldDiffSide {
  const s: FieldDiffSide = { label: l.node.label, start: l.node.start, length: l.node.length, space: l.space, nodeId: l.id };
  if (l.node.value !== undefined) s.value = l.node.value;
  if (l.node.meaning !== undefined) s.meaning = l.node.meaning;
  if (l.node.hex !== undefined) s.hex = l.node.hex;
  return s;
}

/** Inside a field that is per-connection as a whole (e.g. a part of an authentication tag). */
function inheritsPerConnection(d: RawDiff): boolean {
  return d.segments.slice(0, -1).some((s) => ALWAYS_PER_CONNECTION.has(bare(s)));
}

function bare(segment: string): string {
  return segment.replace(/^\(decrypted\) /, '').replace(/\[\d+\]$/, '');
}

function verdict(d: RawDiff, label: string, all: readonly RawDiff[]): Verdict {
  if (d.kind !== 'changed') {
    const l = (d.a ?? d.b)!;
    const where = d.kind === 'only-in-a' ? 'A' : 'B';
    const what = [l.node.value, l.node.meaning].filter((x) => x !== undefined && x !== '').join(' — ');
    return { cls: 'setting', text: `${label} only in ${where}${what ? `: ${what}` : ''}` };
  }
  const a = d.a!;
  const b = d.b!;
  if (d.path === 'frame') return { cls: 'setting', text: `different kinds of frame: ${a.node.label} vs ${b.node.label}` };
  if (d.shape) return shape(label, a, b);
  const special = LEAF_RULES[label]?.(a, b, d, all);
  if (special) return special;
  if (TITLE_LABELS.has(label)) return title(label, a.node, b.node);
  if (LENGTH_LABELS.has(label)) return length(label, a, b, d, all);
  if (ALWAYS_PER_CONNECTION.has(label)) return { cls: 'per-connection', text: `${label} ${shown(a.node)} vs ${shown(b.node)}: ${PER_CONNECTION_WHY[label] ?? 'differs on every association'}` };
  return { cls: 'setting', text: `${label} ${shown(a.node)} vs ${shown(b.node)}${meanings(a.node, b.node)}` };
}

const PER_CONNECTION_WHY: Readonly<Record<string, string>> = {
  'invocation-counter': 'counts up with every ciphered APDU',
  'authentication-tag': 'a GMAC over each APDU, differs whenever anything it covers does',
  HCS: 'header check sequence, follows from the other header bytes',
  FCS: 'frame check sequence, follows from the other bytes of the frame',
  'block-number': 'numbers the blocks of a transfer',
  'block-number-ack': 'numbers the blocks of a transfer',
};

type Rule = (a: Located, b: Located, d: RawDiff, all: readonly RawDiff[]) => Verdict | undefined;

const LEAF_RULES: Readonly<Record<string, Rule>> = {
  'destination wPort': (a, b) => ({ cls: 'setting', text: `wrapper destination wPort ${num(a.node)} vs ${num(b.node)}: the logical device (server address) differs` }),
  'source wPort': (a, b) => ({ cls: 'setting', text: `wrapper source wPort ${num(a.node)} vs ${num(b.node)}: the client (SAP) differs` }),
  'destination address': (a, b) => hdlcAddress('destination', a.node, b.node),
  'source address': (a, b) => hdlcAddress('source', a.node, b.node),
  'application-context-name': (a, b) => context(a.node, b.node),
  'mechanism-name': (a, b) => ({ cls: 'setting', text: `authentication mechanism ${a.node.meaning ?? a.node.value} vs ${b.node.meaning ?? b.node.value} (${a.node.value} vs ${b.node.value})` }),
  'calling-authentication-value': (a, b) => authValue('client-to-server', a, b),
  'responding-authentication-value': (a, b) => authValue('server-to-client', a, b),
  'proposed-conformance': (a, b) => conformance('conformance', a.node, b.node),
  'negotiated-conformance': (a, b) => conformance('negotiated conformance', a.node, b.node),
  'client-max-receive-pdu-size': (a, b) => ({ cls: 'setting', text: `client max receive PDU ${num(a.node)} vs ${num(b.node)}: the largest APDU the client proposes to receive` }),
  'server-max-receive-pdu-size': (a, b) => ({ cls: 'setting', text: `server max receive PDU ${num(a.node)} vs ${num(b.node)}: the largest APDU the server accepts` }),
  'proposed-dlms-version-number': (a, b) => ({ cls: 'setting', text: `proposed DLMS version ${shown(a.node)} vs ${shown(b.node)}` }),
  'ciphered-content': (a, b) =>
    encrypted(a) || encrypted(b)
      ? { cls: 'per-connection', text: `ciphered content: encrypted with a fresh invocation counter, differs on every APDU` }
      : { cls: 'setting', text: `authenticated-only content (a plain APDU) ${shown(a.node)} vs ${shown(b.node)}: the APDU inside differs` },
  control: (a, b) => control(a.node, b.node),
  'invoke-id-and-priority': (a, b) => invokeId(a.node, b.node, 0x0f, 'invoke-id-and-priority'),
  'long-invoke-id-and-priority': (a, b) => invokeId(a.node, b.node, 0x00ffffff, 'long-invoke-id-and-priority'),
  'frame format': (a, b, d, all) => {
    if (!isFrameLengthOnly(d)) return undefined;
    return length('HDLC frame length', a, b, d, all, hexNumber(a.node)! & 0x7ff, hexNumber(b.node)! & 0x7ff);
  },
};

/** HDLC addresses (IEC 62056-46 6.4.2.2): the same address may be written in 1, 2 or 4 octets. */
function hdlcAddress(which: string, a: FieldNode, b: FieldNode): Verdict {
  const text = `HDLC ${which} address ${shown(a)} vs ${shown(b)}`;
  if (a.meaning !== undefined && a.meaning === b.meaning) {
    return { cls: 'setting', text: `${text}: the same address (${a.meaning}) in ${a.length} vs ${b.length} octets (address size setting)` };
  }
  return { cls: 'setting', text: `${text}${meanings(a, b)}: the ${which === 'destination' ? 'addressed' : 'sending'} station differs` };
}

/** A different CHOICE alternative (rule 4 of diff.ts): name the two alternatives. */
function shape(label: string, a: Located, b: Located): Verdict {
  const alt = (l: Located) => (l.node.children ?? []).map((c) => c.label).join(', ') || shown(l.node);
  const la = alt(a);
  const lb = alt(b);
  const ciphered = (s: string) => /^(glo|ded)-initiate-(request|response)$/.test(s);
  const plain = (s: string) => s === 'InitiateRequest' || s === 'InitiateResponse';
  if (ciphered(la) && plain(lb)) return { cls: 'setting', text: `${lb} ciphered (${la}) vs plain` };
  if (plain(la) && ciphered(lb)) return { cls: 'setting', text: `${la} plain vs ciphered (${lb})` };
  return { cls: 'setting', text: `${label}: ${la} vs ${lb}` };
}

const CONTEXTS: Readonly<Record<string, { ref: 'LN' | 'SN'; ciphered: boolean }>> = {
  '1': { ref: 'LN', ciphered: false },
  '2': { ref: 'SN', ciphered: false },
  '3': { ref: 'LN', ciphered: true },
  '4': { ref: 'SN', ciphered: true },
};

/** Application context names 2.16.756.5.8.1.{1..4} (Green Book 9.4.2.2.2). */
function context(a: FieldNode, b: FieldNode): Verdict {
  const ca = CONTEXTS[lastArc(a) ?? ''];
  const cb = CONTEXTS[lastArc(b) ?? ''];
  if (!ca || !cb) return { cls: 'setting', text: `application context ${shown(a)} vs ${shown(b)}${meanings(a, b)}` };
  const name = (c: { ref: string; ciphered: boolean }) => `${c.ref}${c.ciphered ? ' with ciphering' : ''}`;
  const why: string[] = [];
  if (ca.ref !== cb.ref) why.push(`referencing setting (${ca.ref === 'SN' ? 'short name' : 'logical name'} vs ${cb.ref === 'SN' ? 'short name' : 'logical name'} referencing)`);
  if (ca.ciphered !== cb.ciphered) why.push(`ciphering setting (${ca.ciphered ? 'ciphered' : 'no ciphering'} vs ${cb.ciphered ? 'ciphered' : 'no ciphering'})`);
  return { cls: 'setting', text: `application context ${name(ca)} vs ${name(cb)}: ${why.join('; ')}` };
}

function lastArc(n: FieldNode): string | undefined {
  return /^2\.16\.756\.5\.8\.1\.(\d+)$/.exec(n.value ?? '')?.[1];
}

/** The mechanism-name arc of the AARQ/AARE holding this field: 2.16.756.5.8.2.<n>. */
function mechanism(l: Located): number | undefined {
  const m = /^2\.16\.756\.5\.8\.2\.(\d+)$/.exec(findNode(l.root, 'mechanism-name')?.value ?? '');
  return m ? Number(m[1]) : undefined;
}

function authValue(direction: string, a: Located, b: Located): Verdict {
  const ma = mechanism(a);
  const mb = mechanism(b);
  if (ma === 1 || mb === 1) {
    return { cls: 'setting', text: `authentication value ${ma === 1 ? 'LLS password' : 'value'} vs ${mb === 1 ? 'LLS password' : 'value'}: the password (or mechanism) differs` };
  }
  if (ma === undefined || mb === undefined || ma < 2 || mb < 2) return { cls: 'setting', text: `authentication value ${shown(a.node)} vs ${shown(b.node)}` };
  const la = octets(a.node);
  const lb = octets(b.node);
  if (la === lb) return { cls: 'per-connection', text: `${direction} challenge (HLS): random for every association` };
  const outside = [la, lb].filter((n) => n < 8 || n > 64);
  const range = outside.length > 0 ? `; ${outside.join(' and ')} octets is outside the 8 to 64 octets the Green Book allows` : '';
  return { cls: 'setting', text: `challenge length ${la} vs ${lb} octets: the ${direction} challenge is random per association but its length is the sender's setting${range}` };
}

function octets(n: FieldNode): number {
  const v = n.value ?? '';
  return /^[0-9A-Fa-f]*$/.test(v) && v.length % 2 === 0 ? v.length / 2 : Math.max(n.length - 2, 0);
}

/** Conformance as named bits (Green Book 9.4.6.1): which bits only one side has. */
function conformance(what: string, a: FieldNode, b: FieldNode): Verdict {
  const na = hexNumber(a);
  const nb = hexNumber(b);
  if (na === undefined || nb === undefined) return { cls: 'setting', text: `${what} ${shown(a)} vs ${shown(b)}` };
  const names = (n: number) => CONFORMANCE_BITS.filter((_, bit) => ((n >>> (23 - bit)) & 1) === 1);
  const onlyA = names(na & ~nb);
  const onlyB = names(nb & ~na);
  const fmt = (n: number) => `0x${n.toString(16).toUpperCase().padStart(6, '0')}`;
  return {
    cls: 'setting',
    text: `${what} ${fmt(na)} vs ${fmt(nb)}: bits only in A: ${onlyA.join(', ') || 'none'}; only in B: ${onlyB.join(', ') || 'none'}`,
  };
}

/** System titles: 8 octets, the first three usually the manufacturer's FLAG id; show them as ASCII. */
function title(label: string, a: FieldNode, b: FieldNode): Verdict {
  return { cls: 'setting', text: `${label} ${shown(a)} vs ${shown(b)}: compare as ASCII "${ascii(a.value ?? '')}" vs "${ascii(b.value ?? '')}"` };
}

function ascii(hex: string): string {
  let s = '';
  for (let i = 0; i + 1 < hex.length; i += 2) {
    const c = parseInt(hex.slice(i, i + 2), 16);
    s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.';
  }
  return s;
}

/** HDLC control: the same frame type and P/F with other N(S)/N(R) is sequencing, not a setting. */
function control(a: FieldNode, b: FieldNode): Verdict {
  const ca = firstByte(a);
  const cb = firstByte(b);
  const text = `HDLC control ${shown(a)} vs ${shown(b)}`;
  if (ca === undefined || cb === undefined) return { cls: 'setting', text };
  // I frame: xxx P sss 0 (N(R), P/F, N(S)); S frame: xxx P ss01 (N(R)); U frame: all bits are the command.
  const mask = (ca & 1) === 0 ? 0x11 : (ca & 3) === 1 ? 0x1f : 0xff;
  if ((ca & mask) === (cb & mask)) return { cls: 'per-connection', text: `${text}: only the sequence numbers N(S)/N(R) differ` };
  return { cls: 'setting', text: `${text}: frame type or poll/final bit differs` };
}

/** Invoke-id-and-priority (1 octet: id in bits 0-3) or long (4 octets: id in bits 0-23). */
function invokeId(a: FieldNode, b: FieldNode, idMask: number, label: string): Verdict {
  const na = hexNumber(a);
  const nb = hexNumber(b);
  const text = `${label} ${shown(a)} vs ${shown(b)}${meanings(a, b)}`;
  if (na === undefined || nb === undefined) return { cls: 'setting', text };
  if (((na ^ nb) & ~idMask) === 0) return { cls: 'per-connection', text: `${text}: only the invoke-id differs (numbers the requests)` };
  return { cls: 'setting', text: `${text}: priority or service class differs` };
}

function sizeChanges(o: RawDiff): boolean {
  return o.kind !== 'changed' || (o.a !== undefined && o.b !== undefined && o.a.node.length !== o.b.node.length);
}

function isLengthDiff(o: RawDiff): boolean {
  const label = (o.a ?? o.b)!.node.label;
  if (o.kind !== 'changed' || o.shape || o.own) return false;
  return LENGTH_LABELS.has(label) || (label === 'frame format' && isFrameLengthOnly(o));
}

function isFrameLengthOnly(o: RawDiff): boolean {
  const fa = hexNumber(o.a!.node);
  const fb = hexNumber(o.b!.node);
  return fa !== undefined && fb !== undefined && ((fa ^ fb) & 0xf800) === 0;
}

/** A length field: per-connection when another difference changes a size (it only follows from it). */
function length(label: string, a: Located, b: Located, d: RawDiff, all: readonly RawDiff[], va?: number, vb?: number): Verdict {
  const what = a.parent?.label === 'wrapper header' ? 'wrapper length' : label;
  const text = `${what} ${va ?? shown(a.node)} vs ${vb ?? shown(b.node)}`;
  const cause = all.find((o) => o !== d && !isLengthDiff(o) && sizeChanges(o));
  if (cause) return { cls: 'per-connection', text: `${text}: follows from the other differences (${(cause.a ?? cause.b)!.node.label} changes size)` };
  return { cls: 'setting', text: `${text} although nothing it counts changes size: check the encoding` };
}

function encrypted(l: Located): boolean {
  const sc = (l.parent?.children ?? []).find((c) => c.label === 'security-control');
  const n = sc ? firstByte(sc) : undefined;
  return n !== undefined && (n & 0x20) !== 0;
}

// ---------------------------------------------------------------------------------------------
// Small helpers over node text

function shown(n: FieldNode): string {
  return n.value !== undefined && n.value !== '' ? n.value : (n.hex ?? '(empty)');
}

function meanings(a: FieldNode, b: FieldNode): string {
  if (a.meaning === b.meaning || (!a.meaning && !b.meaning)) return '';
  return ` (${a.meaning || '—'} vs ${b.meaning || '—'})`;
}

/** The leading decimal number of the value ('145', '1 (client management process ...)'). */
function num(n: FieldNode): string {
  return /^\d+/.exec(n.value ?? '')?.[0] ?? shown(n);
}

/** The value as a hex number: '0x403EDD', 'A02C' or 'C1'; else the node's bytes. */
function hexNumber(n: FieldNode): number | undefined {
  const m = /^(?:0x)?([0-9A-Fa-f]{1,8})$/.exec(n.value ?? '') ?? /^([0-9A-Fa-f]{1,8})$/.exec(n.hex ?? '');
  return m ? parseInt(m[1]!, 16) >>> 0 : undefined;
}

function firstByte(n: FieldNode): number | undefined {
  return n.hex !== undefined && n.hex.length >= 2 ? parseInt(n.hex.slice(0, 2), 16) : undefined;
}
