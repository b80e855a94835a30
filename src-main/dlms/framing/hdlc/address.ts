// HDLC addresses (IEC 62056-46 clause 6.4.2, Green Book 8.4.2.2).
//
// The address field uses the HDLC extension mechanism: each byte carries 7 address bits in its
// upper bits and bit 0 = 1 marks the last byte of the field. The client address is always one
// byte. The server address is 1, 2 or 4 bytes:
//   1 byte : the upper HDLC address only (logical device address, 7 bits)
//   2 bytes: upper (1 byte, 7 bits) then lower (1 byte, 7 bits, physical device address)
//   4 bytes: upper (2 bytes, 14 bits) then lower (2 bytes, 14 bits)
// Any other size (3, or more than 4 bytes) is not a valid HDLC address field.

import type { ByteReader } from '../../codec/byte-reader';
import type { ByteWriter } from '../../codec/byte-writer';

export type HdlcAddressSize = 1 | 2 | 4;

export interface HdlcAddress {
  /** Number of bytes the address occupies on the wire. */
  size: HdlcAddressSize;
  /** Upper HDLC address: the logical device address of a server, or the client SAP. */
  upper: number;
  /** Lower HDLC address (physical device address); absent for a 1-byte address. */
  lower?: number;
}

/** Reserved values (IEC 62056-46 table 1 / Green Book table "Reserved special HDLC addresses"). */
export const CLIENT_ADDRESS_NAMES: ReadonlyArray<[number, string]> = [
  [0x00, 'no-station'],
  [0x01, 'client management process'],
  [0x10, 'public client'],
  [0x7f, 'all-station (broadcast)'],
];

const SERVER_UPPER_NAMES_7: ReadonlyArray<[number, string]> = [
  [0x00, 'no-station'],
  [0x01, 'management logical device'],
  [0x7f, 'all-station (broadcast)'],
];
const SERVER_UPPER_NAMES_14: ReadonlyArray<[number, string]> = [
  [0x0000, 'no-station'],
  [0x0001, 'management logical device'],
  [0x3fff, 'all-station (broadcast)'],
];
const LOWER_NAMES_7: ReadonlyArray<[number, string]> = [
  [0x00, 'no-station'],
  [0x7e, 'calling physical device'],
  [0x7f, 'all-station (broadcast)'],
];
const LOWER_NAMES_14: ReadonlyArray<[number, string]> = [
  [0x0000, 'no-station'],
  [0x3ffe, 'calling physical device'],
  [0x3fff, 'all-station (broadcast)'],
];

/** Largest value of one half of the address for a given address size. */
export function addressPartMax(size: HdlcAddressSize): number {
  return size === 4 ? 0x3fff : 0x7f;
}

/** A one-byte client address (client SAP 0..127). */
export function clientAddress(sap: number): HdlcAddress {
  checkPart(sap, 0x7f, 'client address');
  return { size: 1, upper: sap };
}

/**
 * A server address from its logical device address (upper) and physical device address (lower).
 * With size 1 only the logical address is sent and `physical` must be omitted.
 */
export function serverAddress(logical: number, physical: number | undefined, size: HdlcAddressSize): HdlcAddress {
  const max = addressPartMax(size);
  checkPart(logical, max, 'logical device address');
  if (size === 1) {
    if (physical !== undefined) throw new RangeError('a 1-byte server address carries no physical device address');
    return { size, upper: logical };
  }
  if (physical === undefined) throw new RangeError(`a ${size}-byte server address needs a physical device address`);
  checkPart(physical, max, 'physical device address');
  return { size, upper: logical, lower: physical };
}

function checkPart(v: number, max: number, what: string): void {
  if (!Number.isInteger(v) || v < 0 || v > max) throw new RangeError(`${what} ${v} is outside 0..${max}`);
}

/** The address bytes as transmitted. */
export function addressBytes(a: HdlcAddress): Uint8Array {
  const max = addressPartMax(a.size);
  checkPart(a.upper, max, 'upper HDLC address');
  if (a.size === 1) return Uint8Array.of(((a.upper << 1) | 1) & 0xff);
  const lower = a.lower ?? 0;
  checkPart(lower, max, 'lower HDLC address');
  if (a.size === 2) return Uint8Array.of((a.upper << 1) & 0xfe, ((lower << 1) | 1) & 0xff);
  return Uint8Array.of(
    ((a.upper >> 7) << 1) & 0xfe,
    ((a.upper & 0x7f) << 1) & 0xfe,
    ((lower >> 7) << 1) & 0xfe,
    (((lower & 0x7f) << 1) | 1) & 0xff,
  );
}

export function writeAddress(w: ByteWriter, a: HdlcAddress): void {
  w.bytes(addressBytes(a));
}

/** Number of address bytes starting at `offset` (up to the byte with bit 0 set), or 0 if none ends within 4 bytes / the data. */
export function scanAddressLength(bytes: Uint8Array, offset: number, end = bytes.length): number {
  for (let i = 0; i < 4 && offset + i < end; i++) if (bytes[offset + i]! & 1) return i + 1;
  return 0;
}

/** Reads an address field; a field of 3 or more than 4 bytes is BAD_VALUE at its first byte. */
export function readAddress(r: ByteReader): HdlcAddress {
  const start = r.pos;
  const raw: number[] = [];
  for (;;) {
    const b = r.u8();
    raw.push(b);
    if (b & 1) break;
    if (raw.length >= 4) r.fail('BAD_VALUE', 'address field does not end within 4 bytes', start);
  }
  const v = raw.map((b) => b >> 1);
  switch (raw.length) {
    case 1:
      return { size: 1, upper: v[0]! };
    case 2:
      return { size: 2, upper: v[0]!, lower: v[1]! };
    case 4:
      return { size: 4, upper: (v[0]! << 7) | v[1]!, lower: (v[2]! << 7) | v[3]! };
    default:
      return r.fail('BAD_VALUE', `address field of ${raw.length} bytes (only 1, 2 or 4 are allowed)`, start);
  }
}

function lookup(table: ReadonlyArray<[number, string]>, v: number): string | undefined {
  return table.find(([k]) => k === v)?.[1];
}

/** "upper 1, lower 17" in the style of the vectors' checks. */
export function formatAddress(a: HdlcAddress): string {
  return a.lower === undefined ? `upper ${a.upper}` : `upper ${a.upper}, lower ${a.lower}`;
}

/** Human description, naming reserved values. `role` says which table of special addresses applies. */
export function describeAddress(a: HdlcAddress, role: 'client' | 'server' | 'unknown' = 'unknown'): string {
  if (role === 'client' || (role === 'unknown' && a.size === 1)) {
    const name = lookup(CLIENT_ADDRESS_NAMES, a.upper);
    const base = `${role === 'client' ? 'client' : 'address'} ${a.upper}`;
    return name ? `${base} (${name})` : base;
  }
  const upperTable = a.size === 4 ? SERVER_UPPER_NAMES_14 : SERVER_UPPER_NAMES_7;
  const lowerTable = a.size === 4 ? LOWER_NAMES_14 : LOWER_NAMES_7;
  const un = lookup(upperTable, a.upper);
  let s = `server logical ${a.upper}${un ? ` (${un})` : ''}`;
  if (a.lower !== undefined) {
    const ln = lookup(lowerTable, a.lower);
    s += `, physical ${a.lower}${ln ? ` (${ln})` : ''}`;
  }
  return `${s}, ${a.size}-byte address`;
}

export function addressEquals(a: HdlcAddress, b: HdlcAddress): boolean {
  return a.size === b.size && a.upper === b.upper && (a.lower ?? -1) === (b.lower ?? -1);
}
