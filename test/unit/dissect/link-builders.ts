// Builds HDLC streams for the dissector tests with our own encoders: an APDU cut into segments
// (IEC 62056-46 6.4.4.4.3: the LLC header only in the first one, S=1 on all but the last), RR
// frames of the other side, and the APDUs the segments carry.

import { encodeApdu, type Apdu } from '../../../src-main/dlms/apdu';
import type { DlmsData } from '../../../src-main/dlms/axdr/types';
import { clientAddress, serverAddress } from '../../../src-main/dlms/framing/hdlc/address';
import { encodeHdlcFrame, withLlc } from '../../../src-main/dlms/framing/hdlc/frame';

export type Side = 'client' | 'server';

const CLIENT = clientAddress(16);
const SERVER = serverAddress(1, undefined, 1);

function addresses(from: Side): { source: typeof CLIENT; destination: typeof CLIENT } {
  return from === 'server' ? { source: SERVER, destination: CLIENT } : { source: CLIENT, destination: SERVER };
}

/** The information field a sender puts in its frames: LLC header + APDU. */
export function informationOf(from: Side, apdu: Uint8Array): Uint8Array {
  return withLlc(from === 'client' ? 'command' : 'response', apdu);
}

/** Cuts `info` at the given offsets into I-frames with N(S) from `ns`; S=1 on all but the last. */
export function segmentFrames(from: Side, info: Uint8Array, cuts: number[], ns = 0): Uint8Array[] {
  const bounds = [0, ...cuts.filter((c) => c > 0 && c < info.length), info.length];
  const frames: Uint8Array[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    frames.push(
      encodeHdlcFrame({
        ...addresses(from),
        segmented: i + 2 < bounds.length,
        control: { kind: 'I', ns: (ns + i) & 7, nr: 0, pf: true },
        information: info.subarray(bounds[i], bounds[i + 1]),
      }),
    );
  }
  return frames;
}

/** One I-frame with the whole APDU (not segmented). */
export function wholeFrame(from: Side, apdu: Uint8Array, ns = 0): Uint8Array {
  return encodeHdlcFrame({ ...addresses(from), control: { kind: 'I', ns, nr: 0, pf: true }, information: informationOf(from, apdu) });
}

/** The receiver's RR asking for the next segment. */
export function rr(from: Side, nr: number): Uint8Array {
  return encodeHdlcFrame({ ...addresses(from), control: { kind: 'RR', nr: nr & 7, pf: true } });
}

export function disc(): Uint8Array {
  return encodeHdlcFrame({ ...addresses('client'), control: { kind: 'DISC', pf: true } });
}

/** Frames interleaved: after every frame of `a` but the last comes the matching RR of the other side. */
export function withAcks(from: Side, frames: Uint8Array[]): Uint8Array[] {
  const other: Side = from === 'server' ? 'client' : 'server';
  return frames.flatMap((f, i) => (i + 1 < frames.length ? [f, rr(other, i + 1)] : [f]));
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A profile-like value: an array of `rows` structures {long-unsigned i, octet-string of 6 bytes}. */
export function table(rows: number, fill = 0x28): DlmsData {
  return {
    type: 'array',
    items: Array.from({ length: rows }, (_, i) => ({
      type: 'structure',
      items: [
        { type: 'long-unsigned', value: i },
        { type: 'octet-string', value: Uint8Array.of(fill, fill, i & 0xff, 0, 0, 0xff) },
      ],
    })),
  };
}

/** An SN ReadResponse carrying `data` (the service of the Gurux SN session). */
export function readResponse(data: DlmsData): Uint8Array {
  const apdu: Apdu = { type: 'read-response', results: [{ type: 'data', data }] };
  return encodeApdu(apdu);
}

export function readRequest(variableName: number): Uint8Array {
  return encodeApdu({ type: 'read-request', variables: [{ type: 'variable-name', variableName }] });
}

/** Offsets in `info` (after `from`) holding `byte`: places to cut so a segment starts with it. */
export function offsetsOf(info: Uint8Array, byte: number, from = 4): number[] {
  const out: number[] = [];
  for (let i = from; i < info.length; i++) if (info[i] === byte) out.push(i);
  return out;
}
