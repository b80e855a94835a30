// DLMS/COSEM transport layer for IP networks: the TCP-UDP wrapper (IEC 62056-47 / Green Book 10.3,
// "wrapper protocol data unit"):
//
//   WPDU ::= header APDU
//   header ::= version (Unsigned16, = 0x0001)
//              source wPort (Unsigned16)       -- client SAP or logical device address of the sender
//              destination wPort (Unsigned16)  -- of the receiver
//              length (Unsigned16)             -- number of APDU bytes that follow
//
// Over TCP the stream carries WPDUs back to back without delimiters, so the deframer reads the
// header to find the end of each; after garbage it resynchronises on the next plausible header.

import type { ByteReader } from '../codec/byte-reader';
import { ByteWriter } from '../codec/byte-writer';
import type { DecodeErrorCode } from '../errors';

export const WRAPPER_VERSION = 0x0001;
export const WRAPPER_HEADER_LENGTH = 8;

export interface WrapperHeader {
  version: number;
  sourceWPort: number;
  destinationWPort: number;
  /** Length field: the APDU's byte count. */
  length: number;
}

export interface WrapperFrame {
  header: WrapperHeader;
  apdu: Uint8Array;
}

/** Reserved wPort numbers (Green Book 10.3.2 table "Reserved wrapper port numbers"). */
export const WPORT_NAMES: ReadonlyArray<[number, string]> = [
  [0x0000, 'no-station'],
  [0x0001, 'client management process / management logical device'],
  [0x0010, 'public client'],
  [0x007f, 'all-station (broadcast)'],
];

export function describeWPort(p: number): string {
  const name = WPORT_NAMES.find(([k]) => k === p)?.[1];
  return name ? `${p} (${name})` : String(p);
}

/** Reads one WPDU at r.pos: the header, then exactly `length` APDU bytes. */
export function decodeWrapperFrame(r: ByteReader): WrapperFrame {
  return r.node(
    'wrapper',
    () => {
      const start = r.pos;
      const header = r.node(
        'wrapper header',
        () => {
          const version = r.node('version', () => r.u16(), (v) => ({ value: String(v), meaning: v === WRAPPER_VERSION ? 'wrapper version 1' : 'unknown wrapper version' }));
          if (version !== WRAPPER_VERSION) r.fail('BAD_VALUE', `wrapper version ${version}, expected 1`, start);
          const sourceWPort = r.node('source wPort', () => r.u16(), (v) => describeWPort(v));
          const destinationWPort = r.node('destination wPort', () => r.u16(), (v) => describeWPort(v));
          const length = r.node('length', () => r.u16(), (v) => ({ value: String(v), meaning: 'APDU length' }));
          return { version, sourceWPort, destinationWPort, length };
        },
        (h) => ({ value: `v${h.version} ${h.sourceWPort} -> ${h.destinationWPort}`, meaning: `${h.length} byte APDU` }),
      );
      if (header.length > r.remaining) r.fail('TRUNCATED', `length field ${header.length} but ${r.remaining} APDU byte(s) present`, start + 6);
      const apdu = r.node('APDU', () => r.take(header.length), (b) => ({ value: `${b.length} byte(s)` }));
      return { header, apdu };
    },
    (f) => ({ value: `wPort ${f.header.sourceWPort} -> ${f.header.destinationWPort}`, meaning: `wrapper, ${f.header.length} byte APDU` }),
  );
}

export interface WrapperFrameInput {
  sourceWPort: number;
  destinationWPort: number;
  apdu: Uint8Array;
  /** Only for tests of broken peers; 1 otherwise. */
  version?: number;
}

export function encodeWrapperFrame(f: WrapperFrameInput): Uint8Array {
  for (const [v, what] of [
    [f.sourceWPort, 'source wPort'],
    [f.destinationWPort, 'destination wPort'],
  ] as const) {
    if (!Number.isInteger(v) || v < 0 || v > 0xffff) throw new RangeError(`${what} ${v} is outside 0..65535`);
  }
  if (f.apdu.length > 0xffff) throw new RangeError(`APDU of ${f.apdu.length} bytes does not fit the 16-bit length field`);
  const w = new ByteWriter(WRAPPER_HEADER_LENGTH + f.apdu.length);
  w.u16(f.version ?? WRAPPER_VERSION).u16(f.sourceWPort).u16(f.destinationWPort).u16(f.apdu.length).bytes(f.apdu);
  return w.toBytes();
}

