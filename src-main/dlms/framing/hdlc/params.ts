// HDLC parameter negotiation field carried in the information field of SNRM and UA
// (IEC 62056-46 clause 6.4.4.4.3.2, ISO/IEC 13239 clause 5.5.3.2):
//
//   format identifier   0x81
//   group identifier    0x80 (user data subfield)
//   group length        1 byte: length of the parameters that follow
//   parameters          { parameter identifier (1 byte), parameter length (1 byte), value (big endian) }*
//     0x05 maximum information field length - transmit
//     0x06 maximum information field length - receive
//     0x07 window size - transmit
//     0x08 window size - receive
//
// A parameter that is absent takes its default: 128 bytes of information field, window 1.
// In the SNRM the values are the client's view (its transmit = the server's receive); the UA
// carries the server's view of the negotiated values. Each side takes the minimum of what was
// proposed and what it supports.

import type { ByteReader } from '../../codec/byte-reader';
import { ByteWriter } from '../../codec/byte-writer';

export const HDLC_PARAMS_FORMAT_ID = 0x81;
export const HDLC_PARAMS_GROUP_ID = 0x80;

export const HDLC_PARAMETER_IDS = {
  maxInfoTransmit: 0x05,
  maxInfoReceive: 0x06,
  windowTransmit: 0x07,
  windowReceive: 0x08,
} as const;

export type HdlcParamName = keyof typeof HDLC_PARAMETER_IDS;

export const HDLC_PARAMETER_NAMES: Record<number, string> = {
  0x05: 'maximum information field length - transmit',
  0x06: 'maximum information field length - receive',
  0x07: 'window size - transmit',
  0x08: 'window size - receive',
};

/** Negotiated (or proposed) link parameters, from one station's point of view. */
export interface HdlcLinkParams {
  maxInfoTransmit: number;
  maxInfoReceive: number;
  windowTransmit: number;
  windowReceive: number;
}

export const HDLC_DEFAULT_PARAMS: Readonly<HdlcLinkParams> = Object.freeze({
  maxInfoTransmit: 128,
  maxInfoReceive: 128,
  windowTransmit: 1,
  windowReceive: 1,
});

/** One parameter as found on the wire; `size` keeps the value's width for an exact re-encode. */
export interface HdlcParameter {
  id: number;
  size: number;
  value: number;
}

export interface HdlcParamsField {
  formatId: number;
  groupId: number;
  parameters: HdlcParameter[];
}

/** Decodes the whole negotiation field (the reader holds exactly the information field). */
export function decodeHdlcParams(r: ByteReader): HdlcParamsField {
  const formatId = r.node('format identifier', () => r.u8(), (v) => ({ value: hex2(v), meaning: 'HDLC parameter negotiation' }));
  if (formatId !== HDLC_PARAMS_FORMAT_ID) r.fail('BAD_TAG', `format identifier ${hex2(formatId)}, expected 0x81`, r.pos - 1);
  const groupId = r.node('group identifier', () => r.u8(), (v) => ({ value: hex2(v), meaning: 'user data subfield' }));
  if (groupId !== HDLC_PARAMS_GROUP_ID) r.fail('BAD_TAG', `group identifier ${hex2(groupId)}, expected 0x80`, r.pos - 1);
  const groupLength = r.node('group length', () => r.u8(), (v) => String(v));
  const g = r.sub(groupLength, 'parameter group');
  const parameters: HdlcParameter[] = [];
  while (!g.eof) {
    parameters.push(
      g.node(
        'parameter',
        () => {
          const id = g.node('parameter identifier', () => g.u8(), (v) => ({ value: hex2(v), meaning: HDLC_PARAMETER_NAMES[v] ?? 'unknown parameter' }));
          const size = g.node('parameter length', () => g.u8(), (v) => String(v));
          if (size < 1 || size > 4) g.fail('BAD_LENGTH', `parameter value of ${size} bytes (1..4 allowed)`, g.pos - 1);
          const value = g.node('parameter value', () => readUnsigned(g, size), (v) => String(v));
          return { id, size, value };
        },
        (p) => ({ value: `${p.value}`, meaning: HDLC_PARAMETER_NAMES[p.id] ?? `parameter ${hex2(p.id)}` }),
      ),
    );
  }
  r.expectEnd('HDLC parameter negotiation field');
  return { formatId, groupId, parameters };
}

