// Known non-standard encodings from real meters. When an APDU fails to decode and its bytes match
// a known quirk, an 'explanation' node says what the meter did, so the engineer sees a cause and
// not just "truncated". (Quirks a decoder already tolerates explain themselves in its nodes'
// meaning, e.g. the data-notification date-time written as Data 09 0C.)

import type { FieldNode } from '../../../src-shared/trace';
import { ByteReader } from '../codec/byte-reader';

const ACSE_NAMES: Readonly<Record<number, string>> = { 0x60: 'AARQ', 0x61: 'AARE', 0x62: 'RLRQ', 0x63: 'RLRE' };

export function explainQuirks(roots: FieldNode[], bytes: Uint8Array, start: number, end: number, error: { offset: number; message: string }): void {
  const text = shortBerLength(bytes, start, end, error);
  if (text) roots.push({ label: 'explanation', start, length: end - start, meaning: text });
}

/**
 * An ACSE APDU whose BER length is shorter than the bytes the meter sent (seen with an SN meter in
 * jDLMS' test frames: the AARE and its user-information lengths are each one byte short while
 * the HDLC checksums are valid). The decoder, honouring the declared lengths, runs out of bytes.
 */
function shortBerLength(bytes: Uint8Array, start: number, end: number, error: { offset: number }): string | undefined {
  const name = ACSE_NAMES[bytes[start] ?? -1];
  if (!name || end - start < 2) return undefined;
  let declared: number;
  let header: number;
  try {
    const r = new ByteReader(bytes, start + 1, end);
    declared = r.length('APDU length', Number.MAX_SAFE_INTEGER);
    header = r.pos - start;
  } catch {
    return undefined;
  }
  const present = end - start - header;
  if (declared >= present) return undefined;
  return (
    `non-standard encoding: the ${name} BER length says ${declared} byte(s) but ${present} follow; ` +
    `decoding stopped at byte ${error.offset} because the declared lengths inside are short as well ` +
    '(a meter quirk: its lengths do not count every byte it sends, while the link checksums are valid)'
  );
}
