// Hex as engineers paste it: spaced, colon/dash/comma separated, `0x00;0x01;`, `\x00`, continuous,
// log lines with timestamps and TX/RX / '->' / '<-' prefixes, hex dumps with an offset column and
// an ASCII column (Wireshark "Copy as Hex Dump", hexdump -C, xxd), and the seed thread's OCR'd lines
// ('— 16:51:23 00 01 00 12 ...', several entries on one line).
//
// Strict by default: any character that is not hex, a separator or a recognised prefix is refused
// with its line and column. `lenient: true` maps the usual OCR confusions (table below) and lists
// every substitution; it never invents a digit that is missing.

import type { Direction } from '../../../src-shared/trace';

export interface HexFrame {
  bytes: Uint8Array;
  /** From a TX/RX, '->'/'<-', Request/Response prefix; absent when nothing says so. */
  direction?: Direction;
  /** Timestamp text as written in the log, if any. */
  timestamp?: string;
  /** 1-based line where the frame starts. */
  line: number;
}

export interface HexSubstitution {
  line: number;
  column: number;
  /** 0-based character offset in the whole input text. */
  index: number;
  from: string;
  to: string;
}

export interface ParsedHex {
  frames: HexFrame[];
  substitutions: HexSubstitution[];
}

export interface HexInputOptions {
  lenient?: boolean;
}

/** Hex input that is not hex. Not a DlmsDecodeError: nothing was decoded yet. */
export class HexInputError extends Error {
  override readonly name = 'HexInputError';
  /** 0-based character offset in the whole input text (filled by parseHexInput). */
  index = 0;
  constructor(
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`line ${line}, column ${column}: ${reason}`);
  }
}

/**
 * OCR confusions mapped in lenient mode. Only characters that are NOT hex digits are mapped: a
 * misread 'B' for '8' (or 'D' for '0') is a valid digit and cannot be told from a true one.
 * Entries marked (seed) come from the OCR in shared/seed, where the retries of the same frame show
 * the true digit: '•' stood for '6' ("A •" = A6), ':' for '8' (":0" = 80), '?' for '7' ("?4" = 74),
 * 'R' for 'A' ("OR" = 0A).
 */
export const OCR_CONFUSIONS: Readonly<Record<string, string>> = {
  O: '0', o: '0', Q: '0',
  I: '1', l: '1', i: '1', '|': '1', '!': '1',
  Z: '2', z: '2',
  S: '5', s: '5',
  G: '6', '•': '6', // • (seed)
  T: '7', '?': '7', // ? (seed)
  ':': '8', // (seed) only where ':' is not a separator between two digits
  g: '9', q: '9',
  R: 'A', // (seed)
};

const HEXDIGIT = /[0-9A-Fa-f]/;
// Prefix pieces, tried repeatedly at the start of an entry.
const DATE_TIME = /^\[?(?:\d{4}-\d{2}-\d{2}[T ]|\d{1,2}[./-]\d{1,2}[./-]\d{2,4} +)?\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,6})?(?:Z|[+-]\d{2}:?\d{2})?\]?(?=\s|\||$)/;
const DASH = /^(?:[—–]|--?)(?=\s)/;
const LEVEL = /^:\s*[DIWEVT]\s*:/;
const SEND = /^(?:->|-->|=>|>>|TX\b|Tx\b|Sent\b|Send\b|SEND\b|Request\b|Out\b)\s*:?/;
const RECV = /^(?:<-|<--|<=|<<|RX\b|Rx\b|Received\b|Receive\b|Recv\b|RECV\b|Response\b|Reply\b|In\b)\s*:?/;
const ENTRY_BREAK = /^[—–]\s*\d{1,2}:\d{2}:\d{2}/;
const DUMP_OFFSET = /^([0-9A-Fa-f]{4,8})(:?)(?=\s)/;

interface Digit {
  ch: string;
  line: number;
  column: number;
  /** Digits written next to each other (no separator) share a group. */
  group: number;
}

interface Entry {
  frame: HexFrame;
  digits: Digit[];
  lastDigitAt: number;
  groups: number;
  /** A hex dump entry: an offset column was seen. */
  dump: boolean;
}

