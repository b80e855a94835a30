import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { corpusVector } from '../../support/vectors';
import { fromHex, toHex } from '../../../src-shared/hex';
import { checkSequenceBytes, checkSequenceOk, crc16x25 } from '../../../src-main/dlms/framing/hdlc/crc';
import { decodeHdlcFrameBytes } from '../../../src-main/dlms/framing/hdlc/frame';

const wire = (crc: number) => toHex(Uint8Array.of(...checkSequenceBytes(crc)));

describe('CRC-16/X.25 (HCS/FCS)', () => {
  it('gives the catalogue check value 0x906E over "123456789"', () => {
    const v = corpusVector('crc16-x25-check-value');
    expect(crc16x25(fromHex(v.hex))).toBe(0x906e);
    expect(wire(crc16x25(fromHex(v.hex)))).toBe(v.expect!.toUpperCase());
  });

  it('matches the HCS vector over 03 3F, sent least significant byte first', () => {
    const v = corpusVector('hdlc-hcs-033f');
    expect(wire(crc16x25(fromHex(v.hex)))).toBe(v.expect);
  });

  it('matches the jDLMS FCS vector, and the completed frame decodes with HCS and FCS ok', () => {
    const v = corpusVector('hdlc-fcs-jdlms-L79');
    const body = fromHex(v.hex);
    expect(wire(crc16x25(body))).toBe(v.expect);
    const frame = decodeHdlcFrameBytes(fromHex(v.hex + v.expect!));
    expect(frame.hcsOk).toBe(true);
    expect(frame.fcsOk).toBe(true);
    expect(frame.control).toEqual({ kind: 'I', ns: 4, nr: 5, pf: true });
    expect(toHex(frame.information!)).toBe('E6E700C5018100');
    expect(frame.llc).toBe('response');
  });

  it('a CRC appended LSB first leaves the constant X.25 residue, and any single-bit error is detected', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.nat(), (data, bit) => {
        const framed = new Uint8Array(data.length + 2);
        framed.set(data);
        framed.set(checkSequenceBytes(crc16x25(data)), data.length);
        // Over data + its CRC the X.25 register ends at the good-CRC residue 0xF0B8 (complemented: 0x0F47).
        expect(crc16x25(framed)).toBe(0x0f47);
        expect(checkSequenceOk(framed, 0, data.length)).toBe(true);
        const i = bit % (data.length * 8);
        framed[i >> 3]! ^= 1 << (i & 7);
        expect(checkSequenceOk(framed, 0, data.length)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
