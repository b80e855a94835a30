// A deterministic synthetic capture for the bench: HDLC and wrapper frames carrying AARQ/AARE,
// get/set/action requests and responses with realistic data (registers, clock, profile buffers),
// GBT blocks of a long profile read, and glo-ciphered APDUs. APDUs are hand-built from the Green
// Book encodings (A-XDR Data through encodeData), so the bench does not depend on test vectors.

import { ByteWriter, build } from '../dlms/codec/byte-writer';
import type { DlmsData } from '../dlms/axdr/types';
import { encodeData } from '../dlms/axdr/data';
import { encodeHdlcFrame, withLlc } from '../dlms/framing/hdlc/frame';
import { clientAddress, serverAddress } from '../dlms/framing/hdlc/address';
import { encodeWrapperFrame } from '../dlms/framing/wrapper';
import { sealApdu } from '../dlms/security/gcm';
import { mulberry32 } from '../sim/device-model/prng';

export type RecordKind = 'hdlc' | 'wrapper';

export interface CaptureRecord {
  kind: RecordKind;
  bytes: Uint8Array;
}

/** Uniform in [0, 1) from the simulator's seeded PRNG, so every run writes the same capture. */
function rng(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() / 4294967296;
}

const EK = Uint8Array.from({ length: 16 }, (_, i) => i);
const AK = Uint8Array.from({ length: 16 }, (_, i) => 0xd0 + i);
const CLIENT_ST = Uint8Array.of(0x4d, 0x4d, 0x4d, 0, 0, 0, 0, 1);

const OBIS = [
  [1, 0, 1, 8, 0, 255],
  [1, 0, 2, 8, 0, 255],
  [1, 0, 32, 7, 0, 255],
  [0, 0, 1, 0, 0, 255],
  [1, 0, 99, 1, 0, 255],
  [0, 0, 96, 1, 0, 255],
] as const;

function dateTime(r: () => number): Uint8Array {
  return Uint8Array.of(0x07, 0xe8, 1 + Math.floor(r() * 12), 1 + Math.floor(r() * 28), 0xff, Math.floor(r() * 24), Math.floor(r() * 60), 0, 0, 0xff, 0xc4, 0);
}

function profileBuffer(r: () => number, rows: number): DlmsData {
  const items: DlmsData[] = [];
  for (let i = 0; i < rows; i++) {
    items.push({
      type: 'structure',
      items: [
        { type: 'octet-string', value: dateTime(r) },
        { type: 'unsigned', value: 0 },
        { type: 'double-long-unsigned', value: Math.floor(r() * 1e8) },
        { type: 'double-long-unsigned', value: Math.floor(r() * 1e6) },
      ],
    });
  }
  return { type: 'array', items };
}

function aarq(r: () => number): Uint8Array {
  const challenge = Uint8Array.from({ length: 8 }, () => Math.floor(r() * 256));
  const body = build((w) => {
    w.bytes([0xa1, 0x09, 0x06, 0x07, 0x60, 0x85, 0x74, 0x05, 0x08, 0x01, 0x01]);
    w.bytes([0x8a, 0x02, 0x07, 0x80, 0x8b, 0x07, 0x60, 0x85, 0x74, 0x05, 0x08, 0x02, 0x05]);
    w.bytes([0xac, 0x0a, 0x80, 0x08]).bytes(challenge);
    w.bytes([0xbe, 0x10, 0x04, 0x0e, 0x01, 0x00, 0x00, 0x00, 0x06, 0x5f, 0x1f, 0x04, 0x00, 0x40, 0x3e, 0xdd, 0x04, 0x2e]);
  });
  return build((w) => w.u8(0x60).withLength(body));
}

function aare(): Uint8Array {
  const body = build((w) => {
    w.bytes([0xa1, 0x09, 0x06, 0x07, 0x60, 0x85, 0x74, 0x05, 0x08, 0x01, 0x01, 0xa2, 0x03, 0x02, 0x01, 0x00]);
    w.bytes([0xa3, 0x05, 0xa1, 0x03, 0x02, 0x01, 0x00]);
    w.bytes([0xbe, 0x10, 0x04, 0x0e, 0x08, 0x00, 0x06, 0x5f, 0x1f, 0x04, 0x00, 0x00, 0x1e, 0x1d, 0x04, 0xc8, 0x00, 0x07]);
  });
  return build((w) => w.u8(0x61).withLength(body));
}

function attr(w: ByteWriter, classId: number, obis: readonly number[], id: number): void {
  w.u16(classId).bytes(obis).u8(id);
}

function data(d: DlmsData): (w: ByteWriter) => void {
  return (w) => encodeData(w, d);
}

