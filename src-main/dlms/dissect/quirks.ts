// Known non-standard encodings from real meters. When an APDU fails to decode and its bytes match
// a known quirk, an 'explanation' node says what the meter did, so the engineer sees a cause and
// not just "truncated". (Quirks a decoder already tolerates explain themselves in its nodes'
// meaning, e.g. the data-notification date-time written as Data 09 0C.)

import type { FieldNode } from '../../../src-shared/trace';
import { decodeData } from '../axdr/data';
import { ByteReader } from '../codec/byte-reader';
import { walk } from './tree';

const ACSE_NAMES: Readonly<Record<number, string>> = { 0x60: 'AARQ', 0x61: 'AARE', 0x62: 'RLRQ', 0x63: 'RLRE' };

export function explainQuirks(roots: FieldNode[], bytes: Uint8Array, start: number, end: number, error: { offset: number; message: string }): void {
  const text = shortBerLength(bytes, start, end, error) ?? shortArrayCount(roots, bytes, end, error);
  if (text) roots.push({ label: 'explanation', start, length: end - start, meaning: text });
}

/**
 * An ACSE APDU whose BER length is shorter than the bytes the meter sent (seen with an SN meter in
 * jDLMS' test frames: the AARE and its user-information lengths are each one byte short while
 * the HDLC checksums are valid; and in the Gurux DLMS server's RLRE around a ciphered
 * glo-initiate-response). The decoder, honouring the declared lengths, runs out of bytes.
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
    '(a quirk of the sender: its lengths do not count every byte it sends, while the link checksums are valid)'
  );
}

/**
 * An APDU that decoded completely but is followed by bytes that are whole A-XDR Data elements,
 * right after an array that ends there: the array's element count is short. Seen with the Gurux
 * DLMS server reading a profile-generic buffer by entry (selector 2): it writes the count as
 * to-entry - from-entry (0 for entries 1..1) and then sends to-entry - from-entry + 1 rows.
 */
function shortArrayCount(roots: FieldNode[], bytes: Uint8Array, end: number, error: { offset: number; message: string }): string | undefined {
  if (!error.message.endsWith('after the end of the APDU')) return undefined;
  let array: FieldNode | undefined;
  for (const root of roots) {
    walk(root, (n) => {
      if (!array && n.label === 'array' && n.start + n.length === error.offset) array = n;
    });
  }
  const declared = array?.children?.find((c) => c.label === 'length')?.value;
  if (!array || declared === undefined) return undefined;
  let count = 0;
  try {
    const r = new ByteReader(bytes, error.offset, end);
    while (!r.eof) {
      decodeData(r);
      count++;
    }
  } catch {
    return undefined;
  }
  return (
    `non-standard encoding: the array at byte ${array.start} declares ${declared} element(s), but ${count} more whole Data ` +
    `element(s) follow it to the end of the APDU (${end - error.offset} byte(s)): the sender's element count is short by ${count} ` +
    '(a quirk of the sender, e.g. the Gurux DLMS server reading a profile-generic buffer by entry counts to-entry - from-entry)'
  );
}
