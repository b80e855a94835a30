import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { corpusVector, loadSeedTraces } from '../../support/vectors';
import { fromHex, toHex } from '../../../src-shared/hex';
import { ByteReader } from '../../../src-main/dlms/codec/byte-reader';
import { FieldTreeSink } from '../../../src-main/dlms/dissect/field-sink';
import { decodeWrapperFrame, encodeWrapperFrame, WrapperDeframer, type WrapperStreamEvent } from '../../../src-main/dlms/framing/wrapper';

interface WrapperExpect {
  version: number;
  sourceWPort: number;
  destinationWPort: number;
  length: number;
}

const seedWrapped = loadSeedTraces().filter((v) => v.layer === 'wrapper');

describe('wrapper vectors', () => {
  it('wrapper-udp-gdgc: v1, wPorts 1 -> 1, length 70 matching the payload, a general-glo-ciphering APDU', () => {
    const v = corpusVector('wrapper-udp-gdgc');
    const r = ByteReader.from(fromHex(v.hex));
    const f = decodeWrapperFrame(r);
    r.expectEnd();
    expect(f.header).toEqual({ version: 1, sourceWPort: 1, destinationWPort: 1, length: 70 });
    expect(f.apdu.length).toBe(70);
    expect(f.apdu[0]).toBe(0xdb);
    expect(toHex(encodeWrapperFrame({ sourceWPort: 1, destinationWPort: 1, apdu: f.apdu }))).toBe(v.hex.toUpperCase());
  });

  it.each(seedWrapped.map((v) => [v.id, v] as const))('seed %s: header as stated, APDU is an AARQ, byte-exact re-encode', (_id, v) => {
    const bytes = fromHex(v.hex);
    const f = decodeWrapperFrame(ByteReader.from(bytes));
    expect(f.header).toEqual(v.expect['wrapper'] as WrapperExpect);
    expect(f.apdu[0]).toBe(0x60); // AARQ tag
    expect(f.apdu.length).toBe(bytes.length - 8);
    expect(toHex(encodeWrapperFrame({ sourceWPort: f.header.sourceWPort, destinationWPort: f.header.destinationWPort, apdu: f.apdu }))).toBe(toHex(bytes));
  });

  it('names every header field in the field tree', () => {
    const sink = new FieldTreeSink();
    decodeWrapperFrame(ByteReader.from(fromHex(seedWrapped[0]!.hex), sink));
    const header = sink.roots[0]!.children![0]!;
    expect(header.children!.map((n) => [n.label, n.start, n.length])).toEqual([
      ['version', 0, 2],
      ['source wPort', 2, 2],
      ['destination wPort', 4, 2],
      ['length', 6, 2],
    ]);
  });

  it('rejects a wrong version at offset 0 and a length beyond the data at the length field', () => {
    const good = fromHex(corpusVector('wrapper-udp-gdgc').hex);
    const v2 = good.slice();
    v2[1] = 2;
    expect(() => decodeWrapperFrame(ByteReader.from(v2))).toThrow(expect.objectContaining({ code: 'BAD_VALUE', offset: 0 }));
    expect(() => decodeWrapperFrame(ByteReader.from(good.subarray(0, 40)))).toThrow(expect.objectContaining({ code: 'TRUNCATED', offset: 6 }));
  });
});

const frameEvents = (evs: WrapperStreamEvent[]) => evs.filter((e) => e.kind === 'frame').map((e) => (e.kind === 'frame' ? `${e.offset}:${toHex(e.frame.apdu)}` : ''));
const garbage = (evs: WrapperStreamEvent[]) => evs.reduce((n, e) => n + (e.kind === 'garbage' ? e.length : 0), 0);

function run(chunks: Uint8Array[], max?: number): WrapperStreamEvent[] {
  const d = new WrapperDeframer(max === undefined ? {} : { maxApduLength: max });
  return chunks.flatMap((c) => d.pushEvents(c));
}

describe('WrapperDeframer', () => {
  const frames = seedWrapped.map((v) => fromHex(v.hex));
  const stream = Uint8Array.from(frames.flatMap((f) => [...f]));

  it('splits a TCP stream of several WPDUs, at every offset, into the same frames', () => {
    const whole = run([stream]);
    expect(whole.length).toBe(frames.length);
    expect(frameEvents(whole)).toEqual(frames.map((f, i) => `${frames.slice(0, i).reduce((n, x) => n + x.length, 0)}:${toHex(f.subarray(8))}`));
    for (let cut = 1; cut < stream.length; cut++) expect(frameEvents(run([stream.subarray(0, cut), stream.subarray(cut)]))).toEqual(frameEvents(whole));
    expect(frameEvents(run(Array.from(stream, (b) => Uint8Array.of(b))))).toEqual(frameEvents(whole));
  });

  it('push() returns frames and hands garbage to onEvent', () => {
    const events: WrapperStreamEvent[] = [];
    const d = new WrapperDeframer({ onEvent: (e) => events.push(e) });
    const got = d.push(Uint8Array.from([0xde, 0xad, ...frames[0]!]));
    expect(got.map((f) => f.header.destinationWPort)).toEqual([1]);
    expect(events).toEqual([{ kind: 'garbage', offset: 0, length: 2 }]);
  });

  it('skips garbage before and between frames, reporting its byte count', () => {
    const junk = Uint8Array.of(0x12, 0x00, 0x00, 0x02, 0x7e);
    const s = Uint8Array.from([...junk, ...frames[0]!, ...junk, ...frames[1]!]);
    const whole = run([s]);
    expect(frameEvents(whole).length).toBe(2);
    expect(garbage(whole)).toBe(2 * junk.length);
    for (let cut = 1; cut < s.length; cut++) {
      const evs = run([s.subarray(0, cut), s.subarray(cut)]);
      expect(frameEvents(evs)).toEqual(frameEvents(whole));
      expect(garbage(evs)).toBe(garbage(whole));
    }
  });

  it('an APDU longer than the limit is an error event, then the next frame is found', () => {
    const big = encodeWrapperFrame({ sourceWPort: 1, destinationWPort: 1, apdu: new Uint8Array(300).fill(0x55) });
    const evs = run([Uint8Array.from([...big, ...frames[0]!])], 200);
    expect(evs[0]).toMatchObject({ kind: 'error', code: 'LENGTH_OVERFLOW', offset: 0 });
    expect(frameEvents(evs)).toEqual([`${big.length}:${toHex(frames[0]!.subarray(8))}`]);
  });

  it('random bytes never throw; random WPDUs in any chunking come out intact', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 50 }), { maxLength: 8 }), (chunks) => {
        const d = new WrapperDeframer({ maxApduLength: 64 });
        for (const c of chunks) d.pushEvents(c);
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(
        fc.array(fc.record({ s: fc.integer({ min: 0, max: 0xffff }), d: fc.integer({ min: 0, max: 0xffff }), apdu: fc.uint8Array({ maxLength: 80 }) }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 17 }),
        (items, step) => {
          const bytes = Uint8Array.from(items.flatMap((i) => [...encodeWrapperFrame({ sourceWPort: i.s, destinationWPort: i.d, apdu: i.apdu })]));
          const chunks: Uint8Array[] = [];
          for (let i = 0; i < bytes.length; i += step) chunks.push(bytes.subarray(i, i + step));
          const d = new WrapperDeframer();
          const got = chunks.flatMap((c) => d.push(c));
          expect(got.map((f) => [f.header.sourceWPort, f.header.destinationWPort, toHex(f.apdu)])).toEqual(items.map((i) => [i.s, i.d, toHex(i.apdu)]));
        },
      ),
      { numRuns: 300 },
    );
  });
});
