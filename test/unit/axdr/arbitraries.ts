// fast-check generators for A-XDR Data, reusable by other suites (xdlms, dissector, simulator).
// Every generated value is one the decoder can give back exactly: lengthSize only when it is
// longer than the minimal form, boolean raw only for non-0/1 octets, float values derived from
// their raw bytes (NaN payloads and -0 included), compact-array items shaped by their description.

import fc from 'fast-check';
import type { DlmsData, SimpleTypeName, TypeDescription } from '../../../src-main/dlms/axdr/types';
import { minimalLengthSize } from '../../../src-main/dlms/axdr/simple';
import { minimalSize } from '../../../src-main/dlms/axdr/compact';
import type { CosemDateTime } from '../../../src-main/dlms/axdr/datetime';

/** An optional non-minimal length form for a length n. */
function lengthSizeFor(n: number): fc.Arbitrary<number | undefined> {
  const min = minimalLengthSize(n);
  return fc.option(fc.integer({ min: min + 1, max: 5 }), { nil: undefined, freq: 4 }).map((s) => (s !== undefined && s <= 5 ? s : undefined));
}

function sized<T extends object>(v: T, lengthSize: number | undefined): T {
  return lengthSize === undefined ? v : { ...v, lengthSize };
}

const bytes = (maxLength: number) => fc.uint8Array({ maxLength });

function withLen(type: 'octet-string' | 'visible-string' | 'utf8-string', max: number): fc.Arbitrary<DlmsData> {
  return bytes(max).chain((value) => lengthSizeFor(value.length).map((ls) => sized({ type, value } as DlmsData, ls)));
}

const bitStringArb: fc.Arbitrary<DlmsData> = fc
  .integer({ min: 0, max: 200 })
  .chain((bits) =>
    fc.tuple(fc.constant(bits), fc.uint8Array({ minLength: Math.ceil(bits / 8), maxLength: Math.ceil(bits / 8) }), lengthSizeFor(bits)),
  )
  .map(([bits, b, ls]) => sized({ type: 'bit-string', bits, bytes: b } as DlmsData, ls));

function float(type: 'float32' | 'float64'): fc.Arbitrary<DlmsData> {
  const size = type === 'float32' ? 4 : 8;
  const fromRaw = fc.uint8Array({ minLength: size, maxLength: size });
  const fromValue = (type === 'float32' ? fc.float() : fc.double()).map((v) => {
    const raw = new Uint8Array(size);
    if (size === 4) new DataView(raw.buffer).setFloat32(0, v, false);
    else new DataView(raw.buffer).setFloat64(0, v, false);
    return raw;
  });
  return fc.oneof(fromRaw, fromValue).map((raw) => {
    const dv = new DataView(raw.buffer);
    return { type, value: size === 4 ? dv.getFloat32(0, false) : dv.getFloat64(0, false), raw };
  });
}

const fixed = (type: 'date-time' | 'date' | 'time', n: number): fc.Arbitrary<DlmsData> =>
  fc.uint8Array({ minLength: n, maxLength: n }).map((value) => ({ type, value }));

const int = (type: SimpleTypeName, min: number, max: number): fc.Arbitrary<DlmsData> =>
  fc.integer({ min, max }).map((value) => ({ type, value }) as DlmsData);

/** A value of the given simple type (no tag concerns: usable tagged or inside a compact-array). */
export function simpleOf(type: SimpleTypeName): fc.Arbitrary<DlmsData> {
  switch (type) {
    case 'null-data':
    case 'dont-care':
      return fc.constant({ type });
    case 'boolean':
      return fc.oneof(
        fc.boolean().map((value) => ({ type, value })),
        fc.integer({ min: 2, max: 255 }).map((raw) => ({ type, value: true, raw })),
      );
    case 'bit-string':
      return bitStringArb;
    case 'octet-string':
    case 'visible-string':
    case 'utf8-string':
      return withLen(type, 40);
    case 'integer':
    case 'delta-integer':
    case 'bcd':
      return int(type, -128, 127);
    case 'unsigned':
    case 'delta-unsigned':
    case 'enum':
      return int(type, 0, 255);
    case 'long':
    case 'delta-long':
      return int(type, -0x8000, 0x7fff);
    case 'long-unsigned':
    case 'delta-long-unsigned':
      return int(type, 0, 0xffff);
    case 'double-long':
    case 'delta-double-long':
      return int(type, -0x80000000, 0x7fffffff);
    case 'double-long-unsigned':
    case 'delta-double-long-unsigned':
      return int(type, 0, 0xffffffff);
    case 'long64':
      return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((value) => ({ type, value }));
    case 'long64-unsigned':
      return fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((value) => ({ type, value }));
    case 'float32':
    case 'float64':
      return float(type);
    case 'date-time':
      return fixed(type, 12);
    case 'date':
      return fixed(type, 5);
    case 'time':
      return fixed(type, 4);
  }
}


