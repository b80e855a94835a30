// Hex helpers shared by main and renderer (strict; the forgiving log parser lives in src-main/dlms/dissect/hex-input.ts).

const HEX = '0123456789ABCDEF';

export function toHex(bytes: Uint8Array, separator = ''): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (i > 0 && separator) s += separator;
    s += HEX[b >> 4]! + HEX[b & 15]!;
  }
  return s;
}

/** Strict: an even number of hex digits, whitespace ignored. Throws Error with the offending position. */
export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  if (clean.length % 2 !== 0) throw new Error(`odd number of hex digits (${clean.length})`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = parseInt(clean[2 * i]!, 16);
    const lo = parseInt(clean[2 * i + 1]!, 16);
    if (Number.isNaN(hi) || Number.isNaN(lo)) throw new Error(`not a hex digit at position ${2 * i}`);
    out[i] = (hi << 4) | lo;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
