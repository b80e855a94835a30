// HDLC frame format type 3 (IEC 62056-46 clause 6.4, Green Book 8.4.2):
//
//   Frame ::= flag 0x7E
//             frame format  (16 bits: type 0b1010 (4) | segmentation S (1) | frame length (11))
//             destination address (1, 2 or 4 bytes)
//             source address      (1, 2 or 4 bytes)
//             control             (1 byte)
//             [HCS (2 bytes, present when an information field follows)]
//             [information (n bytes)]
//             FCS (2 bytes)
//             flag 0x7E
//
// The frame length counts every byte between the flags (format field to FCS). HCS covers the
// format field to the control field; FCS covers the format field to the end of the information.
// Both are CRC-16/X.25 sent least significant byte first. On I and UI frames carrying an APDU
// the information field of the first segment starts with the LLC header (IEC 62056-46 8.4.1):
// E6 E6 00 from the client (command), E6 E7 00 from the server (response).

import { ByteReader, type FieldSink } from '../../codec/byte-reader';
import { ByteWriter } from '../../codec/byte-writer';
import { DlmsDecodeError, type DecodeErrorCode } from '../../errors';
import { toHex } from '../../../../src-shared/hex';
import { addressBytes, formatAddress, readAddress, type HdlcAddress } from './address';
import { CONTROL_NAMES, decodeControl, encodeControl, formatControl, type HdlcControl } from './control';
import { checkSequenceBytes, crc16x25, readCheckSequence } from './crc';
import { decodeHdlcParams, type HdlcParamsField } from './params';

export const HDLC_FLAG = 0x7e;
export const FRAME_FORMAT_TYPE_3 = 0xa;
export const MAX_FRAME_LENGTH = 0x7ff;
/** Format field + 1-byte addresses + control + FCS: the shortest frame. */
export const MIN_FRAME_LENGTH = 7;

export const LLC_COMMAND = Uint8Array.of(0xe6, 0xe6, 0x00);
export const LLC_RESPONSE = Uint8Array.of(0xe6, 0xe7, 0x00);
export type LlcKind = 'command' | 'response';

export interface HdlcFrame {
  /** Segmentation bit S: more segments of this information follow. */
  segmented: boolean;
  /** The frame length field: bytes from the format field to the FCS. */
  length: number;
  destination: HdlcAddress;
  source: HdlcAddress;
  control: HdlcControl;
  /** The information field as sent (LLC header included); undefined when the frame has none. */
  information?: Uint8Array;
  /** LLC header found at the start of the information field of an I/UI frame. */
  llc?: LlcKind;
  /** Parameter negotiation field of an SNRM/UA. */
  params?: HdlcParamsField;
  hcs?: number;
  hcsOk?: boolean;
  fcs: number;
  fcsOk: boolean;
  flags: { opening: boolean; closing: boolean };
}

export interface HdlcFrameInput {
  segmented?: boolean;
  destination: HdlcAddress;
  source: HdlcAddress;
  control: HdlcControl;
  information?: Uint8Array;
  /** Opening/closing flags; both by default. */
  flags?: boolean | { opening: boolean; closing: boolean };
}

export interface DecodeHdlcOptions {
  /** 'throw' (default): HCS/FCS mismatch is BAD_CHECKSUM; 'report': flagged in the frame and the field tree. */
  checksums?: 'throw' | 'report';
}

export function encodeHdlcFrame(f: HdlcFrameInput): Uint8Array {
  const dest = addressBytes(f.destination);
  const src = addressBytes(f.source);
  const info = f.information;
  const length = 2 + dest.length + src.length + 1 + (info ? 2 + info.length : 0) + 2;
  if (length > MAX_FRAME_LENGTH) throw new RangeError(`HDLC frame of ${length} bytes exceeds the 11-bit length field`);
  const flags = f.flags === undefined || f.flags === true ? { opening: true, closing: true } : f.flags === false ? { opening: false, closing: false } : f.flags;
  const w = new ByteWriter(length + 2);
  if (flags.opening) w.u8(HDLC_FLAG);
  const start = w.length;
  w.u16((FRAME_FORMAT_TYPE_3 << 12) | (f.segmented ? 0x800 : 0) | length);
  w.bytes(dest).bytes(src).u8(encodeControl(f.control));
  if (info) {
    const head = w.toBytes();
    w.bytes(checkSequenceBytes(crc16x25(head, start)));
    w.bytes(info);
  }
  const body = w.toBytes();
  w.bytes(checkSequenceBytes(crc16x25(body, start)));
  if (flags.closing) w.u8(HDLC_FLAG);
  return w.toBytes();
}

