// The session trace as text: what `meterscope ... --trace` prints live and `meterscope replay`
// prints from a capture, with one renderer so both read the same. One StreamDissector follows the
// whole session, so a segmented HDLC message or a GBT run is joined across frames and the frames
// are numbered once, across the session (#1, #2, ...), each with its time and direction:
//
//   #3 2025-01-01T10:00:00.120Z -> wrapper: wrapper 16->1 · Get-Request-Normal 0-0:1.0.0*255 attr 2
//     -> 00 01 00 10 00 01 00 0D C0 01 C1 00 08 00 00 01 00 00 FF 02 00
//     wrapper [0+21] wPort 16 -> 1 — ...
//
// A frame the dissector reassembles from several (the last HDLC segment, the last GBT block) gets
// the next number, the same time and direction, and no raw line (its bytes are in its tree). The
// IEC 62056-21 sign-on messages of mode E are numbered in the same list and described in the
// standard's words (request, identification, acknowledgement/option select).

import type { DissectedFrame, DissectKeys } from '../../src-shared/trace';
import { bytesOf, type DeviceSettings } from '../../src-shared/settings';
import { toHex } from '../../src-shared/hex';
import { StreamDissector } from '../dlms/dissect/index';
import { renderNodeText } from '../dlms/dissect/render-text';
import { ACK, decodeIdentification, decodeOptionSelect, MODE_C_BAUD_RATES } from '../dlms/framing/iec62056-21';
import type { FrameDirection } from '../session/types';
import type { CaptureLayer } from './format';

export interface TraceFrame {
  direction: FrameDirection;
  /** ms since the epoch. */
  at: number;
  layer: CaptureLayer;
  bytes: Uint8Array;
}

/** One numbered line of the trace: what a test or a diff compares. */
export interface TraceEntry {
  number: number;
  at: number;
  direction: FrameDirection;
  layer: string;
  summary: string;
  malformed: boolean;
  /** The dissected frame (absent for sign-on messages, which the DLMS dissector does not take). */
  dissected?: DissectedFrame;
}

export interface TracePrinterOptions {
  /** The session's link layer ('wrapper' or 'hdlc'). */
  layer: 'wrapper' | 'hdlc';
  keys?: DissectKeys;
  /** Receives the text of each frame (ends with a newline). */
  print?: (text: string) => void;
}

const arrow = (d: FrameDirection): string => (d === 'client->server' ? '->' : '<-');

export class TracePrinter {
  private readonly dissector: StreamDissector;
  private count = 0;

  constructor(private readonly opts: TracePrinterOptions) {
    this.dissector = new StreamDissector(opts.keys ? { layer: opts.layer, keys: opts.keys } : { layer: opts.layer });
  }

  /** Dissects, numbers and prints one wire frame; returns its entries (more than one when it completes a reassembly). */
  frame(f: TraceFrame): TraceEntry[] {
    const time = new Date(f.at).toISOString();
    const raw = `  ${arrow(f.direction)} ${toHex(f.bytes, ' ')}`;
    if (f.layer === 'iec62056-21') {
      this.dissector.countForeign(1);
      const entry = this.next(f, 'iec62056-21', describeSignOn(f.bytes, f.direction), false);
      this.opts.print?.(`${head(entry, time)}\n${raw}\n\n`);
      return [entry];
    }
    const frames = this.dissector.push(f.bytes, { direction: f.direction });
    const out: TraceEntry[] = [];
    const text: string[] = [];
    frames.forEach((d, i) => {
      const entry = { ...this.next(f, d.layer, d.summary, d.malformedAt !== undefined), dissected: d };
      out.push(entry);
      text.push(renderEntry(entry, time, d, i === 0 && d.reassembledHex === undefined ? raw : undefined));
    });
    this.opts.print?.(text.join(''));
    return out;
  }

  /** The session is over: an unfinished reassembly is marked incomplete (in the dissector's state). */
  end(): void {
    this.dissector.end();
  }

