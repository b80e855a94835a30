// The xDLMS conformance block as names (Green Book 9.4.6.1, IEC 62056-5-3 "Conformance"):
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
// BER bit 0 is the most significant bit of the first octet, so as a 24-bit number bit n has the
// value 1 << (23 - n): the seed's 0x403EDD is general-protection (0x400000) ... action (0x000001).
// The table and the number <-> names conversions live here so that device files, settings and the
// renderer (src-shared) and the codec (src-main/dlms/xdlms/conformance.ts, which adds the BER
// encoding) share one list.

/** The 24 bit names in bit order (index = BER bit number). */
export const CONFORMANCE_BITS = [
  'reserved-zero',
  'general-protection',
  'general-block-transfer',
  'read',
  'write',
  'unconfirmed-write',
  'delta-value-encoding',
  'reserved-seven',
  'attribute0-supported-with-set',
  'priority-mgmt-supported',
  'attribute0-supported-with-get',
  'block-transfer-with-get-or-read',
  'block-transfer-with-set-or-write',
  'block-transfer-with-action',
  'multiple-references',
  'information-report',
  'data-notification',
  'access',
  'parameterized-access',
  'get',
  'set',
  'selective-access',
  'event-notification',
  'action',
] as const;

export type ConformanceBitName = (typeof CONFORMANCE_BITS)[number];

/** The conformance block as named booleans, one per bit. */
export type Conformance = Record<ConformanceBitName, boolean>;

/** Whether BER bit `bit` (0..23) is set in the 24-bit number `n`. */
function bitSet(n: number, bit: number): boolean {
  return ((n >>> (23 - bit)) & 1) === 1;
}

/** Value of the named bit in the 24-bit number. */
export function conformanceBitValue(name: ConformanceBitName): number {
  return 1 << (23 - CONFORMANCE_BITS.indexOf(name));
}

/** The 24-bit number with exactly the named bits set. */
export function conformanceNumberOf(names: readonly ConformanceBitName[]): number {
  let n = 0;
  for (const name of names) n |= conformanceBitValue(name);
  return n >>> 0;
}

export function conformanceFromNumber(n: number): Conformance {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffff) throw new RangeError(`conformance ${n} is not a 24-bit value`);
  const c = {} as Conformance;
  CONFORMANCE_BITS.forEach((name, i) => {
    c[name] = bitSet(n, i);
  });
  return c;
}

export function conformanceToNumber(c: Conformance): number {
  return conformanceNumberOf(CONFORMANCE_BITS.filter((name) => c[name]));
}

/** The names of the bits that are set, in bit order. */
export function conformanceNames(c: Conformance | number): ConformanceBitName[] {
  const n = typeof c === 'number' ? c : conformanceToNumber(c);
  return CONFORMANCE_BITS.filter((_, i) => bitSet(n, i));
}

/** A conformance block with exactly the named bits set. */
export function conformanceOf(names: readonly ConformanceBitName[]): Conformance {
  return conformanceFromNumber(conformanceNumberOf(names));
}

/** "0x403EDD" */
export function conformanceHex(c: Conformance | number): string {
  const n = typeof c === 'number' ? c : conformanceToNumber(c);
  return `0x${n.toString(16).toUpperCase().padStart(6, '0')}`;
}
