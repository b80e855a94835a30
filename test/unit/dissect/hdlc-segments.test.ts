// HDLC segmentation in the dissector (IEC 62056-46 6.4.4.4.3): continuation segments are pieces of
// one message per direction of the link, never APDUs of their own; the joined message is
// dissected once complete. Streams are built with our encoders (link-builders.ts).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dissect, dissectEntries, StreamDissector } from '../../../src-main/dlms/dissect/index';
import { clientAddress, serverAddress } from '../../../src-main/dlms/framing/hdlc/address';
import { encodeHdlcFrame } from '../../../src-main/dlms/framing/hdlc/frame';
import { toHex } from '../../../src-shared/hex';
import type { DissectedFrame } from '../../../src-shared/trace';
import { allNodes, q } from '../vectors/tree-query';
import { concat, disc, informationOf, offsetsOf, readRequest, readResponse, rr, segmentFrames, table, wholeFrame, withAcks } from './link-builders';

const malformed = (frames: DissectedFrame[]): DissectedFrame[] => frames.filter((f) => f.malformedAt !== undefined);
const reassembled = (frames: DissectedFrame[]): DissectedFrame[] => frames.filter((f) => f.reassembledHex !== undefined);

/** A ReadResponse whose information field is cut into 4 segments, the last one starting with 0x28. */
function snReadResponse(): { info: Uint8Array; segments: Uint8Array[] } {
  const info = informationOf('server', readResponse(table(24)));
  const at28 = offsetsOf(info, 0x28);
  const last = at28[at28.length - 1]!; // a byte 0x28 near the end starts the last segment
  const segments = segmentFrames('server', info, [Math.floor(last / 3), Math.floor((2 * last) / 3), last], 1);
  return { info, segments };
}

describe('segmented message in one stream', () => {
  it('the Gurux SN case: 4 segments with RR frames between, the last starting with 0x28, one entry per frame', () => {
    const { info, segments } = snReadResponse();
    expect(segments[3]![8]).toBe(0x28); // 7E, format 2, dest 1, src 1, control 1, HCS 2: information starts at 8
    const entries = [readRequest(0xfa08), ...withAcks('server', segments)];
    const frames = dissectEntries([{ bytes: wholeFrame('client', entries[0]!) }, ...entries.slice(1).map((bytes) => ({ bytes }))]);
    expect(malformed(frames)).toEqual([]);
    // #1 request, #2 seg 1, #3 RR, #4 seg 2, #5 RR, #6 seg 3, #7 RR, #8 seg 4 (last), #9 reassembled
    expect(frames).toHaveLength(9);
    expect(frames[1]!.summary).toMatch(/ S · segment 1$/);
    expect(q(frames[3]!, 'segment').meaning).toBe('segment 2 of the message started in frame #2 (more follow)');
    expect(q(frames[7]!, 'segment').meaning).toBe('segment 4 of the message started in frame #2 (last)');
    expect(frames[7]!.summary).not.toMatch(/glo-initiate-response/);
    const r = frames[8]!;
    expect(r.reassembledHex).toBe(toHex(info));
    expect(r.summary).toBe('reassembled from 4 HDLC segments · ReadResponse array');
    expect(q(r, 'array').value).toBe('24 elements');
    expect(q(r, 'reassembled information field').meaning).toBe('HDLC segments of frames #2, #4, #6, #8 joined');
  });

  it('the same bytes as one input (several frames in one chunk) give the same frames', () => {
    const { segments } = snReadResponse();
    const bytes = concat(withAcks('server', segments));
    const one = dissect(bytes);
    const each = dissectEntries(withAcks('server', segments).map((b) => ({ bytes: b })));
    expect(one.map((f) => f.summary)).toEqual(each.map((f) => f.summary));
    expect(one[one.length - 1]!.reassembledHex).toBe(each[each.length - 1]!.reassembledHex);
  });

  it('an RR of the other side between segments does not end the message', () => {
    const info = informationOf('server', readResponse(table(10)));
    const frames = dissect(concat(withAcks('server', segmentFrames('server', info, [40, 80]))));
    expect(frames.map((f) => f.summary.split(' · ')[0])).toEqual([
      'HDLC I(N(S)=0,N(R)=0,P/F=1) S', 'HDLC RR(N(R)=1,P/F=1)', 'HDLC I(N(S)=1,N(R)=0,P/F=1) S', 'HDLC RR(N(R)=2,P/F=1)', 'HDLC I(N(S)=2,N(R)=0,P/F=1)', 'reassembled from 3 HDLC segments',
    ]);
    expect(frames[5]!.reassembledHex).toBe(toHex(info));
    expect(malformed(frames)).toEqual([]);
  });

  it('both directions segmented at once: each message joins only its own segments', () => {
    const down = informationOf('server', readResponse(table(8, 0x11)));
    const up = informationOf('client', readResponse(table(6, 0x22)));
    const s = segmentFrames('server', down, [30, 60]);
    const c = segmentFrames('client', up, [50]);
    const frames = dissect(concat([s[0]!, c[0]!, s[1]!, c[1]!, s[2]!]));
    const joined = reassembled(frames);
    expect(joined.map((f) => f.reassembledHex)).toEqual([toHex(up), toHex(down)]);
    expect(q(joined[0]!, 'reassembled information field').meaning).toBe('HDLC segments of frames #2, #4 joined');
    expect(q(joined[1]!, 'reassembled information field').meaning).toBe('HDLC segments of frames #1, #3, #6 joined');
    expect(malformed(frames)).toEqual([]);
  });

  it('several segmented messages in one stream, with whole frames between them', () => {
    const a = informationOf('server', readResponse(table(5, 0x01)));
    const b = informationOf('server', readResponse(table(7, 0x02)));
    const stream = [wholeFrame('client', readRequest(0x100)), ...withAcks('server', segmentFrames('server', a, [20, 45])), wholeFrame('client', readRequest(0x200), 1), ...withAcks('server', segmentFrames('server', b, [33]))];
    const frames = dissectEntries(stream.map((bytes) => ({ bytes })));
    expect(reassembled(frames).map((f) => f.reassembledHex)).toEqual([toHex(a), toHex(b)]);
    const second = frames.findIndex((f) => f.summary.endsWith('ReadRequest 0x0200'));
    expect(q(frames[second + 3]!, 'segment').meaning).toBe(`segment 2 of the message started in frame #${second + 2} (last)`);
    expect(malformed(frames)).toEqual([]);
  });

  it('a retransmitted segment (same N(S), same bytes) is not joined twice', () => {
    const info = informationOf('server', readResponse(table(6)));
    const [s1, s2, s3] = segmentFrames('server', info, [25, 50]);
    const frames = dissect(concat([s1!, rr('client', 1), s2!, s2!, rr('client', 2), s3!]));
    expect(q(frames[3]!, 'segment').meaning).toBe('retransmission of the segment in frame #3 (same N(S), same bytes): not joined again');
    expect(reassembled(frames)[0]!.reassembledHex).toBe(toHex(info));
  });

  it('a UI frame of the same sender between I-frame segments is a frame of its own', () => {
    const info = informationOf('server', readResponse(table(6)));
    const [s1, s2] = segmentFrames('server', info, [30]);
    const push = encodeHdlcFrame({ source: serverAddress(1, undefined, 1), destination: clientAddress(16), control: { kind: 'UI', pf: false }, information: informationOf('server', readResponse({ type: 'unsigned', value: 9 })) });
    const frames = dissect(concat([s1!, push, s2!]));
    expect(frames.map((f) => f.summary.split(' · ')[1])).toEqual(['segment 1', 'ReadResponse unsigned', 'segment 2 (last)', 'ReadResponse array']);
    expect(frames[3]!.reassembledHex).toBe(toHex(info));
  });

  it('random cuts, acknowledgements and entry boundaries always reassemble the message (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.uniqueArray(fc.integer({ min: 1, max: 400 }), { maxLength: 8 }), fc.boolean(), (rows, cuts, acks) => {
        const info = informationOf('server', readResponse(table(rows)));
        const segs = segmentFrames('server', info, [...cuts].sort((x, y) => x - y));
        const frames = dissectEntries((acks ? withAcks('server', segs) : segs).map((bytes) => ({ bytes })));
        const joined = reassembled(frames);
        if (segs.length === 1) return joined.length === 0 && malformed(frames).length === 0;
        return joined.length === 1 && joined[0]!.reassembledHex === toHex(info) && malformed(frames).length === 0;
      }),
      { numRuns: 200 },
    );
  });
});

