// compact-array (Green Book 9.5, IEC 62056-6-2):
//
//   compact-array [19] IMPLICIT SEQUENCE {
//     contents-description [0] TypeDescription,
//     array-contents       [1] IMPLICIT OCTET STRING
//   }
//   TypeDescription ::= CHOICE {
//     null-data [0] IMPLICIT NULL,
//     array     [1] IMPLICIT SEQUENCE { number-of-elements Unsigned16, type-description TypeDescription },
//     structure [2] IMPLICIT SEQUENCE OF TypeDescription,
//     boolean   [3] IMPLICIT NULL,  ...one tag per simple type, as in Data...,  dont-care [255] IMPLICIT NULL
//   }
//
// array-contents is an A-XDR length (octets) followed by the elements back to back, each encoded
// per the description WITHOUT tags: a structure's members in order, a described array's
// number-of-elements items (no count on the wire), variable-length strings with their length.
// The element count is not sent: elements are read until the contents octets are used up.
//
// Hostile input: an element whose description has zero minimal size (null-data, dont-care, empty
// structure) could never fill the contents, and an array of such elements would amplify nothing
// into millions of values, so both are refused; each element is checked against the octets left
// before it is read, so a described array of 65535 x 65535 fails at once.

import type { ByteReader } from '../codec/byte-reader';
import { ByteWriter } from '../codec/byte-writer';
import { dataTypeName, readLength, readSimpleValue, tagHex, VALUE_SIZE, writeLength, writeSimpleValue } from './simple';
import { DATA_TAGS, type DlmsData, type TypeDescription } from './types';

/** Minimal encoded size in octets of one element described by `d` (strings: their length octet). */
export function minimalSize(d: TypeDescription): number {
  switch (d.type) {
    case 'array':
      return Math.min(Number.MAX_SAFE_INTEGER, d.count * minimalSize(d.element));
    case 'structure':
      return d.elements.reduce((s, e) => Math.min(Number.MAX_SAFE_INTEGER, s + minimalSize(e)), 0);
    default: {
      const n = VALUE_SIZE[d.type];
      return n < 0 ? 1 : n;
    }
  }
}

/** One-line text of a description, e.g. 'structure{long-unsigned, octet-string}' or 'array[4] of unsigned'. */
export function formatTypeDescription(d: TypeDescription): string {
  switch (d.type) {
    case 'array':
      return `array[${d.count}] of ${formatTypeDescription(d.element)}`;
    case 'structure':
      return `structure{${d.elements.map(formatTypeDescription).join(', ')}}`;
    default:
      return d.type;
  }
}

export function decodeTypeDescription(r: ByteReader): TypeDescription {
  const tag = r.peek();
  const name = dataTypeName(tag);
  return r.node(
    name ?? 'type-description',
    () => {
      r.node('tag', () => r.u8(), (t) => ({ value: tagHex(t), meaning: name ?? 'unknown type' }));
      if (name === undefined || name === 'compact-array') {
        return r.fail('BAD_TAG', `type description tag ${tagHex(tag)} is not allowed`, r.pos - 1);
      }
      if (name === 'array') {
        const count = r.node('number-of-elements', () => r.u16(), (n) => String(n));
        const element = r.nested(() => decodeTypeDescription(r));
        if (count > 0 && minimalSize(element) === 0) {
          return r.fail('UNSUPPORTED', 'array of zero-size elements in a compact-array description');
        }
        return { type: 'array', count, element } satisfies TypeDescription;
      }
      if (name === 'structure') {
        // Each member description takes at least its tag octet.
        const l = readLength(r, 'number of elements', r.remaining);
        const elements: TypeDescription[] = [];
        r.nested(() => {
          for (let i = 0; i < l.n; i++) elements.push(decodeTypeDescription(r));
        });
        return l.lengthSize === undefined ? { type: 'structure', elements } : { type: 'structure', elements, lengthSize: l.lengthSize };
      }
      return { type: name };
    },
    (d) => formatTypeDescription(d),
  );
}

