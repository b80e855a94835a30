// The four COSEM ACSE APDUs as one tagged union, dispatched on the [APPLICATION n] tag
// (Green Book 9.3, ACSE-APDU ::= CHOICE { aarq AARQ-apdu, aare AARE-apdu, rlrq RLRQ-apdu,
// rlre RLRE-apdu }: 0x60, 0x61, 0x62, 0x63).

import type { ByteReader } from '../codec/byte-reader';
import { ByteReader as Reader } from '../codec/byte-reader';
import { ByteWriter } from '../codec/byte-writer';
import { assertNever } from '../errors';
import { AARQ_TAG, decodeAarq, encodeAarq, summarizeAarq, type Aarq } from './aarq';
import { AARE_TAG, decodeAare, encodeAare, summarizeAare, type Aare } from './aare';
import { RLRE_TAG, RLRQ_TAG, decodeRlre, decodeRlrq, encodeRlre, encodeRlrq, type Rlre, type Rlrq } from './release';
import { hexByte } from './ber';

export type AcseApdu = Aarq | Aare | Rlrq | Rlre;

/** ACSE APDU tags with their names. */
export const ACSE_APDU_TAGS = {
  [AARQ_TAG]: 'AARQ',
  [AARE_TAG]: 'AARE',
  [RLRQ_TAG]: 'RLRQ',
  [RLRE_TAG]: 'RLRE',
} as const satisfies Record<number, AcseApdu['type']>;

export function isAcseTag(tag: number): boolean {
  return tag === AARQ_TAG || tag === AARE_TAG || tag === RLRQ_TAG || tag === RLRE_TAG;
}

/** Decodes one ACSE APDU at the reader's position (bytes may follow it). Throws only DlmsDecodeError. */
export function decodeAcseApdu(r: ByteReader): AcseApdu {
  const tag = r.peek();
  switch (tag) {
    case AARQ_TAG:
      return decodeAarq(r);
    case AARE_TAG:
      return decodeAare(r);
    case RLRQ_TAG:
      return decodeRlrq(r);
    case RLRE_TAG:
      return decodeRlre(r);
    default:
      return r.fail('BAD_TAG', `0x${hexByte(tag)} is not an ACSE APDU tag (60 AARQ, 61 AARE, 62 RLRQ, 63 RLRE)`);
  }
}

/** Decodes a buffer that holds exactly one ACSE APDU. */
export function decodeAcseApduBytes(bytes: Uint8Array): AcseApdu {
  const r = Reader.from(bytes);
  const a = decodeAcseApdu(r);
  r.expectEnd('ACSE APDU');
  return a;
}

export function encodeAcseApdu(w: ByteWriter, a: AcseApdu): void {
  switch (a.type) {
    case 'AARQ':
      encodeAarq(w, a);
      return;
    case 'AARE':
      encodeAare(w, a);
      return;
    case 'RLRQ':
      encodeRlrq(w, a);
      return;
    case 'RLRE':
      encodeRlre(w, a);
      return;
    default:
      assertNever(a, 'ACSE APDU');
  }
}

export function encodeAcseApduBytes(a: AcseApdu): Uint8Array {
  const w = new ByteWriter();
  encodeAcseApdu(w, a);
  return w.toBytes();
}

/** One line for a trace list. */
export function summarizeAcseApdu(a: AcseApdu): string {
  switch (a.type) {
    case 'AARQ':
      return summarizeAarq(a);
    case 'AARE':
      return summarizeAare(a);
    case 'RLRQ':
    case 'RLRE':
      return `${a.type}${a.reason !== undefined ? ` ${a.reason}` : ''}${a.userInformation ? `, ${a.userInformation.type}` : ''}`;
    default:
      return assertNever(a, 'ACSE APDU');
  }
}
