// Growable big-endian writer, the encoding twin of ByteReader.

export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  length = 0;

  constructor(initialCapacity = 64) {
    this.buf = new Uint8Array(initialCapacity);
    this.view = new DataView(this.buf.buffer);
  }

  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.length + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): this {
    this.ensure(1);
    this.buf[this.length++] = v & 0xff;
    return this;
  }

  i8(v: number): this {
    return this.u8(v & 0xff);
  }

  u16(v: number): this {
    this.ensure(2);
    this.view.setUint16(this.length, v & 0xffff, false);
    this.length += 2;
    return this;
  }

  i16(v: number): this {
    return this.u16(v & 0xffff);
  }

  u32(v: number): this {
    this.ensure(4);
    this.view.setUint32(this.length, v >>> 0, false);
    this.length += 4;
    return this;
  }

  i32(v: number): this {
    return this.u32(v >>> 0);
  }

  u64(v: bigint): this {
    this.ensure(8);
    this.view.setBigUint64(this.length, BigInt.asUintN(64, v), false);
    this.length += 8;
    return this;
  }

  i64(v: bigint): this {
    return this.u64(BigInt.asUintN(64, v));
  }

  f32(v: number): this {
    this.ensure(4);
    this.view.setFloat32(this.length, v, false);
    this.length += 4;
    return this;
  }

  f64(v: number): this {
    this.ensure(8);
    this.view.setFloat64(this.length, v, false);
    this.length += 8;
    return this;
  }

  bytes(b: Uint8Array | readonly number[]): this {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
    return this;
  }

  /** A-XDR / BER definite length: short form below 128, else 0x8k followed by k bytes. */
  length_(n: number): this {
    if (n < 0x80) return this.u8(n);
    if (n <= 0xff) return this.u8(0x81).u8(n);
    if (n <= 0xffff) return this.u8(0x82).u16(n);
    if (n <= 0xffffff) return this.u8(0x83).u8(n >>> 16).u16(n & 0xffff);
    return this.u8(0x84).u32(n);
  }

  /** Writes `content` preceded by its A-XDR/BER length. */
  withLength(content: Uint8Array): this {
    return this.length_(content.length).bytes(content);
  }

  toBytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** Encodes with a fresh writer: `build(w => w.u8(1))`. */
export function build(fn: (w: ByteWriter) => void): Uint8Array {
  const w = new ByteWriter();
  fn(w);
  return w.toBytes();
}
