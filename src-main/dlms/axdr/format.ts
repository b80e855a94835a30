// Human text for A-XDR Data: one line per value (trace summaries, the CLI, field-tree values).
// Octet strings stay octet strings here: a 6-octet string is NOT shown as an OBIS code by
// formatData (only the dissector's `meaning` suggests it), because the type does not say so.

import { toHex } from '../../../src-shared/hex';
import { formatObis, obisFromBytes } from '../../../src-shared/cosem/obis';
import { obisName } from '../../../src-shared/cosem/obis-names';
import type { NodeInfo } from '../codec/byte-reader';
import { assertNever } from '../errors';
import { formatTypeDescription } from './compact';
import {
  cosemDateTimeProblems,
  decodeCosemDate,
  decodeCosemDateTime,
  decodeCosemTime,
  formatCosemDate,
  formatCosemDateTime,
  formatCosemTime,
} from './datetime';
import { isIntegerData, type DlmsData } from './types';

function isPrintable(b: Uint8Array): boolean {
  if (b.length === 0) return false;
  for (const c of b) if (c < 0x20 || c > 0x7e) return false;
  return true;
}

/** Quotes text, escaping the quote, backslash and anything outside printable ASCII as \xNN / \u{...}. */
function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (c >= 0x20 && c <= 0x7e) out += ch;
    else if (c <= 0xff) out += `\\x${c.toString(16).padStart(2, '0').toUpperCase()}`;
    else if (c >= 0xa0 && c !== 0xfffd) out += ch;
    else out += `\\u{${c.toString(16).toUpperCase()}}`;
  }
  return `${out}"`;
}

/** Bytes as Latin-1 text (visible-string is ISO 646; real meters put anything in it). */
export function latin1(b: Uint8Array): string {
  let s = '';
  for (const c of b) s += String.fromCharCode(c);
  return s;
}

export function utf8(b: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(b);
}

/** Hex, plus the text in parentheses when every octet is printable ASCII: '68656C6C6F ("hello")'. */
export function formatOctets(b: Uint8Array): string {
  if (b.length === 0) return '(empty)';
  return isPrintable(b) ? `${toHex(b)} (${quote(latin1(b))})` : toHex(b);
}

export function formatBits(bits: number, bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bits; i++) s += ((bytes[i >> 3] ?? 0) >> (7 - (i & 7))) & 1 ? '1' : '0';
  return bits === 0 ? "''B" : `'${s}'B`;
}

function formatFloat(v: number): string {
  return Object.is(v, -0) ? '-0' : String(v);
}

/** date / time / date-time raw octets as text, or their hex when the length is wrong. */
export function formatDateTimeOctets(type: 'date-time' | 'date' | 'time', b: Uint8Array): string {
  switch (type) {
    case 'date-time':
      return b.length === 12 ? formatCosemDateTime(decodeCosemDateTime(b)) : toHex(b);
    case 'date':
      return b.length === 5 ? formatCosemDate(decodeCosemDate(b)) : toHex(b);
    case 'time':
      return b.length === 4 ? formatCosemTime(decodeCosemTime(b)) : toHex(b);
    default:
      return assertNever(type, 'date/time type');
  }
}

/** One-line human text of a value: '{0, false, 68656C6C6F ("hello")}', '[1, 2]', '2020-01-01 00:03:00.00 +02:00'. */
export function formatData(d: DlmsData): string {
  if (isIntegerData(d)) return String(d.value);
  switch (d.type) {
    case 'null-data':
      return 'null';
    case 'dont-care':
      return 'dont-care';
    case 'boolean':
      return d.value ? 'true' : 'false';
    case 'bit-string':
      return formatBits(d.bits, d.bytes);
    case 'long64':
    case 'long64-unsigned':
      return d.value.toString();
    case 'float32':
    case 'float64':
      return formatFloat(d.value);
    case 'octet-string':
      return formatOctets(d.value);
    case 'visible-string':
      return quote(latin1(d.value));
    case 'utf8-string':
      return quote(utf8(d.value));
    case 'date-time':
    case 'date':
    case 'time':
      return formatDateTimeOctets(d.type, d.value);
    case 'array':
      return `[${d.items.map(formatData).join(', ')}]`;
    case 'structure':
      return `{${d.items.map(formatData).join(', ')}}`;
    case 'compact-array':
      return `compact-array ${formatTypeDescription(d.description)} [${d.items.map(formatData).join(', ')}]`;
    default:
      return assertNever(d, 'Data');
  }
}

export function countText(n: number): string {
  return `${n} element${n === 1 ? '' : 's'}`;
}

/** What an octet-string might be: an OBIS code (6 octets) or a date-time (12 plausible octets). */
function octetHint(b: Uint8Array): string | undefined {
  if (b.length === 6) {
    const o = obisFromBytes(b);
    const name = obisName(o);
    return `as logical name: ${formatObis(o)}${name ? ` (${name})` : ''}`;
  }
  if (b.length === 12) {
    const dt = decodeCosemDateTime(b);
    const plausible = cosemDateTimeProblems(dt).length === 0 && (dt.year === null || (dt.year >= 1970 && dt.year <= 2199));
    if (plausible) return `as date-time: ${formatCosemDateTime(dt)}`;
  }
  return undefined;
}

/** The dissector's value/meaning for one Data element node. */
export function describeData(d: DlmsData): NodeInfo {
  switch (d.type) {
    case 'array':
    case 'structure':
    case 'compact-array':
      return { value: countText(d.items.length) };
    case 'octet-string': {
      const hint = octetHint(d.value);
      return hint === undefined ? { value: formatOctets(d.value) } : { value: formatOctets(d.value), meaning: hint };
    }
    case 'boolean':
      return d.raw === undefined ? { value: formatData(d) } : { value: formatData(d), meaning: `non-zero octet 0x${toHex(Uint8Array.of(d.raw))} is TRUE` };
    default:
      return { value: formatData(d) };
  }
}
