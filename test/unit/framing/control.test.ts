// HDLC control field (IEC 62056-46 6.4.3): every kind DLMS uses against its octet, both ways,
// and the vectors' text notation.
import { describe, expect, it } from 'vitest';
import { decodeControl, encodeControl, formatControl, type HdlcControl } from '../../../src-main/dlms/framing/hdlc/control';

// control, octet with P/F set, text
const CASES: [HdlcControl, number, string][] = [
  [{ kind: 'I', ns: 3, nr: 5, pf: true }, 0xb6, 'I(N(S)=3,N(R)=5,P/F=1)'],
  [{ kind: 'RR', nr: 2, pf: true }, 0x51, 'RR(N(R)=2,P/F=1)'],
  [{ kind: 'RNR', nr: 7, pf: true }, 0xf5, 'RNR(N(R)=7,P/F=1)'],
  [{ kind: 'SNRM', pf: true }, 0x93, 'SNRM(P/F=1)'],
  [{ kind: 'DISC', pf: true }, 0x53, 'DISC(P/F=1)'],
  [{ kind: 'UA', pf: true }, 0x73, 'UA(P/F=1)'],
  [{ kind: 'DM', pf: true }, 0x1f, 'DM(P/F=1)'],
  [{ kind: 'FRMR', pf: true }, 0x97, 'FRMR(P/F=1)'],
  [{ kind: 'UI', pf: true }, 0x13, 'UI(P/F=1)'],
];

describe('HDLC control field', () => {
  for (const [c, octet, text] of CASES) {
    it(text, () => {
      expect(encodeControl(c)).toBe(octet);
      expect(decodeControl(octet)).toEqual(c);
      expect(formatControl(c)).toBe(text);
      const clear = { ...c, pf: false };
      expect(encodeControl(clear)).toBe(octet & ~0x10);
      expect(decodeControl(octet & ~0x10)).toEqual(clear);
      expect(formatControl(clear)).toBe(text.replace('P/F=1', 'P/F=0'));
    });
  }

  it('refuses sequence numbers outside 0..7 and codes DLMS does not use', () => {
    expect(() => encodeControl({ kind: 'I', ns: 8, nr: 0, pf: false })).toThrow(RangeError);
    expect(() => encodeControl({ kind: 'RR', nr: -1, pf: false })).toThrow(RangeError);
    expect(decodeControl(0x09)).toBeUndefined(); // REJ
    expect(decodeControl(0x0d)).toBeUndefined(); // SREJ
    expect(decodeControl(0xe3)).toBeUndefined(); // an unnumbered code outside the subset
  });
});