  private next(f: TraceFrame, layer: string, summary: string, malformed: boolean): TraceEntry {
    return { number: ++this.count, at: f.at, direction: f.direction, layer, summary, malformed };
  }
}

function head(e: TraceEntry, time: string): string {
  return `#${e.number} ${time} ${arrow(e.direction)} ${e.layer}: ${e.summary}`;
}

function renderEntry(e: TraceEntry, time: string, d: DissectedFrame, raw: string | undefined): string {
  const lines = [d.malformedAt !== undefined ? `${head(e, time)}  [MALFORMED at byte ${d.malformedAt}: ${d.problem ?? ''}]` : head(e, time)];
  if (raw) lines.push(raw);
  for (const l of renderNodeText(d.tree).split('\n')) lines.push(`  ${l}`);
  return `${lines.join('\n')}\n\n`;
}

/** Parses the numbered head lines of a printed trace back into entries (tests, diffs). */
export function parseTraceHeads(text: string): { number: number; time: string; direction: FrameDirection; layer: string; summary: string }[] {
  const out: { number: number; time: string; direction: FrameDirection; layer: string; summary: string }[] = [];
  for (const m of text.matchAll(/^#(\d+) (\S+) (->|<-) ([\w-]+): (.*?)(?: {2}\[MALFORMED at byte \d+: .*\])?$/gm)) {
    out.push({ number: Number(m[1]), time: m[2]!, direction: m[3] === '->' ? 'client->server' : 'server->client', layer: m[4]!, summary: m[5]! });
  }
  return out;
}

const printable = (bytes: Uint8Array): string => JSON.stringify(String.fromCharCode(...Array.from(bytes, (b) => b & 0x7f)));

/** An IEC 62056-21 sign-on message in the standard's words. */
export function describeSignOn(bytes: Uint8Array, direction: FrameDirection): string {
  const text = printable(bytes);
  if (direction === 'client->server') {
    if (bytes[0] === 0x2f && bytes[1] === 0x3f) return `request message ${text}`;
    const o = bytes[0] === ACK ? decodeOptionSelect(bytes) : undefined;
    if (o) {
      const rate = MODE_C_BAUD_RATES[o.baudChar];
      const v = o.protocolControl === '2' ? 'HDLC protocol procedure (mode E)' : `protocol control '${o.protocolControl}'`;
      const y = o.modeControl === '2' ? 'binary mode' : `mode control '${o.modeControl}'`;
      return `acknowledgement/option select message ${text}: ${v}, ${rate ? `${rate} Bd` : `baud character '${o.baudChar}'`}, ${y}`;
    }
    return `sign-on bytes ${text}`;
  }
  const id = decodeIdentification(bytes);
  if (id.ok) {
    const v = id.value;
    const rate = v.baudRate ? `${v.baudRate} Bd` : `baud character '${v.baudChar}'`;
    return `identification message ${text}: manufacturer ${v.manufacturer}, up to ${rate}, ${v.modeE ? 'mode E (binary HDLC) supported' : 'no mode E capability'}, identification "${v.identification}"`;
  }
  return `sign-on bytes ${text}${id.incomplete ? '' : `: ${id.reason}`}`;
}

/** The keys --trace decrypts with: the session's, when it ciphers or authenticates with GMAC. */
export function traceKeysOf(s: DeviceSettings): DissectKeys | undefined {
  if (s.securityPolicy === 'none' && s.authentication !== 'high-gmac') return undefined;
  let clientSystemTitle: string | undefined;
  try {
    clientSystemTitle = toHex(bytesOf(s.clientSystemTitle));
  } catch {
    clientSystemTitle = undefined;
  }
  return { ek: s.blockCipherKey, ak: s.authenticationKey, ...(clientSystemTitle ? { clientSystemTitle } : {}), ...(s.dedicatedKey ? { dedicatedKey: s.dedicatedKey } : {}) };
}

export const traceLayerOf = (s: Pick<DeviceSettings, 'interface'>): 'wrapper' | 'hdlc' => (s.interface.startsWith('wrapper') ? 'wrapper' : 'hdlc');
