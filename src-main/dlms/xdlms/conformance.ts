// The xDLMS conformance block (Green Book 9.4.6.1, IEC 62056-5-3 "Conformance"):
//
//   Conformance ::= [APPLICATION 31] IMPLICIT BIT STRING {
//     reserved-zero (0), general-protection (1), general-block-transfer (2), read (3), write (4),
//     unconfirmed-write (5), delta-value-encoding (6), reserved-seven (7),
//     attribute0-supported-with-set (8), priority-mgmt-supported (9),
//     attribute0-supported-with-get (10), block-transfer-with-get-or-read (11),
//     block-transfer-with-set-or-write (12), block-transfer-with-action (13),
//     multiple-references (14), information-report (15), data-notification (16), access (17),
//     parameterized-access (18), get (19), set (20), selective-access (21),
//     event-notification (22), action (23) } (SIZE (24))
//
// Inside the A-XDR InitiateRequest/Response it keeps its BER form: 5F 1F 04 00 xx xx xx
// (tag [APPLICATION 31], length 4, 0 unused bits, 3 octets). BER bit 0 is the most significant bit
// of the first octet, so as a 24-bit number bit n has the value 1 << (23 - n): the seed's 0x403EDD
// is general-protection (0x400000) ... action (0x000001).

import type { ByteReader } from '../codec/byte-reader';
import type { ByteWriter } from '../codec/byte-writer';
import {
  conformanceFromNumber,
  conformanceHex,
  conformanceNames,
  conformanceToNumber,
  type Conformance,
} from '../../../src-shared/cosem/conformance';

// The bit names and the number <-> names conversions are shared with device files and settings
// (src-shared cannot import the codec); this module keeps its API by re-exporting them and adds
// the BER encoding.
export {
  CONFORMANCE_BITS,
  conformanceBitValue,
  conformanceFromNumber,
  conformanceHex,
  conformanceNames,
  conformanceOf,
  conformanceToNumber,
  type Conformance,
  type ConformanceBitName,
} from '../../../src-shared/cosem/conformance';

/** The identifier octets of [APPLICATION 31] IMPLICIT BIT STRING. */
export const CONFORMANCE_TAG = 0x5f1f;

/**
 * Reads the BER-encoded conformance block (5F 1F 04 00 xx xx xx). Any other tag, length or
 * unused-bits count is refused, so that what decodes re-encodes byte for byte.
 */
export function decodeConformance(r: ByteReader, label = 'conformance'): Conformance {
  return r.node(
    label,
    () => {
      const start = r.pos;
      const t = r.u16();
      if (t !== CONFORMANCE_TAG) r.fail('BAD_TAG', `conformance tag must be 5F1F ([APPLICATION 31]), got ${t.toString(16).toUpperCase()}`, start);
      const lenAt = r.pos;
      const len = r.u8();
      if (len !== 4) r.fail('BAD_LENGTH', `conformance bit string length must be 4, got ${len}`, lenAt);
      const unusedAt = r.pos;
      const unused = r.u8();
      if (unused !== 0) r.fail('BAD_VALUE', `conformance must have 0 unused bits, got ${unused}`, unusedAt);
      const n = (r.u8() << 16) | (r.u8() << 8) | r.u8();
      return conformanceFromNumber(n);
    },
    (c) => ({ value: conformanceHex(c), meaning: conformanceNames(c).join(', ') || 'no bits set' }),
  );
}

export function encodeConformance(w: ByteWriter, c: Conformance): void {
  const n = conformanceToNumber(c);
  w.u16(CONFORMANCE_TAG).u8(4).u8(0).u8(n >>> 16).u8((n >>> 8) & 0xff).u8(n & 0xff);
}
