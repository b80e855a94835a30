// Every shared vector through the dissector (auto-detect): no malformed frame, except negative
// vectors (flagged) and quirk vectors (explained); node ranges inside the bytes they index.
import { describe, expect, it } from 'vitest';
import { dissect } from '../../../src-main/dlms/dissect/index';
import { fromHex } from '../../../src-shared/hex';
import type { DissectedFrame, FieldNode } from '../../../src-shared/trace';
import { loadCorpus, loadSeedTraces } from '../../support/vectors';
import { allNodes } from './tree-query';

const corpus = loadCorpus();
const seeds = loadSeedTraces();

/** Corpus vectors that are not frames, APDUs or Data but pieces of them (fields, CRC inputs, keys, challenges, raw GCM bodies). */
const FRAGMENTS = new Set([
  'hdlc-format-field-unsegmented', 'hdlc-format-field-segmented', 'hdlc-address-3', 'hdlc-address-5',
  'crc16-x25-check-value', 'conformance-007e1f', 'aes-gcm-raw-decrypt-dummykey', 'aes-key-wrap-rfc3394',
  'hls-gmac-f-stoc', 'hls-gmac-f-ctos', 'hls-gmac-aad-construction', 'hls-gmac-tool-auth', 'axdr-length-100',
  'datetime-2020-01-01-plus2', 'datetime-2018-02-12-no-deviation', 'obis-0-0-43-1-0-255',
]);

export function rangesInside(frames: DissectedFrame[], input: Uint8Array): void {
  for (const f of frames) {
    const size = f.reassembledHex !== undefined ? f.reassembledHex.length / 2 : input.length;
    const check = (n: FieldNode, limit: number): void => {
      for (const x of allNodes(n)) {
        expect(x.start, x.label).toBeGreaterThanOrEqual(0);
        expect(x.length, x.label).toBeGreaterThanOrEqual(0);
        expect(x.start + x.length, `${x.label} [${x.start}+${x.length}] in ${limit}`).toBeLessThanOrEqual(limit);
      }
    };
    check(f.tree, size);
    for (const x of allNodes(f.tree)) if (x.decrypted) check(x.decrypted.tree, x.decrypted.plaintextHex.length / 2);
  }
}

const explained = (frames: DissectedFrame[]): boolean =>
  frames.some((f) => allNodes(f.tree).some((n) => n.label === 'explanation' || /quirk/i.test(n.meaning ?? '')));

describe('every corpus vector through dissect', () => {
  it.each(corpus.map((v) => [v.id, v] as const))('%s', (_id, v) => {
    const bytes = fromHex(v.hex);
    const frames = dissect(bytes);
    expect(frames.length).toBeGreaterThan(0);
    rangesInside(frames, bytes);
    const malformed = frames.filter((f) => f.malformedAt !== undefined);
    if (v.negative) {
      expect(malformed.length, 'negative vector must be flagged').toBeGreaterThan(0);
      expect(malformed[0]!.problem).toBeTruthy();
    } else if (v.quirk) {
      expect(explained(frames), 'quirk vector must carry an explanation').toBe(true);
    } else {
      expect(malformed.map((f) => f.problem)).toEqual([]);
      // Fragments are not claimed by any layer; everything else must be recognised.
      expect(frames.some((f) => f.unrecognized === true)).toBe(FRAGMENTS.has(v.id));
    }
  });
});

describe('every seed vector through dissect', () => {
  it.each(seeds.map((v) => [v.id, v] as const))('%s', (_id, v) => {
    const bytes = fromHex(v.hex);
    const frames = dissect(bytes);
    expect(frames).toHaveLength(1);
    expect(frames[0]!.malformedAt).toBeUndefined();
    expect(frames[0]!.layer).toBe(v.layer);
    rangesInside(frames, bytes);
  });
});

describe('stream vectors give one frame per frame plus the reassembled one', () => {
  it.each([
    ['gbt-lg-e450-stream', 4, 'gbt-lg-e450-reassembled'],
    ['gbt-lg-e570-enc-stream', 5, 'gbt-lg-e570-gdgc-reassembled'],
    ['gbt-lg-e450-enc-stream', 3, 'gbt-lg-e450-gdgc-reassembled'],
  ] as const)('%s: %i GBT blocks reassemble to %s', (id, blocks, reassembledId) => {
    const frames = dissect(fromHex(corpus.find((v) => v.id === id)!.hex));
    expect(frames).toHaveLength(blocks + 1);
    expect(frames.slice(0, blocks).every((f) => /General-Block-Transfer block \d+/.test(f.summary))).toBe(true);
    expect(frames[blocks]!.reassembledHex).toBe(corpus.find((v) => v.id === reassembledId)!.hex.toUpperCase());
  });

  it('the Iskra segmented push: 5 segments, reassembled into a data-notification', () => {
    const frames = dissect(fromHex(corpus.find((v) => v.id === 'hdlc-segmented-iskra-am550-stream')!.hex));
    expect(frames.map((f) => f.summary.split(' · ')[1])).toEqual([
      'segment 1', 'segment 2', 'segment 3', 'segment 4', 'segment 5 (last)', expect.stringMatching(/^Data-Notification id 1075 2020-08-15 06:19:45/),
    ]);
    expect(frames[5]!.malformedAt).toBeUndefined();
  });
});