export function parseHexInput(text: string, options: HexInputOptions = {}): ParsedHex {
  const lenient = options.lenient === true;

  const lines = text.split(/\r\n|\r|\n/);
  const lineStart: number[] = [];
  for (let i = 0, at = 0; i < lines.length; i++) {
    lineStart.push(at);
    at += lines[i]!.length + (text.slice(at + lines[i]!.length, at + lines[i]!.length + 2) === '\r\n' ? 2 : 1);
  }
  const substitutions: HexSubstitution[] = [];
  try {
    return parseLines(lines, lenient, substitutions);
  } catch (e) {
    if (e instanceof HexInputError) e.index = (lineStart[e.line - 1] ?? 0) + e.column - 1;
    throw e;
  } finally {
    for (const sub of substitutions) sub.index = (lineStart[sub.line - 1] ?? 0) + sub.column - 1;
  }
}

function parseLines(lines: string[], lenient: boolean, substitutions: HexSubstitution[]): ParsedHex {
  const entries: Entry[] = [];
  let current: Entry | undefined;

  const startEntry = (line: number, prefix: { direction?: Direction; timestamp?: string }): Entry => {
    const e: Entry = { frame: { bytes: new Uint8Array(0), line }, digits: [], lastDigitAt: -2, groups: 0, dump: false };
    if (prefix.direction) e.frame.direction = prefix.direction;
    if (prefix.timestamp) e.frame.timestamp = prefix.timestamp;
    entries.push(e);
    return e;
  };

  for (let li = 0; li < lines.length; li++) {
    const lineNo = li + 1;
    const s = lines[li]!;
    let pos = 0;
    let atLineStart = true;
    while (pos < s.length) {
      pos = skipSpaces(s, pos);
      if (pos >= s.length) break;
      if (s[pos] === '#' && atLineStart) break; // comment line
      const prefix = readPrefix(s, pos);
      if (prefix.consumed > 0) {
        current = startEntry(lineNo, prefix);
        pos = skipSpaces(s, pos + prefix.consumed);
      }
      if (atLineStart || prefix.consumed > 0) {
        const off = DUMP_OFFSET.exec(s.slice(pos));
        if (off && isDumpOffset(s, pos, off, current)) {
          const value = parseInt(off[1]!, 16);
          if (value === 0 && current?.dump && current.digits.length > 0 && prefix.consumed === 0) current = startEntry(lineNo, {});
          current ??= startEntry(lineNo, {});
          current.dump = true;
          if (value * 2 !== current.digits.length) {
            throw new HexInputError(lineNo, pos + 1, `hex dump offset ${off[1]} does not follow the ${current.digits.length / 2} byte(s) before it`);
          }
          pos += off[0].length;
        }
      }
      atLineStart = false;
      current ??= startEntry(lineNo, {});
      pos = readContent(s, pos, lineNo, current, lenient, substitutions);
    }
  }

  const frames: HexFrame[] = [];
  for (const e of entries) {
    if (e.digits.length === 0) continue;
    e.frame.bytes = toBytes(e.digits, lenient);
    frames.push(e.frame);
  }
  return { frames, substitutions };
}

function skipSpaces(s: string, pos: number): number {
  while (pos < s.length && (s[pos] === ' ' || s[pos] === '\t')) pos++;
  return pos;
}

/** Timestamps, dashes, level markers and direction words at the start of an entry. */
function readPrefix(s: string, start: number): { consumed: number; direction?: Direction; timestamp?: string } {
  let pos = start;
  let direction: Direction | undefined;
  let timestamp: string | undefined;
  for (;;) {
    const rest = s.slice(pos);
    let m: RegExpExecArray | null;
    if ((m = DASH.exec(rest))) pos += m[0].length;
    else if (!timestamp && (m = DATE_TIME.exec(rest)) && !/^\s*$/.test(s.slice(pos + m[0].length))) {
      timestamp = m[0].replace(/^\[|\]$/g, '');
      pos += m[0].length;
    } else if (timestamp && (m = LEVEL.exec(rest))) pos += m[0].length;
    else if (!direction && (m = SEND.exec(rest))) {
      direction = 'client->server';
      pos += m[0].length;
    } else if (!direction && (m = RECV.exec(rest))) {
      direction = 'server->client';
      pos += m[0].length;
    } else if (pos > start && (rest[0] === ':' || rest[0] === '|') && /\s/.test(rest[1] ?? ' ')) pos += 1;
    else break;
    pos = skipSpaces(s, pos);
  }
  const out: { consumed: number; direction?: Direction; timestamp?: string } = { consumed: pos - start };
  if (direction) out.direction = direction;
  if (timestamp) out.timestamp = timestamp;
  return out;
}

