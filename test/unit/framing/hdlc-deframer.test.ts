import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { corpusVector, loadCorpus } from '../../support/vectors';
import { fromHex, toHex } from '../../../src-shared/hex';
import { HdlcDeframer, type HdlcStreamEvent } from '../../../src-main/dlms/framing/hdlc/deframer';
import { decodeHdlcFrameBytes, encodeHdlcFrame, stripLlc, withLlc, type HdlcFrameInput } from '../../../src-main/dlms/framing/hdlc/frame';
import type { HdlcAddress } from '../../../src-main/dlms/framing/hdlc/address';
import { encodeControl, type HdlcControl } from '../../../src-main/dlms/framing/hdlc/control';

const STREAM = /^stream of (\d+) HDLC frames: (.*)$/;
const ITEM = /^#(\d+) len=(\d+)( S)? ctrl=([0-9a-f]{2}) HCS ok FCS ok$/;
const streams = loadCorpus().filter((v) => v.checks.some((c) => STREAM.test(c)));

const frames = (evs: HdlcStreamEvent[]) => evs.filter((e): e is Extract<HdlcStreamEvent, { kind: 'frame' }> => e.kind === 'frame');
const garbageBytes = (evs: HdlcStreamEvent[]) => evs.reduce((n, e) => n + (e.kind === 'garbage' ? e.length : 0), 0);

function pushAll(chunks: Uint8Array[]): HdlcStreamEvent[] {
  const d = new HdlcDeframer();
  return chunks.flatMap((c) => d.push(c));
}

function frameSummary(evs: HdlcStreamEvent[]): string[] {
  return frames(evs).map((e) => `${e.offset}:${toHex(e.bytes)}`);
}

describe('HDLC deframer on the corpus streams', () => {
  it('finds the stream vectors (Iskra segmented push and the L+G GBT pushes)', () => {
    expect(streams.map((v) => v.id)).toContain('hdlc-segmented-iskra-am550-stream');
    expect(streams.length).toBeGreaterThanOrEqual(4);
  });

  it.each(streams.map((v) => [v.id, v] as const))('%s: frames as the checks state, no garbage', (_id, v) => {
    const bytes = fromHex(v.hex);
    const evs = pushAll([bytes]);
    const m = STREAM.exec(v.checks.find((c) => STREAM.test(c))!)!;
    const items = m[2]!.split(', ').map((s) => ITEM.exec(s)!);
    const got = frames(evs);
    expect(got.length).toBe(Number(m[1]));
    expect(evs.filter((e) => e.kind !== 'frame')).toEqual([]);
    items.forEach((it, i) => {
      const f = got[i]!.frame;
      expect(f.length).toBe(Number(it[2]));
      expect(f.segmented).toBe(it[3] !== undefined);
      expect(f.hcsOk && f.fcsOk).toBe(true);
      expect(got[i]!.opened).toBe(true);
      expect(toHex(encodeHdlcFrame({ ...f, flags: false }))).toBe(toHex(got[i]!.bytes));
      expect(encodeHdlcFrame({ ...f, flags: false })[0]).toBe(0xa0 | (f.segmented ? 0x08 : 0) | (f.length >> 8));
      expect(toHex(Uint8Array.of(encodeControl(f.control)))).toBe(it[4]!.toUpperCase());
    });
  });

  it('split at every offset gives the same frames as one push', () => {
    for (const v of streams) {
      const bytes = fromHex(v.hex);
      const whole = frameSummary(pushAll([bytes]));
      for (let cut = 1; cut < bytes.length; cut++) {
        expect(frameSummary(pushAll([bytes.subarray(0, cut), bytes.subarray(cut)]))).toEqual(whole);
      }
      // and byte by byte
      expect(frameSummary(pushAll(Array.from(bytes, (b) => Uint8Array.of(b))))).toEqual(whole);
    }
  });

  it('the Iskra AM550 segmented push reassembles into one DATA-NOTIFICATION', () => {
    const v = corpusVector('hdlc-segmented-iskra-am550-stream');
    const got = frames(pushAll([fromHex(v.hex)]));
    expect(got.map((e) => e.frame.segmented)).toEqual([true, true, true, true, false]);
    expect(got[0]!.frame.llc).toBe('response');
    expect(got.slice(1).every((e) => e.frame.llc === undefined)).toBe(true);
    const info = got.map((e) => e.frame.information!);
    const whole = new Uint8Array(info.reduce((n, b) => n + b.length, 0));
    info.reduce((o, b) => (whole.set(b, o), o + b.length), 0);
    const apdu = stripLlc(whole);
    // 0F long-invoke-id 00000433, 0C date-time 07E4080F 06 06132D 00 FF88 80 (2020-08-15 06:19:45, -120, DST)
    expect(toHex(apdu.subarray(0, 19))).toBe('0F000004330C07E4080F0606132D00FF888002');
    // The last element is long-unsigned 0 (12 0000); frame 5's FCS 12 7B follows it.
    expect(toHex(apdu.subarray(apdu.length - 3))).toBe('120000');
  });
});