describe('a stream that does not hold the whole message says so', () => {
  it('starting mid-message: continuation segments without their first one, the tail not dissected', () => {
    const { segments } = snReadResponse();
    const frames = dissectEntries(withAcks('server', segments).slice(2).map((bytes) => ({ bytes })));
    expect(malformed(frames)).toEqual([]);
    expect(q(frames[0]!, 'segment').meaning).toBe(
      'continuation segment (no LLC header, so not a first segment) of a message whose start is not in the stream: the stream starts in the middle of this segmented message (more follow)',
    );
    expect(q(frames[4]!, 'segment').meaning).toBe('segment 3 seen here of a message whose start is not in the stream (last)');
    const tail = frames[5]!;
    expect(tail.summary).toBe('partial message from 3 HDLC segments (its start is not in the stream) · not dissected');
    expect(allNodes(tail.tree).some((n) => n.label === 'ReadResponse' || n.label === 'array')).toBe(false);
  });

  it('starting at the last segment: not taken for the APDU its first byte names', () => {
    const { segments } = snReadResponse();
    const frames = dissect(segments[3]!);
    expect(frames).toHaveLength(1);
    expect(frames[0]!.malformedAt).toBeUndefined();
    expect(frames[0]!.summary).toBe('HDLC I(N(S)=4,N(R)=0,P/F=1) · probably the last segment of a message whose start is not in the stream');
    expect(q(frames[0]!, 'segment').meaning).toMatch(/^no LLC header and not a whole APDU \(read as an APDU: .*\): probably the last segment .*the stream starts in the middle of a segmented message\); not dissected$/);
  });

  it('a stream ending before the last segment marks the message incomplete', () => {
    const { segments } = snReadResponse();
    const frames = dissect(concat(segments.slice(0, 2)));
    expect(frames).toHaveLength(2);
    expect(frames[1]!.summary).toMatch(/message incomplete: the stream ends before its last segment$/);
    expect(q(frames[1]!, 'segment').meaning).toMatch(/; message incomplete: the stream ends before its last segment$/);
  });

  it('StreamDissector.end() says so on frames returned by earlier pushes', () => {
    const { segments } = snReadResponse();
    const s = new StreamDissector();
    const first = s.push(segments[0]!);
    expect(first[0]!.summary).not.toMatch(/incomplete/);
    s.end();
    expect(first[0]!.summary).toMatch(/message incomplete/);
  });

  it('a DISC ends a message still waiting for segments', () => {
    const { segments } = snReadResponse();
    const frames = dissect(concat([segments[0]!, disc(), segments[3]!]));
    expect(frames[0]!.summary).toMatch(/message incomplete: the link was reset in frame #2 before its last segment$/);
    expect(frames[2]!.summary).toMatch(/probably the last segment/);
  });
});
