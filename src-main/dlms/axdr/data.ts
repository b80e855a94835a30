// A-XDR Data codec (Green Book 9.5, IEC 62056-6-2 "Data ::= CHOICE"):
//
//   Data ::= CHOICE {
//     null-data     [0]  IMPLICIT NULL,
//     array         [1]  IMPLICIT SEQUENCE OF Data,     -- A-XDR count, then the elements
//     structure     [2]  IMPLICIT SEQUENCE OF Data,     -- A-XDR count, then the elements
//     ...simple types: see simple.ts...
//     compact-array [19] IMPLICIT SEQUENCE { contents-description [0] TypeDescription,
//                                            array-contents [1] IMPLICIT OCTET STRING },  -- compact.ts
//     ...
//   }
//
// Each element becomes a dissector node labelled with its type name ('structure' = '3 elements',
// 'double-long-unsigned' = '1234') with 'tag' and 'length' children, and array/structure items as
// children. Limits: a count is never trusted beyond the octets left (each element takes at least
// its tag octet), nesting goes through r.nested() (DEPTH past MAX_NESTING_DEPTH).
//
// Exactness: encodeDataBytes(decodeDataBytes(b)) equals b for every b the decoder accepts: the
// values keep non-minimal length forms (`lengthSize`), non-0/1 boolean octets and float bytes.

import { ByteReader } from '../codec/byte-reader';
import { ByteWriter } from '../codec/byte-writer';
import { readCompactArrayBody, writeCompactArrayBody } from './compact';
import { describeData } from './format';
import { dataTypeName, readLength, readSimpleValue, tagHex, writeLength, writeSimpleValue } from './simple';
import { DATA_TAGS, type DlmsData } from './types';

export { decodeTypeDescription, encodeTypeDescription, formatTypeDescription, minimalSize } from './compact';
export { formatData, describeData } from './format';
export { dataToJson, dataFromJson, type DlmsDataJson } from './json';

/** Reads one tagged Data value. */
export function decodeData(r: ByteReader): DlmsData {
  const tag = r.peek();
  const name = dataTypeName(tag);
  return r.node(
    name ?? 'data',
    (): DlmsData => {
      r.node('tag', () => r.u8(), (t) => ({ value: tagHex(t), meaning: name ?? 'unknown Data tag' }));
      switch (name) {
        case undefined:
          return r.fail('BAD_TAG', `${tagHex(tag)} is not a Data tag`, r.pos - 1);
        case 'array':
        case 'structure': {
          // Every element takes at least its tag octet, so the count cannot exceed what is left.
          const l = readLength(r, 'number of elements', r.remaining);
          const items: DlmsData[] = [];
          r.nested(() => {
            for (let i = 0; i < l.n; i++) items.push(decodeData(r));
          });
          return l.lengthSize === undefined ? { type: name, items } : { type: name, items, lengthSize: l.lengthSize };
        }
        case 'compact-array':
          return { type: 'compact-array', ...readCompactArrayBody(r) };
        default:
          return readSimpleValue(r, name);
      }
    },
    describeData,
  );
}

/** Writes one tagged Data value. Throws RangeError for a value its type cannot hold. */
export function encodeData(w: ByteWriter, d: DlmsData): void {
  w.u8(DATA_TAGS[d.type]);
  if (d.type === 'array' || d.type === 'structure') {
    writeLength(w, d.items.length, d.lengthSize);
    for (const it of d.items) encodeData(w, it);
  } else if (d.type === 'compact-array') {
    writeCompactArrayBody(w, d);
  } else {
    writeSimpleValue(w, d); // its switch covers every simple type and ends in assertNever
  }
}

/** Decodes exactly one Data value from the whole input (TRAILING if octets remain). */
export function decodeDataBytes(b: Uint8Array): DlmsData {
  const r = ByteReader.from(b);
  const d = decodeData(r);
  r.expectEnd('Data');
  return d;
}

export function encodeDataBytes(d: DlmsData): Uint8Array {
  const w = new ByteWriter();
  encodeData(w, d);
  return w.toBytes();
}