export function encodeTypeDescription(w: ByteWriter, d: TypeDescription): void {
  switch (d.type) {
    case 'array':
      if (!Number.isInteger(d.count) || d.count < 0 || d.count > 0xffff) throw new RangeError(`number-of-elements ${d.count} out of range`);
      if (d.count > 0 && minimalSize(d.element) === 0) throw new RangeError('array of zero-size elements in a compact-array description');
      w.u8(DATA_TAGS.array).u16(d.count);
      encodeTypeDescription(w, d.element);
      return;
    case 'structure':
      w.u8(DATA_TAGS.structure);
      writeLength(w, d.elements.length, d.lengthSize);
      for (const e of d.elements) encodeTypeDescription(w, e);
      return;
    default:
      w.u8(DATA_TAGS[d.type]);
  }
}

function countText(n: number): string {
  return `${n} element${n === 1 ? '' : 's'}`;
}

/** One element of array-contents, untagged, as described. */
function readElement(r: ByteReader, d: TypeDescription): DlmsData {
  return r.node(
    d.type,
    (): DlmsData => {
      switch (d.type) {
        case 'array': {
          const items: DlmsData[] = [];
          r.nested(() => {
            for (let i = 0; i < d.count; i++) items.push(readElement(r, d.element));
          });
          return { type: 'array', items };
        }
        case 'structure': {
          const items: DlmsData[] = [];
          r.nested(() => {
            for (const e of d.elements) items.push(readElement(r, e));
          });
          return { type: 'structure', items };
        }
        default:
          return readSimpleValue(r, d.type);
      }
    },
    (v) => (v.type === 'array' || v.type === 'structure' ? countText(v.items.length) : undefined),
  );
}

/** Reads contents-description and array-contents (the tag is already consumed). */
export function readCompactArrayBody(r: ByteReader): { description: TypeDescription; items: DlmsData[]; lengthSize?: number } {
  const description = r.node('contents-description', () => r.nested(() => decodeTypeDescription(r)), formatTypeDescription);
  const l = readLength(r, 'length of array-contents in octets', r.remaining);
  const items: DlmsData[] = [];
  const min = minimalSize(description);
  r.node(
    'array-contents',
    () => {
      const c = r.sub(l.n, 'array-contents');
      if (min === 0 && !c.eof) c.fail('BAD_VALUE', 'elements of zero size cannot fill the array-contents');
      r.nested(() => {
        while (!c.eof) {
          if (c.remaining < min) c.fail('TRUNCATED', `element needs at least ${min} octet(s), ${c.remaining} left`);
          items.push(readElement(c, description));
        }
      });
    },
    () => countText(items.length),
  );
  return l.lengthSize === undefined ? { description, items } : { description, items, lengthSize: l.lengthSize };
}

function mismatch(d: TypeDescription, v: DlmsData): never {
  throw new RangeError(`compact-array element ${v.type} does not match the description ${formatTypeDescription(d)}`);
}

function writeElement(w: ByteWriter, d: TypeDescription, v: DlmsData): void {
  switch (d.type) {
    case 'array':
      if (v.type !== 'array' || v.items.length !== d.count) return mismatch(d, v);
      for (const it of v.items) writeElement(w, d.element, it);
      return;
    case 'structure':
      if (v.type !== 'structure' || v.items.length !== d.elements.length) return mismatch(d, v);
      d.elements.forEach((e, i) => writeElement(w, e, v.items[i]!));
      return;
    default:
      if (v.type !== d.type) return mismatch(d, v);
      writeSimpleValue(w, v);
  }
}

/** Writes contents-description and array-contents (not the tag). */
export function writeCompactArrayBody(
  w: ByteWriter,
  c: { description: TypeDescription; items: DlmsData[]; lengthSize?: number },
): void {
  if (c.items.length > 0 && minimalSize(c.description) === 0) {
    throw new RangeError('compact-array elements of zero size cannot be encoded');
  }
  encodeTypeDescription(w, c.description);
  const contents = new ByteWriter();
  for (const it of c.items) writeElement(contents, c.description, it);
  writeLength(w, contents.length, c.lengthSize);
  w.bytes(contents.toBytes());
}
