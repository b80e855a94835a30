// HDLC control field (IEC 62056-46 clause 6.4.3, ISO/IEC 13239), the subset DLMS uses.
//
//   bit:      7 6 5 | 4   | 3 2 1 | 0
//   I frame:  N(R)  | P/F | N(S)  | 0
//   S frame:  N(R)  | P/F | s s 0 | 1      RR: ss = 00 (0x01)   RNR: ss = 10 (0x05)
//   U frame:  m m m | P/F | m m 1 | 1      SNRM 0x83, DISC 0x43, UA 0x63, DM 0x0F, FRMR 0x87, UI 0x03
//
// N(S)/N(R) are modulo 8. P (poll) on commands from the primary (client), F (final) on responses.

import { assertNever } from '../../errors';

export type HdlcControl =
  | { kind: 'I'; ns: number; nr: number; pf: boolean }
  | { kind: 'RR'; nr: number; pf: boolean }
  | { kind: 'RNR'; nr: number; pf: boolean }
  | { kind: 'SNRM'; pf: boolean }
  | { kind: 'DISC'; pf: boolean }
  | { kind: 'UA'; pf: boolean }
  | { kind: 'DM'; pf: boolean }
  | { kind: 'FRMR'; pf: boolean }
  | { kind: 'UI'; pf: boolean };

export type HdlcControlKind = HdlcControl['kind'];

const PF = 0x10;

/** Supervisory function bits (P/F and N(R) cleared). */
export const SUPERVISORY_CODES = { RR: 0x01, RNR: 0x05 } as const;

/** Unnumbered command/response codes (P/F cleared). */
export const UNNUMBERED_CODES = { SNRM: 0x83, DISC: 0x43, UA: 0x63, DM: 0x0f, FRMR: 0x87, UI: 0x03 } as const;

/** U frames carry no sequence numbers: their code and P/F say everything. */
function isUnnumbered(c: HdlcControl): c is Extract<HdlcControl, { kind: keyof typeof UNNUMBERED_CODES }> {
  return Object.prototype.hasOwnProperty.call(UNNUMBERED_CODES, c.kind);
}

/** The spec's names for each frame kind. */
export const CONTROL_NAMES: Record<HdlcControlKind, string> = {
  I: 'information',
  RR: 'receive ready',
  RNR: 'receive not ready',
  SNRM: 'set normal response mode',
  DISC: 'disconnect',
  UA: 'unnumbered acknowledge',
  DM: 'disconnected mode',
  FRMR: 'frame reject',
  UI: 'unnumbered information',
};

function seq(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0 || n > 7) throw new RangeError(`${what} ${n} is outside 0..7`);
  return n;
}

export function encodeControl(c: HdlcControl): number {
  const pf = c.pf ? PF : 0;
  if (isUnnumbered(c)) return UNNUMBERED_CODES[c.kind] | pf;
  switch (c.kind) {
    case 'I':
      return (seq(c.nr, 'N(R)') << 5) | pf | (seq(c.ns, 'N(S)') << 1);
    case 'RR':
    case 'RNR':
      return (seq(c.nr, 'N(R)') << 5) | pf | SUPERVISORY_CODES[c.kind];
    default:
      return assertNever(c, 'HDLC control');
  }
}

/** Decodes a control byte; undefined for a code DLMS does not use (REJ, SREJ, other U frames). */
export function decodeControl(b: number): HdlcControl | undefined {
  const pf = (b & PF) !== 0;
  if ((b & 1) === 0) return { kind: 'I', ns: (b >> 1) & 7, nr: (b >> 5) & 7, pf };
  if ((b & 3) === 1) {
    const code = b & 0x0f;
    if (code === SUPERVISORY_CODES.RR) return { kind: 'RR', nr: (b >> 5) & 7, pf };
    if (code === SUPERVISORY_CODES.RNR) return { kind: 'RNR', nr: (b >> 5) & 7, pf };
    return undefined;
  }
  const code = b & ~PF & 0xff;
  for (const [kind, v] of Object.entries(UNNUMBERED_CODES) as [keyof typeof UNNUMBERED_CODES, number][]) {
    if (v === code) return { kind, pf };
  }
  return undefined;
}

/** "I(N(S)=0,N(R)=1,P/F=1)", "RR(N(R)=2,P/F=1)", "SNRM(P/F=1)": the vectors' notation. */
export function formatControl(c: HdlcControl): string {
  const pf = `P/F=${c.pf ? 1 : 0}`;
  if (isUnnumbered(c)) return `${c.kind}(${pf})`;
  switch (c.kind) {
    case 'I':
      return `I(N(S)=${c.ns},N(R)=${c.nr},${pf})`;
    case 'RR':
    case 'RNR':
      return `${c.kind}(N(R)=${c.nr},${pf})`;
    default:
      return assertNever(c, 'HDLC control');
  }
}

/** True for frames that may carry an information field with an APDU (I and UI). */
export function carriesApdu(c: HdlcControl): boolean {
  return c.kind === 'I' || c.kind === 'UI';
}