export type WrapperStreamEvent =
  | { kind: 'frame'; offset: number; frame: WrapperFrame }
  /** Bytes discarded while resynchronising. */
  | { kind: 'garbage'; offset: number; length: number }
  /** A plausible header announcing more than the limit; the header is skipped. */
  | { kind: 'error'; offset: number; code: DecodeErrorCode; message: string };

export interface WrapperDeframerOptions {
  /** Largest APDU accepted (the negotiated max PDU size); default 65535. */
  maxApduLength?: number;
  /** Receives garbage and error events of `push` (which returns frames only). */
  onEvent?: (e: WrapperStreamEvent) => void;
}

/** Streaming WPDU deframer: accepts the stream split at any offset; never throws. */
export class WrapperDeframer {
  private buf = new Uint8Array(0);
  private pos = 0;
  private base = 0;
  private readonly maxApduLength: number;
  private readonly onEvent: ((e: WrapperStreamEvent) => void) | undefined;

  constructor(opts: WrapperDeframerOptions = {}) {
    this.maxApduLength = Math.max(0, Math.min(0xffff, opts.maxApduLength ?? 0xffff));
    this.onEvent = opts.onEvent;
  }

  get buffered(): number {
    return this.buf.length - this.pos;
  }

  /** Complete frames found so far; garbage and errors go to `onEvent`. */
  push(chunk: Uint8Array): WrapperFrame[] {
    const frames: WrapperFrame[] = [];
    for (const e of this.pushEvents(chunk)) {
      if (e.kind === 'frame') frames.push(e.frame);
      else this.onEvent?.(e);
    }
    return frames;
  }

  /** Every event in stream order. */
  pushEvents(chunk: Uint8Array): WrapperStreamEvent[] {
    if (chunk.length > 0) {
      const next = new Uint8Array(this.buffered + chunk.length);
      next.set(this.buf.subarray(this.pos));
      next.set(chunk, this.buffered);
      this.base += this.pos;
      this.buf = next;
      this.pos = 0;
    }
    const out: WrapperStreamEvent[] = [];
    const buf = this.buf;
    for (;;) {
      const p = this.pos;
      const have = buf.length - p;
      if (have === 0) break;
      // Resynchronise: the version field 0x0001 must start here.
      if (buf[p] !== 0x00 || (have >= 2 && buf[p + 1] !== 0x01)) {
        let q = p + 1;
        while (q < buf.length && !(buf[q] === 0x00 && (q + 1 === buf.length || buf[q + 1] === 0x01))) q++;
        this.garbage(out, p, q - p);
        this.pos = q;
        continue;
      }
      if (have < WRAPPER_HEADER_LENGTH) break;
      const length = (buf[p + 6]! << 8) | buf[p + 7]!;
      if (length > this.maxApduLength) {
        out.push({ kind: 'error', offset: this.base + p, code: 'LENGTH_OVERFLOW', message: `wrapper length ${length} exceeds the limit ${this.maxApduLength}` });
        this.garbage(out, p, WRAPPER_HEADER_LENGTH);
        this.pos = p + WRAPPER_HEADER_LENGTH;
        continue;
      }
      if (have < WRAPPER_HEADER_LENGTH + length) break;
      const header: WrapperHeader = {
        version: WRAPPER_VERSION,
        sourceWPort: (buf[p + 2]! << 8) | buf[p + 3]!,
        destinationWPort: (buf[p + 4]! << 8) | buf[p + 5]!,
        length,
      };
      const apdu = buf.slice(p + WRAPPER_HEADER_LENGTH, p + WRAPPER_HEADER_LENGTH + length);
      out.push({ kind: 'frame', offset: this.base + p, frame: { header, apdu } });
      this.pos = p + WRAPPER_HEADER_LENGTH + length;
    }
    if (this.pos > 0) {
      this.base += this.pos;
      this.buf = this.buf.slice(this.pos);
      this.pos = 0;
    }
    return out;
  }

  private garbage(out: WrapperStreamEvent[], at: number, length: number): void {
    if (length <= 0) return;
    const offset = this.base + at;
    const last = out[out.length - 1];
    if (last?.kind === 'garbage' && last.offset + last.length === offset) last.length += length;
    else out.push({ kind: 'garbage', offset, length });
  }
}
