// Test helpers for the xDLMS codec tests: decode a whole buffer, re-encode, and cut the
// information field out of an HDLC frame by its own header fields (no framing code involved).
import { ByteReader } from '../../../src-main/dlms/codec/byte-reader';
import { ByteWriter } from '../../../src-main/dlms/codec/byte-writer';
import { fromHex } from '../../../src-shared/hex';

/** Decodes all of `bytes` with `fn`; trailing bytes fail the test. */
export function decodeAll<T>(bytes: Uint8Array | string, fn: (r: ByteReader) => T): T {
  const b = typeof bytes === 'string' ? fromHex(bytes) : bytes;
  const r = ByteReader.from(b);
  const v = fn(r);
  r.expectEnd();
  return v;
}

export function encodeWith<T>(v: T, fn: (w: ByteWriter, v: T) => void): Uint8Array {
  const w = new ByteWriter();
  fn(w, v);
  return w.toBytes();
}

/**
 * Splits a byte stream of flag-delimited HDLC frames (7E <format> ... 7E, adjacent frames each
 * with both flags) and returns each frame's information field with a leading LLC header
 * (E6 E6 00 / E6 E7 00) removed. Offsets come from the frame's format field (11-bit length),
 * the address extension bits (LSB 1 ends an address) and the fixed control + HCS + FCS sizes.
 */
export function hdlcInfoFields(stream: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let pos = 0;
  while (pos < stream.length) {
    if (stream[pos] !== 0x7e) throw new Error(`no opening flag at ${pos}`);
    const len = ((stream[pos + 1]! & 0x07) << 8) | stream[pos + 2]!;
    const frame = stream.subarray(pos + 1, pos + 1 + len);
    if (stream[pos + 1 + len] !== 0x7e) throw new Error(`no closing flag after frame at ${pos}`);
    let p = 2; // format field
    while ((frame[p]! & 1) === 0) p++; // destination address
    p++;
    while ((frame[p]! & 1) === 0) p++; // source address
    p++;
    p += 1 + 2; // control, HCS
    let info = frame.subarray(p, len - 2); // FCS
    if (info[0] === 0xe6 && (info[1] === 0xe6 || info[1] === 0xe7) && info[2] === 0x00) info = info.subarray(3);
    out.push(info);
    pos += len + 2;
  }
  return out;
}

export function obis(...parts: number[]): Uint8Array {
  return Uint8Array.from(parts);
}
