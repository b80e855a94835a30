// Which layer are these bytes? Strong signals commit to a layer (a failure there is a malformed
// frame); weak ones (a byte that is also an A-XDR data tag) are tried and kept only if they parse
// completely.

import type { DissectLayer } from '../../../src-shared/trace';
import { CIPHERED_TAGS } from '../security/envelope';

export interface Candidate {
  layer: DissectLayer;
  strong: boolean;
}

/** APDU tags that are not also A-XDR Data tags (Green Book 9.5 xDLMS-APDU and ACSE-APDU). */
const STRONG_APDU_TAGS = new Set<number>([
  0x08, // initiateResponse
  0x0e, // confirmedServiceError
  0x60, 0x61, 0x62, 0x63, // AARQ, AARE, RLRQ, RLRE
  0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc7, // get/set/event-notification/action
  0xd8, // exception-response
  0xe0, // general-block-transfer
]);

/** APDU tags that collide with A-XDR Data tags: initiateRequest 01 / array, data-notification 0F / integer, SN services. */
const WEAK_APDU_TAGS = new Set<number>([0x01, 0x05, 0x06, 0x0c, 0x0d, 0x0f, 0x16, 0x18]);

/** A-XDR Data CHOICE tags (Green Book 9.5). */
const DATA_TAGS = new Set<number>([...Array.from({ length: 34 }, (_, i) => i).filter((t) => ![7, 8, 11, 14].includes(t)), 0xff]);

export function isHdlcStart(b: Uint8Array, pos: number): boolean {
  const n = b.length - pos;
  if (n >= 3 && b[pos] === 0x7e && (b[pos + 1]! & 0xf0) === 0xa0) return true;
  if (n < 7 || (b[pos]! & 0xf0) !== 0xa0) return false;
  const len = ((b[pos]! & 0x07) << 8) | b[pos + 1]!;
  if (len >= n - 1 && len <= n + 2) return true; // one frame, maybe a trailing flag, maybe without its FCS
  const next = pos + len;
  return len >= 7 && next < b.length && (b[next] === 0x7e || (b[next]! & 0xf0) === 0xa0);
}

export function candidates(b: Uint8Array): Candidate[] {
  const out: Candidate[] = [];
  if (b.length === 0) return out;
  const t = b[0]!;
  if (isHdlcStart(b, 0)) out.push({ layer: 'hdlc', strong: true });
  if (b.length >= 8 && t === 0x00 && b[1] === 0x01) out.push({ layer: 'wrapper', strong: true });
  if (STRONG_APDU_TAGS.has(t) || (CIPHERED_TAGS[t] !== undefined && !DATA_TAGS.has(t))) out.push({ layer: 'apdu', strong: true });
  else if (WEAK_APDU_TAGS.has(t) || CIPHERED_TAGS[t] !== undefined) out.push({ layer: 'apdu', strong: b.length > 2 && t === 0x0f });
  if (DATA_TAGS.has(t)) out.push({ layer: 'axdr', strong: false });
  return out;
}
