// HCS/FCS of the HDLC frame (IEC 62056-46 clause 6.4.4, ISO/IEC 13239): CRC-16/X.25, also
// catalogued as CRC-16/IBM-SDLC. Polynomial x^16 + x^12 + x^5 + 1 (0x1021) processed reflected
// (0x8408), initial value 0xFFFF, result complemented (xorout 0xFFFF). Catalogue check value over
// ASCII "123456789" is 0x906E. On the wire the 16-bit value is sent least significant byte first.

const REFLECTED_POLY = 0x8408;

/** 256-entry table for the reflected (LSB-first) byte-wise algorithm. */
const TABLE: Uint16Array = (() => {
  const t = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ REFLECTED_POLY : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** CRC-16/X.25 of bytes[start, end). Returns the value (0..0xFFFF), not the wire order. */
export function crc16x25(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffff;
  for (let i = start; i < end; i++) crc = (crc >>> 8) ^ TABLE[(crc ^ bytes[i]!) & 0xff]!;
  return ~crc & 0xffff;
}

/** The two bytes of a check sequence as transmitted: least significant byte first. */
export function checkSequenceBytes(crc: number): [number, number] {
  return [crc & 0xff, (crc >>> 8) & 0xff];
}

/** Reads a transmitted check sequence (LSB first) at `offset`. */
export function readCheckSequence(bytes: Uint8Array, offset: number): number {
  return bytes[offset]! | (bytes[offset + 1]! << 8);
}

/** True when bytes[end, end+2) hold the CRC of bytes[start, end) in wire order. */
export function checkSequenceOk(bytes: Uint8Array, start: number, end: number): boolean {
  if (end + 2 > bytes.length) return false;
  return readCheckSequence(bytes, end) === crc16x25(bytes, start, end);
}
