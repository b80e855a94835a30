// GBT runs per sender (Green Book 9.4.6.13), resynchronisation after a malformed HDLC frame, the
// short-array-count quirk and DEFAULT usage flags in the InitiateRequest.

import { describe, expect, it } from 'vitest';
import { encodeApdu } from '../../../src-main/dlms/apdu';
import { encodeDataBytes } from '../../../src-main/dlms/axdr/data';
import { dissect, dissectEntries } from '../../../src-main/dlms/dissect/index';
import { encodeHdlcFrame } from '../../../src-main/dlms/framing/hdlc/frame';
import { fromHex, toHex } from '../../../src-shared/hex';
import type { DissectedFrame } from '../../../src-shared/trace';
import { allNodes, q } from '../vectors/tree-query';
import { concat, readRequest, readResponse, table, wholeFrame } from './link-builders';

const malformed = (frames: DissectedFrame[]): DissectedFrame[] => frames.filter((f) => f.malformedAt !== undefined);

function gbt(blockNumber: number, blockNumberAck: number, lastBlock: boolean, blockData: Uint8Array): Uint8Array {
  return encodeApdu({ type: 'general-block-transfer', lastBlock, streaming: false, window: 1, blockNumber, blockNumberAck, blockData });
}

/** A ReadResponse cut into `n` GBT blocks of the server. */
function serverBlocks(n: number): { apdu: Uint8Array; blocks: Uint8Array[] } {
  const apdu = readResponse(table(12));
  const size = Math.ceil(apdu.length / n);
  const blocks = Array.from({ length: n }, (_, i) => gbt(i + 1, 0, i === n - 1, apdu.subarray(i * size, (i + 1) * size)));
  return { apdu, blocks };
}

describe('GBT runs', () => {
  it('server blocks with the client acknowledging blocks between them reassemble (runs kept per sender)', () => {
    const { apdu, blocks } = serverBlocks(3);
    const acks = [gbt(1, 1, true, new Uint8Array(0)), gbt(2, 2, true, new Uint8Array(0))];
    const stream = [blocks[0]!, acks[0]!, blocks[1]!, acks[1]!, blocks[2]!].map((b, i) => wholeFrame(i % 2 === 0 ? 'server' : 'client', b, i >> 1));
    const frames = dissect(concat(stream));
    expect(frames).toHaveLength(6);
    const joined = frames[5]!;
    expect(joined.reassembledHex).toBe(toHex(apdu));
    expect(joined.summary).toBe('reassembled from 3 GBT blocks · ReadResponse array');
    expect(q(joined, 'reassembled general-block-transfer').meaning).toBe('block-data of frames #1, #3, #5 joined');
    expect(malformed(frames)).toEqual([]);
  });

  it('bare APDU entries: per direction, across entries', () => {
    const { apdu, blocks } = serverBlocks(2);
    const frames = dissectEntries(
      [
        { bytes: blocks[0]!, direction: 'server->client' },
        { bytes: gbt(1, 1, true, new Uint8Array(0)), direction: 'client->server' },
        { bytes: blocks[1]!, direction: 'server->client' },
      ],
      { layer: 'apdu' },
    );
    expect(frames.map((f) => f.reassembledHex).filter((h) => h !== undefined)).toEqual([toHex(apdu)]);
  });

  it('a stream that starts mid-transfer: the run from block 2 is joined and said to be a tail', () => {
    const { apdu, blocks } = serverBlocks(3);
    const frames = dissect(concat(blocks.slice(1).map((b, i) => wholeFrame('server', b, i))));
    expect(frames).toHaveLength(3);
    const tail = frames[2]!;
    expect(tail.summary).toBe('partial APDU from 2 GBT blocks (the stream starts mid-transfer: blocks 1..1 are not in it) · not dissected');
    expect(tail.malformedAt).toBeUndefined();
    expect(tail.reassembledHex).toBe(toHex(apdu.subarray(Math.ceil(apdu.length / 3))));
    expect(allNodes(tail.tree).some((n) => n.label === 'ReadResponse')).toBe(false);
  });

  it('blocks missing after the sender spoke before: said to be missing, not a mid-transfer start', () => {
    const { blocks } = serverBlocks(3);
    const stream = [wholeFrame('server', readResponse({ type: 'null-data' })), wholeFrame('server', blocks[1]!, 1), wholeFrame('server', blocks[2]!, 2)];
    const frames = dissect(concat(stream));
    expect(frames[3]!.summary).toBe('partial APDU from 2 GBT blocks (blocks 1..1 are not in the stream) · not dissected');
  });

  it('a run that never gets its last block is said to be incomplete', () => {
    const { blocks } = serverBlocks(3);
    const frames = dissect(concat(blocks.slice(0, 2).map((b, i) => wholeFrame('server', b, i))));
    expect(frames).toHaveLength(2);
    expect(frames[1]!.summary).toMatch(/GBT run incomplete: the stream ends before its last block$/);
  });
});

