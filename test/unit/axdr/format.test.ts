// formatData (one-line text), dataToJson/dataFromJson, and the dissector nodes the decoder emits.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dataFromJson, dataToJson, decodeData, decodeDataBytes, encodeDataBytes, formatData } from '../../../src-main/dlms/axdr/data';
import { ByteReader } from '../../../src-main/dlms/codec/byte-reader';
import { FieldTreeSink } from '../../../src-main/dlms/dissect/field-sink';
import { DlmsDecodeError } from '../../../src-main/dlms/errors';
import type { FieldNode } from '../../../src-shared/trace';
import { fromHex, toHex } from '../../../src-shared/hex';
import { corpusVector } from '../../support/vectors';
import { arbitraryDlmsData } from './arbitraries';

const fmt = (hex: string): string => formatData(decodeDataBytes(fromHex(hex)));

describe('formatData', () => {
  it('renders the corpus structure as one line, octet strings as hex plus printable text', () => {
    expect(fmt(corpusVector('axdr-d-structure').hex)).toBe('{null, false, 68656C6C6F ("hello"), {null, false, 68656C6C6F ("hello")}}');
  });

  it('renders scalars in their own terms', () => {
    expect(fmt('0A05776F726C64')).toBe('"world"');
    expect(fmt('040754')).toBe("'0101010'B");
    expect(fmt('0FD6')).toBe('-42');
    expect(fmt('15FFFFFFFFFFFFFFFF')).toBe('18446744073709551615');
    expect(fmt('1742286666')).toBe(String(Math.fround(42.1)));
    expect(fmt('1A07E80B15FF')).toBe('2024-11-21');
    expect(fmt('0900')).toBe('(empty)');
    expect(fmt('0C03E282AC')).toBe('"€"');
    expect(fmt('0A0241FF')).toBe('"A\\xFF"');
    expect(fmt('FF')).toBe('dont-care');
  });

  it('does not turn a 6-octet string into an OBIS code', () => {
    expect(fmt('090600002B0100FF')).toBe('00002B0100FF');
  });

  it('renders arrays with brackets and compact-arrays with their description', () => {
    expect(fmt('01020F010F02')).toBe('[1, 2]');
    expect(fmt('131206000100020003')).toBe('compact-array long-unsigned [1, 2, 3]');
  });
});

describe('dataToJson / dataFromJson', () => {
  it('is JSON-safe: bigint as string, octets as hex, texts beside them', () => {
    const j = dataToJson(decodeDataBytes(fromHex(corpusVector('axdr-kamstrup-han-list').hex)));
    const parsed = JSON.parse(JSON.stringify(j));
    expect(parsed.type).toBe('structure');
    expect(parsed.items[0]).toEqual({ type: 'visible-string', value: 'Kamstrup_V0001', hex: '4B616D73747275705F56303030' + '31' });
    expect(parsed.items[1]).toEqual({ type: 'octet-string', hex: '0101000005FF' });
    expect(parsed.items[6]).toEqual({ type: 'double-long-unsigned', value: 2342 });
    expect(dataToJson({ type: 'long64', value: -5n })).toEqual({ type: 'long64', value: '-5' });
  });

  it('inverts exactly for arbitrary Data, through JSON text', () => {
    fc.assert(
      fc.property(arbitraryDlmsData, (d) => {
        const back = dataFromJson(JSON.parse(JSON.stringify(dataToJson(d))));
        expect(toHex(encodeDataBytes(back))).toBe(toHex(encodeDataBytes(d)));
      }),
      { numRuns: 300 },
    );
  });
});

function dissect(hex: string): { roots: FieldNode[]; error?: DlmsDecodeError } {
  const sink = new FieldTreeSink();
  const r = ByteReader.from(fromHex(hex), sink);
  try {
    decodeData(r);
  } catch (e) {
    if (!(e instanceof DlmsDecodeError)) throw e;
    return { roots: sink.roots, error: e };
  }
  return { roots: sink.roots };
}

describe('dissector nodes', () => {
  it('a structure gives a node per element with tag and length children and byte ranges', () => {
    const { roots } = dissect(corpusVector('axdr-structure-lte-qos').hex);
    const root = roots[0]!;
    expect(root).toMatchObject({ label: 'structure', start: 0, length: 14, value: '5 elements' });
    const kids = root.children!;
    expect(kids.map((k) => k.label)).toEqual(['tag', 'length', 'long-unsigned', 'long-unsigned', 'unsigned', 'unsigned', 'integer']);
    expect(kids[0]).toMatchObject({ start: 0, length: 1, value: '0x02', meaning: 'structure' });
    expect(kids[1]).toMatchObject({ start: 1, length: 1, value: '5', meaning: 'number of elements' });
    expect(kids[2]).toMatchObject({ start: 2, length: 3, value: '720' });
    expect(kids[6]).toMatchObject({ start: 12, length: 2, value: '-64' });
  });

  it('a 6-octet string suggests its OBIS reading in the meaning; a date gets field nodes', () => {
    const { roots } = dissect('090600002B0100FF');
    expect(roots[0]!.meaning).toMatch(/^as logical name: 0-0:43\.1\.0\*255/);
    const date = dissect('1A07E80B15FF').roots[0]!;
    expect(date.value).toBe('2024-11-21');
    expect(date.children!.map((c) => c.label)).toEqual(['tag', 'year', 'month', 'day-of-month', 'day-of-week']);
    expect(date.children![4]).toMatchObject({ start: 5, length: 1, meaning: 'not specified' });
  });

  it('a malformed element keeps the tree up to the failure and marks the problem', () => {
    const { roots, error } = dissect('0203' + '1100' + '120001' + '06AABB');
    expect(error?.code).toBe('TRUNCATED');
    const root = roots[0]!;
    expect(root.children!.map((c) => c.label)).toEqual(['tag', 'length', 'unsigned', 'long-unsigned', 'double-long-unsigned']);
    const bad = root.children![4]!;
    expect(bad.problem).toMatch(/TRUNCATED/);
    expect(bad.start).toBe(7);
  });
});