function readUnsigned(r: ByteReader, size: number): number {
  let v = 0;
  for (let i = 0; i < size; i++) v = v * 256 + r.u8();
  return v;
}

export function encodeHdlcParamsField(f: HdlcParamsField): Uint8Array {
  const body = new ByteWriter();
  for (const p of f.parameters) {
    if (p.size < 1 || p.size > 4) throw new RangeError(`parameter value of ${p.size} bytes`);
    if (p.value < 0 || p.value >= 2 ** (8 * p.size)) throw new RangeError(`parameter value ${p.value} does not fit in ${p.size} bytes`);
    body.u8(p.id).u8(p.size);
    for (let i = p.size - 1; i >= 0; i--) body.u8(Math.floor(p.value / 2 ** (8 * i)) & 0xff);
  }
  const b = body.toBytes();
  if (b.length > 0xff) throw new RangeError('parameter group longer than 255 bytes');
  const w = new ByteWriter();
  w.u8(f.formatId).u8(f.groupId).u8(b.length).bytes(b);
  return w.toBytes();
}

/**
 * The field for a set of values, in the widths of the Green Book example (information field
 * lengths in 1 byte when they fit, else 2; window sizes in 4 bytes). Absent values are omitted.
 */
export function buildHdlcParamsField(p: Partial<HdlcLinkParams>): HdlcParamsField {
  const parameters: HdlcParameter[] = [];
  for (const name of Object.keys(HDLC_PARAMETER_IDS) as HdlcParamName[]) {
    const value = p[name];
    if (value === undefined) continue;
    const isWindow = name === 'windowTransmit' || name === 'windowReceive';
    parameters.push({ id: HDLC_PARAMETER_IDS[name], size: isWindow ? 4 : value <= 0xff ? 1 : 2, value });
  }
  return { formatId: HDLC_PARAMS_FORMAT_ID, groupId: HDLC_PARAMS_GROUP_ID, parameters };
}

/** The known parameters present in a field (later duplicates win). */
export function paramsOf(f: HdlcParamsField): Partial<HdlcLinkParams> {
  const out: Partial<HdlcLinkParams> = {};
  for (const name of Object.keys(HDLC_PARAMETER_IDS) as HdlcParamName[]) {
    for (const p of f.parameters) if (p.id === HDLC_PARAMETER_IDS[name]) out[name] = p.value;
  }
  return out;
}

export function withDefaults(p: Partial<HdlcLinkParams> | undefined): HdlcLinkParams {
  return {
    maxInfoTransmit: p?.maxInfoTransmit ?? HDLC_DEFAULT_PARAMS.maxInfoTransmit,
    maxInfoReceive: p?.maxInfoReceive ?? HDLC_DEFAULT_PARAMS.maxInfoReceive,
    windowTransmit: p?.windowTransmit ?? HDLC_DEFAULT_PARAMS.windowTransmit,
    windowReceive: p?.windowReceive ?? HDLC_DEFAULT_PARAMS.windowReceive,
  };
}

/**
 * What one station may use given its own capabilities and the peer's (each in its own view):
 * send no more than the peer receives, receive no more than it sends, windows at least 1.
 */
function negotiate(own: HdlcLinkParams, peer: HdlcLinkParams): HdlcLinkParams {
  return {
    maxInfoTransmit: Math.min(own.maxInfoTransmit, peer.maxInfoReceive),
    maxInfoReceive: Math.min(own.maxInfoReceive, peer.maxInfoTransmit),
    windowTransmit: Math.max(1, Math.min(own.windowTransmit, peer.windowReceive)),
    windowReceive: Math.max(1, Math.min(own.windowReceive, peer.windowTransmit)),
  };
}

/**
 * Server side: the values the UA announces (server's view) from the client's SNRM proposal
 * (client's view, absent = defaults) and what the server supports.
 */
export function negotiateAsServer(proposal: Partial<HdlcLinkParams> | undefined, supported: HdlcLinkParams): HdlcLinkParams {
  return negotiate(supported, withDefaults(proposal));
}

/**
 * Client side: the values in force after the UA (client's view), from what the client proposed
 * and the UA's values (server's view; absent field or parameter = defaults).
 */
export function negotiateAsClient(proposed: HdlcLinkParams, ua: Partial<HdlcLinkParams> | undefined): HdlcLinkParams {
  return negotiate(proposed, withDefaults(ua));
}

function hex2(v: number): string {
  return `0x${v.toString(16).toUpperCase().padStart(2, '0')}`;
}
