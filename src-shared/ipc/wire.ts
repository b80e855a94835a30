// JSON on the web bridge's wire. Electron's structured clone carries Uint8Array as is; JSON does
// not, so the bridge writes bytes as {"$bytes":"<hex>"} and reads them back into Uint8Array.
// Both ends of the bridge use these two functions, so payloads stay "plain data + Uint8Array"
// whichever transport carries them.

import { fromHex, toHex } from '../hex';

const BYTES_KEY = '$bytes';

export function toWire(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? { [BYTES_KEY]: toHex(v) } : v));
}

/** Throws SyntaxError on malformed JSON (callers answer BAD_REQUEST). */
export function fromWire(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const hex = (v as Record<string, unknown>)[BYTES_KEY];
      if (keys.length === 1 && typeof hex === 'string' && /^[0-9A-F]*$/.test(hex) && hex.length % 2 === 0) {
        return fromHex(hex);
      }
    }
    return v;
  });
}
