// Streaming HDLC deframer: bytes in any chunking -> frames, garbage and error events. Never throws.
//
// Frames are delimited by the frame length of the format field (IEC 62056-46 6.4.1), never by the
// next 0x7E: DLMS HDLC does no byte stuffing, so 0x7E may appear inside the information field (a
// public Python client that splits on 0x7E times out on large reads for exactly this reason).
// Accepted on input:
//   - one flag shared between consecutive frames (7E f1 7E f2 7E) and repeated flags (7E 7E);
//   - frames with a missing opening or closing flag (some meters and test suites omit them), at
//     the start of the stream or directly after a complete frame;
//   - garbage before, between and after frames: discarded bytes are reported as 'garbage' and
//     the deframer resynchronises on the next 7E followed by a plausible header (format type A,
//     valid addresses, HCS/FCS correct). A candidate that fails these checks is reported as an
//     'error' event and its bytes as garbage.

import { DlmsDecodeError, type DecodeErrorCode } from '../../errors';
import { scanAddressLength } from './address';
import { checkSequenceOk } from './crc';
import { decodeHdlcFrameBytes, FRAME_FORMAT_TYPE_3, HDLC_FLAG, MAX_FRAME_LENGTH, MIN_FRAME_LENGTH, type HdlcFrame } from './frame';

export type HdlcStreamEvent =
  /** A complete frame with HCS/FCS correct; `bytes` excludes the flags; `offset` is its stream offset. */
  | { kind: 'frame'; offset: number; bytes: Uint8Array; frame: HdlcFrame; opened: boolean }
  /** Bytes discarded while looking for a frame. */
  | { kind: 'garbage'; offset: number; length: number }
  /** A plausible frame start that failed a check (bad HCS/FCS, address, control, length). */
  | { kind: 'error'; offset: number; code: DecodeErrorCode; message: string };

export interface HdlcDeframerOptions {
  /** Frames longer than this are not plausible (default and maximum 2047, the 11-bit field). */
  maxFrameLength?: number;
}

type Attempt =
  | { kind: 'need-more' }
  | { kind: 'frame'; length: number; frame: HdlcFrame }
  | { kind: 'reject'; error?: { at: number; code: DecodeErrorCode; message: string } };

const NEED_MORE: Attempt = { kind: 'need-more' };

export class HdlcDeframer {
  private buf = new Uint8Array(0);
  private pos = 0;
  /** Stream offset of buf[0]. */
  private base = 0;
  /** May a frame start here without an opening flag (stream start, after a flag or a frame)? */
  private atBoundary = true;
  /** Was the last consumed byte a flag? */
  private afterFlag = false;
  private readonly maxFrameLength: number;

  constructor(opts: HdlcDeframerOptions = {}) {
    this.maxFrameLength = Math.min(MAX_FRAME_LENGTH, Math.max(MIN_FRAME_LENGTH, opts.maxFrameLength ?? MAX_FRAME_LENGTH));
  }

  /** Bytes held while waiting for the rest of a frame. */
  get buffered(): number {
    return this.buf.length - this.pos;
  }

  push(chunk: Uint8Array): HdlcStreamEvent[] {
    this.append(chunk);
    const out: HdlcStreamEvent[] = [];
    const buf = this.buf;
    while (this.pos < buf.length) {
      const b = buf[this.pos]!;
      if (b === HDLC_FLAG) {
        this.pos++;
        this.atBoundary = true;
        this.afterFlag = true;
        continue;
      }
      if (!this.atBoundary) {
        const next = buf.indexOf(HDLC_FLAG, this.pos);
        const stop = next < 0 ? buf.length : next;
        this.garbage(out, this.pos, stop - this.pos);
        this.pos = stop;
        this.afterFlag = false;
        continue;
      }
      const a = this.attempt(this.pos);
      if (a.kind === 'need-more') break;
      if (a.kind === 'frame') {
        out.push({ kind: 'frame', offset: this.base + this.pos, bytes: buf.slice(this.pos, this.pos + a.length), frame: a.frame, opened: this.afterFlag });
        this.pos += a.length;
        this.atBoundary = true;
        this.afterFlag = false;
        continue;
      }
      if (a.error) out.push({ kind: 'error', offset: this.base + a.error.at, code: a.error.code, message: a.error.message });
      // Not a frame here: drop this byte and scan for the next flag.
      this.garbage(out, this.pos, 1);
      this.pos++;
      this.atBoundary = false;
      this.afterFlag = false;
    }
    this.compact();
    return out;
  }