/** An offset column: 4-8 hex digits ending in ':' or followed by two spaces; 0 starts a dump. */
function isDumpOffset(s: string, pos: number, m: RegExpExecArray, current: Entry | undefined): boolean {
  const after = s.slice(pos + m[0].length);
  if (m[2] !== ':' && !/^\s{2}/.test(after)) return false;
  if (!/\S/.test(after)) return false;
  // Inside a dump every offset-shaped first column is an offset (checked against the byte count).
  return parseInt(m[1]!, 16) === 0 || current?.dump === true;
}

const SEPARATORS = new Set([' ', '\t', ',', ';', '{', '}', '[', ']', '(', ')', '"', "'"]);

/** Reads hex digits up to the end of the line or the next in-line entry; returns the new position. */
function readContent(s: string, pos: number, line: number, e: Entry, lenient: boolean, subs: HexSubstitution[]): number {
  let lineBytesDigits = 0;
  while (pos < s.length) {
    const ch = s[pos]!;
    if (ENTRY_BREAK.test(s.slice(pos))) return pos;
    if (e.dump) {
      if (ch === '|' || lineBytesDigits >= 32) return s.length; // ASCII column
      if (/^\s{3}/.test(s.slice(pos)) && lineBytesDigits > 0) return s.length;
    }
    if (SEPARATORS.has(ch)) {
      pos++;
      continue;
    }
    if ((ch === '0' && (s[pos + 1] === 'x' || s[pos + 1] === 'X')) || (ch === '\\' && s[pos + 1] === 'x')) {
      if (HEXDIGIT.test(s[pos + 2] ?? '')) {
        pos += 2;
        continue;
      }
    }
    if ((ch === ':' || ch === '-') && HEXDIGIT.test(s[pos - 1] ?? '') && HEXDIGIT.test(s[pos + 1] ?? '')) {
      pos++; // separator between two digits: 00:01, 00-01
      continue;
    }
    if (HEXDIGIT.test(ch)) {
      pushDigit(e, ch, line, pos);
      lineBytesDigits++;
      pos++;
      continue;
    }
    const to = lenient ? OCR_CONFUSIONS[ch] : undefined;
    if (to !== undefined && !(e.dump && ch === '|')) {
      subs.push({ line, column: pos + 1, index: 0, from: ch, to });
      pushDigit(e, to, line, pos);
      lineBytesDigits++;
      pos++;
      continue;
    }
    throw new HexInputError(line, pos + 1, `'${ch}' is not a hex digit${lenient ? ' (and not a known OCR confusion)' : ''}`);
  }
  return pos;
}

function pushDigit(e: Entry, ch: string, line: number, pos: number): void {
  const last = e.digits[e.digits.length - 1];
  const contiguous = last !== undefined && last.line === line && e.lastDigitAt === pos - 1;
  if (!contiguous) e.groups++;
  e.digits.push({ ch, line, column: pos + 1, group: e.groups });
  e.lastDigitAt = pos;
}

/**
 * Pairs digits into bytes group by group; a group must have an even number of digits. In lenient
 * mode two adjacent single-digit groups on one line ('A •' after OCR) are joined into one byte; a
 * lone digit anywhere else means OCR lost a digit, which lenient mode will not invent.
 */
function toBytes(digits: Digit[], lenient: boolean): Uint8Array {
  const out: number[] = [];
  let i = 0;
  while (i < digits.length) {
    const g = digits[i]!.group;
    let j = i;
    while (j < digits.length && digits[j]!.group === g) j++;
    const n = j - i;
    const first = digits[i]!;
    if (n % 2 === 1) {
      const next = digits[j];
      const nextIsLone = next !== undefined && (digits[j + 1]?.group ?? -1) !== next.group;
      if (lenient && n === 1 && nextIsLone && next.line === first.line) {
        out.push(parseInt(first.ch + next.ch, 16));
        i = j + 1;
        continue;
      }
      const text = digits.slice(i, j).map((d) => d.ch).join('');
      throw new HexInputError(
        first.line,
        first.column,
        n === 1
          ? `'${text}' is half a byte: a digit is missing${lenient ? ' (lenient mode joins two lone digits but never invents one)' : ''}`
          : `'${text}' has an odd number of hex digits`,
      );
    }
    for (let k = i; k < j; k += 2) out.push(parseInt(digits[k]!.ch + digits[k + 1]!.ch, 16));
    i = j;
  }
  return Uint8Array.from(out);
}