/** One APDU of a mixed association: the kind cycles, the content is random but reproducible. */
function apdu(r: () => number, i: number): Uint8Array {
  const iip = 0xc1;
  const obis = OBIS[i % OBIS.length]!;
  switch (i % 10) {
    case 0:
      return aarq(r);
    case 1:
      return aare();
    case 2:
      return build((w) => (w.bytes([0xc0, 0x01, iip]), attr(w, 3, obis, 2), w.u8(0)));
    case 3:
      return build((w) => (w.bytes([0xc4, 0x01, iip, 0x00]), data({ type: 'double-long-unsigned', value: Math.floor(r() * 1e9) })(w)));
    case 4:
      return build((w) => (w.bytes([0xc4, 0x01, iip, 0x00]), data(profileBuffer(r, 8))(w)));
    case 5:
      return build((w) => (w.bytes([0xc1, 0x01, iip]), attr(w, 8, [0, 0, 1, 0, 0, 255], 2), w.u8(0), data({ type: 'octet-string', value: dateTime(r) })(w)));
    case 6:
      return Uint8Array.of(0xc5, 0x01, iip, 0x00);
    case 7:
      return build((w) => {
        w.bytes([0xc3, 0x01, iip]).u16(15).bytes([0, 0, 40, 0, 0, 255]).u8(1).u8(1);
        encodeData(w, { type: 'octet-string', value: Uint8Array.from({ length: 17 }, () => Math.floor(r() * 256)) });
      });
    case 8:
      return Uint8Array.of(0xc7, 0x01, iip, 0x00, 0x00);
    default: {
      const plaintext = build((w) => (w.bytes([0xc0, 0x01, iip]), attr(w, 1, [0, 0, 96, 1, 10, 255], 2), w.u8(0)));
      return sealApdu({ target: { type: 'service-specific', tag: 0xc8 }, securityControl: 0x30, invocationCounter: i, systemTitle: CLIENT_ST, keys: { ek: EK, ak: AK }, plaintext }).bytes;
    }
  }
}

/** A long profile read answered in general-block-transfer blocks. */
function gbtBlocks(r: () => number, blockSize: number): Uint8Array[] {
  const whole = build((w) => (w.bytes([0xc4, 0x01, 0xc1, 0x00]), encodeData(w, profileBuffer(r, 60))));
  const out: Uint8Array[] = [];
  for (let at = 0, n = 1; at < whole.length; at += blockSize, n++) {
    const chunk = whole.subarray(at, at + blockSize);
    const last = at + blockSize >= whole.length;
    out.push(build((w) => w.u8(0xe0).u8((last ? 0x80 : 0) | 0x40).u16(n).u16(0).withLength(chunk)));
  }
  return out;
}

/** APDUs a client sends: AARQ, get/set/action requests, glo-get-request. */
const CLIENT_TAGS = new Set([0x60, 0xc0, 0xc1, 0xc3, 0xc8]);

function frame(kind: RecordKind, apduBytes: Uint8Array, seq: number, fromClient: boolean): Uint8Array {
  if (kind === 'wrapper') return encodeWrapperFrame({ sourceWPort: fromClient ? 0x10 : 1, destinationWPort: fromClient ? 1 : 0x10, apdu: apduBytes });
  const client = clientAddress(16);
  const server = serverAddress(1, 17, 2);
  return encodeHdlcFrame({
    destination: fromClient ? server : client,
    source: fromClient ? client : server,
    control: { kind: 'I', ns: seq & 7, nr: (seq + 1) & 7, pf: true },
    information: withLlc(fromClient ? 'command' : 'response', apduBytes),
  });
}

/** `count` frames, alternating HDLC and wrapper associations; every 50th exchange is a GBT read. */
export function generateCapture(count: number, seed = 0x5eed): CaptureRecord[] {
  const r = rng(seed);
  const out: CaptureRecord[] = [];
  let i = 0;
  while (out.length < count) {
    const kind: RecordKind = Math.floor(i / 500) % 2 === 0 ? 'hdlc' : 'wrapper';
    if (i % 50 === 49) {
      for (const block of gbtBlocks(r, 200)) out.push({ kind, bytes: frame(kind, block, i, false) });
    } else {
      const a = apdu(r, i);
      out.push({ kind, bytes: frame(kind, a, i, CLIENT_TAGS.has(a[0]!)) });
    }
    i++;
  }
  return out.slice(0, count);
}

/** Records as one buffer: kind (0 hdlc, 1 wrapper), u32 length, bytes. */
export function serializeCapture(records: readonly CaptureRecord[]): Uint8Array {
  const w = new ByteWriter(1 << 20);
  for (const rec of records) w.u8(rec.kind === 'hdlc' ? 0 : 1).u32(rec.bytes.length).bytes(rec.bytes);
  return w.toBytes();
}

export function parseCapture(buf: Uint8Array): CaptureRecord[] {
  const out: CaptureRecord[] = [];
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  for (let p = 0; p < buf.length; ) {
    const kind: RecordKind = buf[p] === 0 ? 'hdlc' : 'wrapper';
    const n = view.getUint32(p + 1);
    out.push({ kind, bytes: buf.subarray(p + 5, p + 5 + n) });
    p += 5 + n;
  }
  return out;
}