  /** End of stream: whatever is buffered is reported as garbage (a truncated frame). */
  end(): HdlcStreamEvent[] {
    const out: HdlcStreamEvent[] = [];
    if (this.buffered > 0) this.garbage(out, this.pos, this.buffered);
    this.pos = this.buf.length;
    this.compact();
    this.atBoundary = true;
    this.afterFlag = false;
    return out;
  }

  private append(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    const next = new Uint8Array(this.buf.length - this.pos + chunk.length);
    next.set(this.buf.subarray(this.pos));
    next.set(chunk, this.buf.length - this.pos);
    this.base += this.pos;
    this.buf = next;
    this.pos = 0;
  }

  private compact(): void {
    if (this.pos === 0) return;
    this.base += this.pos;
    this.buf = this.buf.slice(this.pos);
    this.pos = 0;
  }

  private garbage(out: HdlcStreamEvent[], at: number, length: number): void {
    if (length <= 0) return;
    const offset = this.base + at;
    const last = out[out.length - 1];
    if (last?.kind === 'garbage' && last.offset + last.length === offset) last.length += length;
    else out.push({ kind: 'garbage', offset, length });
  }

  /** Checks a frame candidate at p as far as the buffered bytes allow. */
  private attempt(p: number): Attempt {
    const buf = this.buf;
    const have = buf.length - p;
    if (have < 2) return NEED_MORE;
    const format = (buf[p]! << 8) | buf[p + 1]!;
    if (format >> 12 !== FRAME_FORMAT_TYPE_3) return { kind: 'reject' };
    const length = format & 0x7ff;
    if (length < MIN_FRAME_LENGTH || length > this.maxFrameLength) return { kind: 'reject' };
    const end = p + length;
    const reject = (at: number, code: DecodeErrorCode, message: string): Attempt => ({ kind: 'reject', error: { at, code, message } });
    let q = p + 2;
    for (const which of ['destination', 'source']) {
      const n = scanAddressLength(buf, q, Math.min(buf.length, end));
      if (n === 0) {
        if (q + 4 <= Math.min(buf.length, end) || buf.length >= end) return reject(q, 'BAD_VALUE', `${which} address does not end within the frame`);
        return NEED_MORE;
      }
      if (n === 3) return reject(q, 'BAD_VALUE', `${which} address field of 3 bytes`);
      q += n;
    }
    const headerEnd = q + 1; // control byte
    const room = end - 2 - headerEnd;
    if (room < 0 || room === 1) return reject(p, 'BAD_LENGTH', `frame length ${length} does not fit the header`);
    if (room >= 2) {
      if (buf.length < headerEnd + 2) return NEED_MORE;
      if (!checkSequenceOk(buf, p, headerEnd)) return reject(headerEnd, 'BAD_CHECKSUM', 'HCS mismatch');
    }
    if (buf.length < end) return NEED_MORE;
    if (!checkSequenceOk(buf, p, end - 2)) return reject(end - 2, 'BAD_CHECKSUM', 'FCS mismatch');
    try {
      return { kind: 'frame', length, frame: decodeHdlcFrameBytes(buf.slice(p, end)) };
    } catch (e) {
      if (e instanceof DlmsDecodeError) return reject(p + e.offset, e.code, e.message);
      return reject(p, 'BAD_VALUE', String(e));
    }
  }
}