const SERVER: HdlcAddress = { size: 2, upper: 1, lower: 17 };
const CLIENT: HdlcAddress = { size: 1, upper: 16 };

describe('HDLC deframer robustness', () => {
  it('a 0x7E inside the information field does not end the frame', () => {
    const apdu = Uint8Array.of(0xc4, 0x01, 0xc1, 0x00, 0x09, 0x04, 0x7e, 0x7e, 0xa0, 0x7e);
    const bytes = encodeHdlcFrame({ destination: CLIENT, source: SERVER, control: { kind: 'I', ns: 0, nr: 1, pf: true }, information: withLlc('response', apdu) });
    const evs = pushAll([bytes]);
    expect(evs.map((e) => e.kind)).toEqual(['frame']);
    expect(toHex(stripLlc(frames(evs)[0]!.frame.information!))).toBe(toHex(apdu));
    for (let cut = 1; cut < bytes.length; cut++) expect(frameSummary(pushAll([bytes.subarray(0, cut), bytes.subarray(cut)]))).toEqual(frameSummary(evs));
  });

  it('accepts a shared flag, repeated flags and frames without flags', () => {
    const a = fromHex(corpusVector('hdlc-snrm-no-params').hex); // 7E ... 7E
    const b = fromHex(corpusVector('hdlc-rr-4byte-dest-noflags').hex);
    const c = fromHex(corpusVector('hdlc-ua-kamstrup-noflags').hex);
    const shared = Uint8Array.from([...a, ...a.subarray(1)]); // 7E f 7E f 7E
    expect(frames(pushAll([shared])).length).toBe(2);
    const repeated = Uint8Array.from([0x7e, 0x7e, ...a, 0x7e, 0x7e, 0x7e, ...a]);
    const evs = pushAll([repeated]);
    expect(frames(evs).length).toBe(2);
    expect(garbageBytes(evs)).toBe(0);
    const bare = Uint8Array.from([...b, ...c, ...b]);
    const bareEvs = pushAll([bare]);
    expect(frames(bareEvs).map((e) => e.frame.control.kind)).toEqual(['RR', 'UA', 'RR']);
    expect(frames(bareEvs).map((e) => e.opened)).toEqual([false, false, false]);
  });

  it('skips and reports garbage before, between and after frames', () => {
    const a = fromHex(corpusVector('hdlc-iframe-aarq').hex);
    const b = fromHex(corpusVector('hdlc-iframe-aare').hex);
    const junk1 = Uint8Array.of(0x00, 0xff, 0x13, 0xa0); // ends in a plausible format byte
    const junk2 = Uint8Array.of(0x55, 0xaa);
    const stream = Uint8Array.from([...junk1, ...a, ...junk2, ...b, 0x01, 0x02, 0x03]);
    const whole = pushAll([stream]);
    expect(frames(whole).map((e) => e.offset)).toEqual([junk1.length + 1, junk1.length + a.length + junk2.length + 1]);
    expect(garbageBytes(whole)).toBe(junk1.length + junk2.length + 3);
    expect(whole.filter((e) => e.kind === 'garbage').map((e) => e.offset)).toEqual([0, junk1.length + a.length, stream.length - 3]);
    for (let cut = 1; cut < stream.length; cut++) {
      const evs = pushAll([stream.subarray(0, cut), stream.subarray(cut)]);
      expect(frameSummary(evs)).toEqual(frameSummary(whole));
      expect(garbageBytes(evs)).toBe(garbageBytes(whole));
    }
  });

  it('resynchronises after a frame with a bad FCS and after one with a bad HCS, reporting each', () => {
    const a = fromHex(corpusVector('hdlc-iframe-get-with-list').hex);
    const b = fromHex(corpusVector('hdlc-iframe-get-with-list-response').hex);
    const badFcs = a.slice();
    badFcs[a.length - 3]! ^= 0x40;
    const badHcs = a.slice();
    badHcs[9]! ^= 0x01; // 7E A027 00020023 21 32 | HCS 57 88 at offsets 9-10
    const evs = pushAll([Uint8Array.from([...badFcs, ...b, ...badHcs, ...b])]);
    expect(evs.filter((e) => e.kind === 'error').map((e) => [e.kind === 'error' && e.code, e.offset])).toEqual([
      ['BAD_CHECKSUM', a.length - 3],
      ['BAD_CHECKSUM', a.length + b.length + 9], // the HCS field itself
    ]);
    expect(frames(evs).map((e) => toHex(e.bytes))).toEqual([toHex(b.subarray(1, -1)), toHex(b.subarray(1, -1))]);
  });

  it('rejects the negative vectors without stalling', () => {
    const bad = fromHex(corpusVector('hdlc-bad-hcs-negative').hex);
    const good = fromHex(corpusVector('hdlc-disc').hex);
    const evs = pushAll([Uint8Array.from([...bad, ...good])]);
    expect(evs.find((e) => e.kind === 'error')).toMatchObject({ code: 'BAD_VALUE', offset: 4 });
    expect(frames(evs).map((e) => e.frame.control.kind)).toEqual(['DISC']);
  });

  it('end() reports a truncated frame as garbage', () => {
    const a = fromHex(corpusVector('hdlc-iframe-aarq').hex);
    const d = new HdlcDeframer();
    expect(d.push(a.subarray(0, 20))).toEqual([]);
    expect(d.buffered).toBe(19);
    expect(d.end()).toEqual([{ kind: 'garbage', offset: 1, length: 19 }]);
  });
});