/** `information` prefixed with the LLC header of the given direction. */
export function withLlc(kind: LlcKind, apdu: Uint8Array): Uint8Array {
  const out = new Uint8Array(3 + apdu.length);
  out.set(kind === 'command' ? LLC_COMMAND : LLC_RESPONSE);
  out.set(apdu, 3);
  return out;
}

/** Which LLC header `info` starts with, if any. */
export function llcKindOf(info: Uint8Array): LlcKind | undefined {
  if (info.length < 3 || info[0] !== 0xe6 || info[2] !== 0x00) return undefined;
  return info[1] === 0xe6 ? 'command' : info[1] === 0xe7 ? 'response' : undefined;
}

/** The information field without its LLC header. */
export function stripLlc(info: Uint8Array): Uint8Array {
  return llcKindOf(info) ? info.subarray(3) : info;
}

/** Decodes one frame at r.pos (opening and closing flags optional); leaves r after it. */
export function decodeHdlcFrame(r: ByteReader, opts: DecodeHdlcOptions = {}): HdlcFrame {
  return r.node('HDLC frame', () => readFrame(r, opts), (f) => ({ value: formatControl(f.control), meaning: summarizeHdlcFrame(f) }));
}

/** Decodes bytes holding exactly one frame (with or without flags). */
export function decodeHdlcFrameBytes(bytes: Uint8Array, opts: DecodeHdlcOptions = {}, sink?: FieldSink): HdlcFrame {
  const r = ByteReader.from(bytes, sink);
  const f = decodeHdlcFrame(r, opts);
  r.expectEnd('HDLC frame');
  return f;
}

export interface HdlcProblem {
  code: DecodeErrorCode;
  offset: number;
  message: string;
  path: string;
}

export interface HdlcCheckResult {
  ok: boolean;
  /** Present when the frame's structure decoded (even with a bad HCS/FCS). */
  frame?: HdlcFrame;
  problems: HdlcProblem[];
}

/** Non-throwing decode for the dissector: checksum mismatches are problems, not exceptions. */
export function checkHdlcFrame(bytes: Uint8Array, sink?: FieldSink): HdlcCheckResult {
  const problems: HdlcProblem[] = [];
  try {
    const frame = decodeHdlcFrameBytes(bytes, { checksums: 'report' }, sink);
    if (frame.hcsOk === false) problems.push(checksumProblem('HCS', frame, bytes));
    if (!frame.fcsOk) problems.push(checksumProblem('FCS', frame, bytes));
    return { ok: problems.length === 0, frame, problems };
  } catch (e) {
    if (!(e instanceof DlmsDecodeError)) throw e;
    problems.push({ code: e.code, offset: e.offset, message: e.message, path: e.path });
    return { ok: false, problems };
  }
}

function checksumProblem(which: 'HCS' | 'FCS', f: HdlcFrame, bytes: Uint8Array): HdlcProblem {
  const base = f.flags.opening ? 1 : 0;
  const offset = which === 'HCS' ? base + f.length - 2 - 2 - (f.information?.length ?? 0) : base + f.length - 2;
  const got = which === 'HCS' ? f.hcs! : f.fcs;
  const want = crc16x25(bytes, base, offset);
  return { code: 'BAD_CHECKSUM', offset, message: `${which} ${crcHex(got)} != computed ${crcHex(want)}`, path: `HDLC frame.${which}` };
}