export const SIMPLE_TYPES: readonly SimpleTypeName[] = [
  'null-data', 'dont-care', 'boolean', 'bit-string', 'double-long', 'double-long-unsigned', 'octet-string',
  'visible-string', 'utf8-string', 'bcd', 'integer', 'long', 'unsigned', 'long-unsigned', 'long64',
  'long64-unsigned', 'enum', 'float32', 'float64', 'date-time', 'date', 'time', 'delta-integer', 'delta-long',
  'delta-double-long', 'delta-unsigned', 'delta-long-unsigned', 'delta-double-long-unsigned',
];

export const arbitrarySimpleData: fc.Arbitrary<DlmsData> = fc.constantFrom(...SIMPLE_TYPES).chain(simpleOf);

/** Descriptions with a non-zero minimal element size (the only ones a compact-array can carry). */
export const arbitraryTypeDescription: fc.Arbitrary<TypeDescription> = fc
  .letrec<{ desc: TypeDescription }>((tie) => ({
    desc: fc.oneof(
      { depthSize: 'small', maxDepth: 3 },
      fc.constantFrom(...SIMPLE_TYPES.filter((t) => t !== 'null-data' && t !== 'dont-care')).map((type) => ({ type }) as TypeDescription),
      fc.tuple(fc.integer({ min: 0, max: 3 }), tie('desc')).map(([count, element]) => ({ type: 'array', count, element }) as TypeDescription),
      fc
        .tuple(fc.array(tie('desc'), { minLength: 1, maxLength: 4 }), fc.option(fc.constant(true), { nil: undefined, freq: 5 }))
        .map(([elements, long]) => sized({ type: 'structure', elements } as TypeDescription, long ? 2 : undefined)),
    ),
  }))
  .desc.filter((d) => minimalSize(d) > 0 && noZeroSizeArrays(d));

/** The codec refuses described arrays of zero-size elements (they would amplify nothing into values). */
function noZeroSizeArrays(d: TypeDescription): boolean {
  if (d.type === 'array') return (d.count === 0 || minimalSize(d.element) > 0) && noZeroSizeArrays(d.element);
  if (d.type === 'structure') return d.elements.every(noZeroSizeArrays);
  return true;
}

/** One element shaped by a description. */
export function dataForDescription(d: TypeDescription): fc.Arbitrary<DlmsData> {
  switch (d.type) {
    case 'array':
      return fc.array(dataForDescription(d.element), { minLength: d.count, maxLength: d.count }).map((items) => ({ type: 'array', items }));
    case 'structure':
      return fc.tuple(...d.elements.map(dataForDescription)).map((items) => ({ type: 'structure', items }));
    default:
      return simpleOf(d.type);
  }
}

export const arbitraryCompactArray: fc.Arbitrary<DlmsData> = arbitraryTypeDescription.chain((description) =>
  fc
    // 5 length octets: longer than the minimal form for any contents these values produce.
    .tuple(fc.array(dataForDescription(description), { maxLength: 4 }), fc.option(fc.constant(5), { nil: undefined, freq: 5 }))
    .map(([items, ls]) => sized({ type: 'compact-array', description, items } as DlmsData, ls)),
);

/** Any Data value: simple types, nested arrays/structures and compact-arrays. */
export const arbitraryDlmsData: fc.Arbitrary<DlmsData> = fc.letrec<{ data: DlmsData }>((tie) => ({
  data: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    arbitrarySimpleData,
    fc
      .tuple(fc.constantFrom('array' as const, 'structure' as const), fc.array(tie('data'), { maxLength: 5 }))
      .chain(([type, items]) => lengthSizeFor(items.length).map((ls) => sized({ type, items } as DlmsData, ls))),
    arbitraryCompactArray,
  ),
})).data;

/** A structured date-time with every field in its specified range or 'not specified'. */
export const arbitraryCosemDateTime: fc.Arbitrary<CosemDateTime> = fc.record({
  year: fc.option(fc.integer({ min: 0, max: 0xfffe }), { nil: null }),
  month: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constantFrom('dst-end' as const, 'dst-begin' as const, null)),
  dayOfMonth: fc.oneof(fc.integer({ min: 1, max: 31 }), fc.constantFrom('second-last-day' as const, 'last-day' as const, null)),
  dayOfWeek: fc.option(fc.integer({ min: 1, max: 7 }), { nil: null }),
  hour: fc.option(fc.integer({ min: 0, max: 23 }), { nil: null }),
  minute: fc.option(fc.integer({ min: 0, max: 59 }), { nil: null }),
  second: fc.option(fc.integer({ min: 0, max: 59 }), { nil: null }),
  hundredths: fc.option(fc.integer({ min: 0, max: 99 }), { nil: null }),
  deviation: fc.option(fc.integer({ min: -720, max: 720 }), { nil: null }),
  clockStatus: fc.option(fc.integer({ min: 0, max: 0xfe }), { nil: null }),
});