const arbAddress = (server: boolean): fc.Arbitrary<HdlcAddress> =>
  server
    ? fc.oneof(
        fc.integer({ min: 0, max: 0x7f }).map((upper) => ({ size: 1 as const, upper })),
        fc.tuple(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0, max: 0x7f })).map(([upper, lower]) => ({ size: 2 as const, upper, lower })),
        fc.tuple(fc.integer({ min: 0, max: 0x3fff }), fc.integer({ min: 0, max: 0x3fff })).map(([upper, lower]) => ({ size: 4 as const, upper, lower })),
      )
    : fc.integer({ min: 0, max: 0x7f }).map((upper) => ({ size: 1 as const, upper }));

const seq = fc.integer({ min: 0, max: 7 });
const arbControl: fc.Arbitrary<HdlcControl> = fc.oneof(
  fc.record({ kind: fc.constant('I' as const), ns: seq, nr: seq, pf: fc.boolean() }),
  fc.record({ kind: fc.constantFrom('RR' as const, 'RNR' as const), nr: seq, pf: fc.boolean() }),
  fc.record({ kind: fc.constantFrom('SNRM' as const, 'DISC' as const, 'UA' as const, 'DM' as const, 'FRMR' as const, 'UI' as const), pf: fc.boolean() }),
);
const arbFrame: fc.Arbitrary<HdlcFrameInput> = fc.record({
  segmented: fc.boolean(),
  destination: arbAddress(true),
  source: arbAddress(false),
  control: arbControl,
  information: fc.option(fc.uint8Array({ minLength: 1, maxLength: 300 }), { nil: undefined }),
  flags: fc.boolean(),
});

describe('properties', () => {
  it('random frames round-trip: encode -> decode -> encode is byte-exact', () => {
    fc.assert(
      fc.property(arbFrame, (input) => {
        if (input.control.kind === 'SNRM' || input.control.kind === 'UA') input = { ...input, information: undefined }; // their info is the parameter field
        const bytes = encodeHdlcFrame(input);
        const f = decodeHdlcFrameBytes(bytes);
        expect(f.control).toEqual(input.control);
        expect(f.destination).toEqual(input.destination);
        expect(f.segmented).toBe(input.segmented);
        expect(toHex(encodeHdlcFrame(f))).toBe(toHex(bytes));
      }),
      { numRuns: 500 },
    );
  });

  it('a stream of random frames split at random points deframes to the same frames', () => {
    fc.assert(
      fc.property(fc.array(arbFrame, { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 6 }), (inputs, cuts) => {
        const encoded = inputs.map((i) => encodeHdlcFrame({ ...i, information: i.control.kind === 'SNRM' || i.control.kind === 'UA' ? undefined : i.information, flags: true }));
        const stream = Uint8Array.from(encoded.flatMap((e) => [...e]));
        const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        const chunks: Uint8Array[] = [];
        let prev = 0;
        for (const p of [...points, stream.length]) {
          chunks.push(stream.subarray(prev, p));
          prev = p;
        }
        const got = frames(pushAll(chunks));
        expect(got.map((e) => toHex(e.bytes))).toEqual(encoded.map((e) => toHex(e.subarray(1, -1))));
      }),
      { numRuns: 300 },
    );
  });

  it('random bytes never make the deframer throw, and every byte is accounted for', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }), (chunks) => {
        const d = new HdlcDeframer();
        let total = 0;
        let seen = 0;
        for (const c of chunks) {
          total += c.length;
          for (const e of d.push(c)) if (e.kind !== 'error') seen += e.kind === 'frame' ? e.bytes.length : e.length;
        }
        for (const e of d.end()) if (e.kind === 'garbage') seen += e.length;
        const flags = chunks.reduce((n, c) => n + c.filter((b) => b === 0x7e).length, 0);
        expect(seen).toBeLessThanOrEqual(total);
        expect(seen).toBeGreaterThanOrEqual(total - flags);
      }),
      { numRuns: 1000 },
    );
  });

  it('frames embedded in random noise are still found when a flag precedes them', () => {
    const frame = fromHex(corpusVector('hdlc-iframe-aare').hex);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }), (pre, post) => {
        const evs = pushAll([Uint8Array.from([...pre, ...frame, ...post])]);
        expect(frames(evs).some((e) => toHex(e.bytes) === toHex(frame.subarray(1, -1)))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
