// OBIS codes (IEC 62056-6-1, Blue Book 7): six value groups A..F, each 0..255, carried on the wire
// as a 6-octet logical name. Text forms accepted by parseObis:
//   '1-0:1.8.0*255'   reduced ID code form of IEC 62056-61 ('&' is accepted for '*' as well)
//   '1-0:1.8.0.255'   the same with a dot before F
//   '1.0.1.8.0.255'   dotted, as Gurux and most tools print it
//   '1-0:1.8.0'       F omitted: 255 ("not used")
//   '0-0:C.1.0'       letters in group C (IEC 62056-61 display codes): C=96, F=97, L=98, P=99
//   '0100010800FF'    12 hex digits, the logical name octets
// formatObis prints the reduced form ('1-0:1.8.0*255'), the reduced form with a dot before F
// ('1-0:1.8.0.255', the key of device files and the simulator's model) or the dotted one ('1.0.1.8.0.255').

export type Obis = readonly [number, number, number, number, number, number];

/** Value group C letters of IEC 62056-61: C = service entries, F = error messages, L = lists, P = profiles. */
export const OBIS_C_LETTERS: Readonly<Record<string, number>> = { C: 96, F: 97, L: 98, P: 99 };

export class ObisParseError extends Error {
  override readonly name = 'ObisParseError';
}

function bad(text: string, why: string): never {
  throw new ObisParseError(`invalid OBIS code "${text}": ${why}`);
}

function group(text: string, part: string, name: string, letters: boolean): number {
  if (letters) {
    const v = OBIS_C_LETTERS[part.toUpperCase()];
    if (v !== undefined) return v;
  }
  if (!/^\d{1,3}$/.test(part)) bad(text, `value group ${name} "${part}" is not a number 0..255`);
  const v = Number(part);
  if (v > 255) bad(text, `value group ${name} ${v} exceeds 255`);
  return v;
}

/** The six groups A..F from their texts; letters only in C, F absent = 255 ("not used"). */
function groups(text: string, [a, b, c, d, e, f]: readonly [string, string, string, string, string, string | undefined]): Obis {
  return [
    group(text, a, 'A', false),
    group(text, b, 'B', false),
    group(text, c, 'C', true),
    group(text, d, 'D', false),
    group(text, e, 'E', false),
    f === undefined ? 255 : group(text, f, 'F', false),
  ];
}

/** Parses an OBIS code in any of the forms above; throws ObisParseError saying what is wrong. */
export function parseObis(input: string): Obis {
  const text = input.trim();
  if (text === '') bad(input, 'empty');
  if (/^[0-9a-fA-F]{12}$/.test(text)) {
    const b: number[] = [];
    for (let i = 0; i < 12; i += 2) b.push(parseInt(text.slice(i, i + 2), 16));
    return b as unknown as Obis;
  }
  let a: string, b: string, rest: string;
  const reduced = /^([^-:.]+)-([^-:.]+):(.*)$/.exec(text);
  if (reduced) {
    [, a, b, rest] = reduced as unknown as [string, string, string, string];
    const m = /^([^.*&]+)\.([^.*&]+)\.([^.*&]+)(?:[.*&]([^.*&]+))?$/.exec(rest);
    if (!m) bad(input, 'expected A-B:C.D.E*F (F optional)');
    const [, c, d, e, f] = m as unknown as [string, string, string, string, string | undefined];
    return groups(input, [a, b, c, d, e, f]);
  }
  const parts = text.split('.');
  if (parts.length !== 6 && parts.length !== 5) bad(input, 'expected A.B.C.D.E.F or A-B:C.D.E*F');
  return groups(input, parts as [string, string, string, string, string, string | undefined]);
}

export type ObisStyle = 'reduced' | 'reduced-dot' | 'dotted';

/** '1-0:1.8.0*255' (reduced, default), '1-0:1.8.0.255' (reduced-dot) or '1.0.1.8.0.255' (dotted). */
export function formatObis(o: Obis, style: ObisStyle = 'reduced'): string {
  const [a, b, c, d, e, f] = o;
  if (style === 'dotted') return `${a}.${b}.${c}.${d}.${e}.${f}`;
  return `${a}-${b}:${c}.${d}.${e}${style === 'reduced-dot' ? '.' : '*'}${f}`;
}

/** The OBIS code of a 6-octet logical name. Throws RangeError for another length. */
export function obisFromBytes(b: Uint8Array): Obis {
  if (b.length !== 6) throw new RangeError(`a logical name is 6 octets, got ${b.length}`);
  return [b[0]!, b[1]!, b[2]!, b[3]!, b[4]!, b[5]!];
}

export function obisToBytes(o: Obis): Uint8Array {
  for (const v of o) if (!Number.isInteger(v) || v < 0 || v > 255) throw new RangeError(`OBIS value group ${v} outside 0..255`);
  return Uint8Array.from(o);
}

export function obisEquals(x: Obis, y: Obis): boolean {
  return x.every((v, i) => v === y[i]);
}