function readFrame(r: ByteReader, opts: DecodeHdlcOptions): HdlcFrame {
  const report = opts.checksums === 'report';
  const opening = !r.eof && r.peek() === HDLC_FLAG;
  if (opening) r.node('opening flag', () => r.u8(), () => '7E');
  const start = r.pos;
  const format = r.node('frame format', () => r.u16(), (v) => ({
    value: v.toString(16).toUpperCase().padStart(4, '0'),
    meaning: `type ${v >> 12 === FRAME_FORMAT_TYPE_3 ? '3' : `0x${(v >> 12).toString(16)}`}, ${v & 0x800 ? 'segmented (S=1)' : 'not segmented'}, frame length ${v & 0x7ff}`,
  }));
  if (format >> 12 !== FRAME_FORMAT_TYPE_3) r.fail('BAD_TAG', `frame format type 0x${(format >> 12).toString(16)}, expected 0xA`, start);
  const segmented = (format & 0x800) !== 0;
  const length = format & 0x7ff;
  if (length < MIN_FRAME_LENGTH) r.fail('BAD_LENGTH', `frame length ${length} is below the minimum ${MIN_FRAME_LENGTH}`, start);
  // The bytes present for this frame: all that remain, less a trailing closing flag.
  const end = start + length;
  if (end > r.end) {
    const present = r.end - start - (r.end > start && r.bytes[r.end - 1] === HDLC_FLAG ? 1 : 0);
    r.fail('BAD_LENGTH', `length field ${length} != actual ${present}`, start);
  }
  const destination = r.node('destination address', () => readAddress(r), (a) => ({ value: addrHex(r, a), meaning: formatAddress(a) }));
  const source = r.node('source address', () => readAddress(r), (a) => ({ value: addrHex(r, a), meaning: formatAddress(a) }));
  const control = r.node(
    'control',
    () => {
      const b = r.u8();
      return decodeControl(b) ?? r.fail('BAD_TAG', `control field 0x${b.toString(16)} is not used by DLMS HDLC`, r.pos - 1);
    },
    (c) => ({ value: formatControl(c), meaning: CONTROL_NAMES[c.kind] }),
  );
  const headerEnd = r.pos;
  const room = end - 2 - headerEnd; // bytes between control and FCS
  if (room < 0) r.fail('BAD_LENGTH', `frame length ${length} leaves no room for the FCS`, start);
  if (room > 0 && room < 2) r.fail('BAD_LENGTH', `frame length ${length} leaves ${room} byte(s) for HCS and information`, headerEnd);
  const frame: HdlcFrame = { segmented, length, destination, source, control, fcs: 0, fcsOk: false, flags: { opening, closing: false } };
  if (room > 0) {
    const [hcs, ok] = readCheck(r, 'HCS', start, headerEnd, report);
    frame.hcs = hcs;
    frame.hcsOk = ok;
    const info = r.sub(room - 2, 'information');
    frame.information = r.bytes.slice(info.pos, info.end);
    info.node('information', () => readInformation(info, frame), () => ({ value: `${room - 2} byte(s)` }));
  }
  const [fcs, fcsOk] = readCheck(r, 'FCS', start, end - 2, report);
  frame.fcs = fcs;
  frame.fcsOk = fcsOk;
  if (!r.eof && r.peek() === HDLC_FLAG) {
    r.node('closing flag', () => r.u8(), () => '7E');
    frame.flags.closing = true;
  }
  return frame;
}

function readCheck(r: ByteReader, which: 'HCS' | 'FCS', from: number, to: number, report: boolean): [number, boolean] {
  const want = crc16x25(r.bytes, from, to);
  return r.node(
    which,
    () => {
      const at = r.pos;
      r.need(2, which);
      const got = readCheckSequence(r.bytes, at);
      r.pos += 2;
      const ok = got === want;
      if (!ok) {
        const message = `${which} ${crcHex(got)} != computed ${crcHex(want)}`;
        if (!report) r.fail('BAD_CHECKSUM', message, at);
        r.sink?.attach({ label: 'bad checksum', start: at, length: 2, problem: message });
      }
      return [got, ok] as [number, boolean];
    },
    ([got, ok]) => ({ value: crcHex(got), meaning: ok ? `${which === 'HCS' ? 'header' : 'frame'} check sequence ok` : `${which} mismatch, computed ${crcHex(want)}` }),
  );
}

function readInformation(r: ByteReader, f: HdlcFrame): void {
  const c = f.control;
  if ((c.kind === 'I' || c.kind === 'UI') && r.remaining >= 3) {
    const kind = llcKindOf(r.bytes.subarray(r.pos, r.pos + 3));
    if (kind) {
      r.node('LLC header', () => r.bytesView(3), () => ({ value: kind === 'command' ? 'E6E600' : 'E6E700', meaning: `LLC ${kind}` }));
      f.llc = kind;
    }
  } else if ((c.kind === 'SNRM' || c.kind === 'UA') && !r.eof && r.peek() === 0x81) {
    f.params = r.node('parameter negotiation', () => decodeHdlcParams(r), (p) => ({ value: `${p.parameters.length} parameter(s)` }));
  }
  if (!r.eof) r.node('data', () => r.bytesView(r.remaining), (b) => ({ value: `${b.length} byte(s)` }));
}

function addrHex(r: ByteReader, a: HdlcAddress): string {
  return toHex(r.bytes.subarray(r.pos - a.size, r.pos));
}

function crcHex(v: number): string {
  return toHex(Uint8Array.of(...checkSequenceBytes(v)));
}

/** One line for the trace's Info column: "I(N(S)=0,N(R)=0,P/F=1) 16 -> 1/17 len=44". */
export function summarizeHdlcFrame(f: HdlcFrame): string {
  const a = (x: HdlcAddress) => (x.lower === undefined ? `${x.upper}` : `${x.upper}/${x.lower}`);
  const seg = f.segmented ? ' S' : '';
  const info = f.information ? ` info=${f.information.length}` : '';
  return `HDLC ${formatControl(f.control)}${seg} ${a(f.source)} -> ${a(f.destination)} len=${f.length}${info}`;
}
