// Bounds-checked reader over a Uint8Array (pg-protocol keeps its buffer reader apart from the
// socket the same way). Every read checks what remains; failures are DlmsDecodeError with the
// absolute offset and the dotted path of fields being read.
//
// Dissection rides on the same decoders: wrap a field read in `r.node(label, fn, describe)` and,
// when a FieldSink is attached, the reader records a FieldNode with its byte range. Without a
// sink, `node` only maintains the path used in error messages.

import type { FieldNode } from '../../../src-shared/trace';
import { DlmsDecodeError, type DecodeErrorCode } from '../errors';

export interface NodeInfo {
  value?: string;
  meaning?: string;
}

/** Collects FieldNodes while a decoder runs (see FieldTreeSink in dissect/). */
export interface FieldSink {
  open(label: string, start: number): void;
  close(end: number, info: NodeInfo | undefined): void;
  /** Closes every open node down to `depth` marking the innermost with the problem. */
  fail(offset: number, problem: string, depth: number): void;
  /** Current number of open nodes. */
  readonly depth: number;
  /** Attaches an extra node (e.g. a decrypted subtree) to the innermost open node. */
  attach(node: FieldNode): void;
}

export const MAX_NESTING_DEPTH = 64;

export class ByteReader {
  pos: number;
  readonly end: number;
  readonly path: string[] = [];
  nesting = 0;

  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    end = bytes.length,
    public sink?: FieldSink,
  ) {
    if (start < 0 || end > bytes.length || start > end) throw new RangeError('ByteReader bounds');
    this.pos = start;
    this.end = end;
  }

  static from(bytes: Uint8Array, sink?: FieldSink): ByteReader {
    return new ByteReader(bytes, 0, bytes.length, sink);
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  get eof(): boolean {
    return this.pos >= this.end;
  }

  fail(code: DecodeErrorCode, message: string, offset = this.pos): never {
    throw new DlmsDecodeError(code, message, offset, this.path.join('.'));
  }

  need(n: number, what = 'field'): void {
    if (n < 0 || this.pos + n > this.end) {
      this.fail('TRUNCATED', `${what} needs ${n} byte(s), ${this.remaining} left`);
    }
  }

  peek(offset = 0): number {
    this.need(offset + 1, 'peek');
    return this.bytes[this.pos + offset]!;
  }

  u8(): number {
    this.need(1, 'u8');
    return this.bytes[this.pos++]!;
  }

  i8(): number {
    const v = this.u8();
    return v >= 0x80 ? v - 0x100 : v;
  }

  u16(): number {
    this.need(2, 'u16');
    const b = this.bytes;
    const v = (b[this.pos]! << 8) | b[this.pos + 1]!;
    this.pos += 2;
    return v;
  }

  i16(): number {
    const v = this.u16();
    return v >= 0x8000 ? v - 0x10000 : v;
  }

  u32(): number {
    this.need(4, 'u32');
    const b = this.bytes;
    const p = this.pos;
    const v = b[p]! * 0x1000000 + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!);
    this.pos += 4;
    return v;
  }

  i32(): number {
    const v = this.u32();
    return v >= 0x80000000 ? v - 0x100000000 : v;
  }

  u64(): bigint {
    const hi = this.u32();
    const lo = this.u32();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  i64(): bigint {
    return BigInt.asIntN(64, this.u64());
  }

  f32(): number {
    this.need(4, 'float32');
    const v = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.pos, 4).getFloat32(0, false);
    this.pos += 4;
    return v;
  }

  f64(): number {
    this.need(8, 'float64');
    const v = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.pos, 8).getFloat64(0, false);
    this.pos += 8;
    return v;
  }

  /** A view (not a copy) of the next n bytes. */
  bytesView(n: number, what = 'octets'): Uint8Array {
    this.need(n, what);
    const v = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  /** A copy of the next n bytes (safe to keep after the input buffer is reused). */
  take(n: number, what = 'octets'): Uint8Array {
    return this.bytesView(n, what).slice();
  }

  rest(): Uint8Array {
    return this.take(this.remaining);
  }

  /**
   * A-XDR length (IEC 61334-6 / Green Book 9.5): one byte 0..127, or 0x81..0x84 followed by that
   * many length bytes. Also the BER definite length form, which is identical for our purposes.
   * `max` caps the value against the bytes that can possibly follow (hostile input).
   */
  length(what = 'length', max = this.remaining): number {
    const start = this.pos;
    const first = this.u8();
    let n: number;
    if (first < 0x80) n = first;
    else {
      const k = first & 0x7f;
      if (k === 0) this.fail('BAD_LENGTH', `indefinite ${what} is not allowed`, start);
      if (k > 4) this.fail('LENGTH_OVERFLOW', `${what} of ${k} length octets`, start);
      n = 0;
      for (let i = 0; i < k; i++) n = n * 256 + this.u8();
    }
    if (n > max) this.fail('LENGTH_OVERFLOW', `${what} ${n} exceeds the ${max} byte(s) available`, start);
    return n;
  }

  /** A reader over the next n bytes sharing sink, path and nesting; advances this one past them. */
  sub(n: number, what = 'contents'): ByteReader {
    this.need(n, what);
    const r = new ByteReader(this.bytes, this.pos, this.pos + n, this.sink);
    r.path.push(...this.path);
    r.nesting = this.nesting;
    this.pos += n;
    return r;
  }

  expectEnd(what = 'PDU'): void {
    if (this.pos !== this.end) this.fail('TRAILING', `${this.end - this.pos} byte(s) after the end of ${what}`);
  }

  /**
   * Reads one named field. Pushes `label` on the error path and, with a sink attached, records
   * a FieldNode covering the bytes `fn` consumed, described by `describe(result)`.
   */
  node<T>(label: string, fn: () => T, describe?: (v: T) => NodeInfo | string | undefined): T {
    const sink = this.sink;
    this.path.push(label);
    if (sink === undefined) {
      const v = fn();
      this.path.pop();
      return v;
    }
    const depth = sink.depth;
    sink.open(label, this.pos);
    let v: T;
    try {
      v = fn();
    } catch (e) {
      if (e instanceof DlmsDecodeError) sink.fail(e.offset, e.message, depth);
      this.path.pop();
      throw e;
    }
    const d = describe?.(v);
    sink.close(this.pos, typeof d === 'string' ? { value: d } : d);
    this.path.pop();
    return v;
  }

  /** Runs fn one nesting level deeper (array/structure/compact-array), failing past the guard. */
  nested<T>(fn: () => T): T {
    if (this.nesting >= MAX_NESTING_DEPTH) this.fail('DEPTH', `nesting deeper than ${MAX_NESTING_DEPTH}`);
    this.nesting++;
    try {
      return fn();
    } finally {
      this.nesting--;
    }
  }
}