describe('resynchronisation after a malformed HDLC frame', () => {
  const a = wholeFrame('client', readRequest(0x100));
  const c = wholeFrame('server', readResponse({ type: 'double-long-unsigned', value: 7 }));

  it('a truncated frame: the frames after it are still dissected', () => {
    const b = wholeFrame('server', readResponse(table(3)));
    const frames = dissect(concat([a, b.subarray(0, 20), c]));
    expect(frames.map((f) => f.summary)).toEqual(['HDLC I(N(S)=0,N(R)=0,P/F=1) · ReadRequest 0x0100', 'malformed HDLC frame', 'HDLC I(N(S)=0,N(R)=0,P/F=1) · ReadResponse double-long-unsigned']);
    expect(frames[1]!.malformedAt).toBeDefined();
    expect(q(frames[1]!, 'resynchronisation').meaning).toBe(`bytes ${a.length}..${a.length + 19} are not taken as a frame; the stream resumes at the next plausible frame start, byte ${a.length + 20}`);
    expect(frames[2]!.tree.start).toBe(a.length + 20);
  });

  it('bytes lost inside a frame (its length runs into the next one): resumes at the next frame', () => {
    const b = wholeFrame('server', readResponse(table(3)));
    const lossy = concat([b.subarray(0, 30), b.subarray(34)]);
    const frames = dissect(concat([a, lossy, c]));
    expect(frames).toHaveLength(3);
    expect(frames[1]!.problem).toMatch(/^FCS .* a frame start \(7E A…\) at byte \d+ lies inside the frame: bytes were lost$/);
    expect(frames[2]!.summary).toBe('HDLC I(N(S)=0,N(R)=0,P/F=1) · ReadResponse double-long-unsigned');
    expect(frames[2]!.malformedAt).toBeUndefined();
  });

  it('garbage between frames, and frames without flags', () => {
    expect(dissect(concat([a, Uint8Array.of(0x12, 0x34, 0x56), c])).map((f) => f.summary.split(' · ')[0])).toEqual([
      'HDLC I(N(S)=0,N(R)=0,P/F=1)', 'malformed HDLC frame', 'HDLC I(N(S)=0,N(R)=0,P/F=1)',
    ]);
    const bare = (f: Uint8Array): Uint8Array => f.subarray(1, f.length - 1);
    const frames = dissect(concat([bare(a), Uint8Array.of(0xff, 0x00), bare(c)]), { layer: 'hdlc' });
    expect(frames.map((f) => f.summary.split(' · ')[1])).toEqual(['ReadRequest 0x0100', undefined, 'ReadResponse double-long-unsigned']);
  });

  it('flags repeated between frames are fill, not a malformed frame', () => {
    const frames = dissect(concat([a, Uint8Array.of(0x7e, 0x7e), c]));
    expect(frames).toHaveLength(2);
    expect(malformed(frames)).toEqual([]);
  });
});

describe('quirks and DEFAULT values', () => {
  it('an array whose count is short of the elements that follow is explained', () => {
    const row = encodeDataBytes({ type: 'structure', items: [{ type: 'long-unsigned', value: 1 }, { type: 'double-long-unsigned', value: 2 }] });
    const bytes = concat([readResponse({ type: 'array', items: [] }), row]);
    const [f] = dissect(bytes, { layer: 'apdu' });
    expect(row.length).toBe(10); // 02 02, 12 0001, 06 00000002
    expect(f!.malformedAt).toBe(bytes.length - row.length);
    expect(q(f!, 'explanation').meaning).toMatch(/^non-standard encoding: the array at byte 3 declares 0 element\(s\), but 1 more whole Data element\(s\) follow it to the end of the APDU \(10 byte\(s\)\): the sender's element count is short by 1 /);
  });

  it('trailing bytes that are no Data elements are not explained as a short count', () => {
    const bytes = concat([readResponse({ type: 'array', items: [] }), Uint8Array.of(0x07, 0x01)]);
    const [f] = dissect(bytes, { layer: 'apdu' });
    expect(f!.malformedAt).toBeDefined();
    expect(allNodes(f!.tree).some((n) => n.label === 'explanation')).toBe(false);
  });

  // InitiateRequest of the Green Book AARQ example: no dedicated key, response-allowed by its DEFAULT.
  it('InitiateRequest: an absent response-allowed is its DEFAULT TRUE', () => {
    const [f] = dissect(fromHex('01000000065F1F0400007E1F04B0'), { layer: 'apdu' });
    expect(q(f!, 'response-allowed usage-flag')).toMatchObject({ value: 'absent', meaning: 'absent: default TRUE (response allowed)' });
    expect(q(f!, 'dedicated-key usage-flag')).toMatchObject({ value: 'absent', meaning: 'absent: OPTIONAL component not sent' });
  });

  it('InitiateRequest: response-allowed sent as FALSE', () => {
    const [f] = dissect(fromHex('0100010000065F1F0400007E1F04B0'), { layer: 'apdu' });
    expect(q(f!, 'response-allowed usage-flag').meaning).toBe('present: the value follows (overrides the DEFAULT)');
    expect(q(f!, 'InitiateRequest > response-allowed')).toMatchObject({ value: 'FALSE', meaning: 'no response allowed (unconfirmed service)' });
  });
});

describe('frames built by hand still line up', () => {
  it('a UI frame with a segmented push is joined like I-frames', () => {
    const info = concat([Uint8Array.of(0xe6, 0xe7, 0x00), readResponse(table(4))]);
    const ui = (part: Uint8Array, segmented: boolean): Uint8Array =>
      encodeHdlcFrame({ destination: { size: 1, upper: 0x10 }, source: { size: 1, upper: 1 }, segmented, control: { kind: 'UI', pf: false }, information: part });
    const frames = dissect(concat([ui(info.subarray(0, 30), true), ui(info.subarray(30), false)]));
    expect(frames[2]!.reassembledHex).toBe(toHex(info));
  });
});
