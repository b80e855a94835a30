import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dissect } from '../../../src-main/dlms/dissect/index';
import { renderFrameText, renderFramesJson } from '../../../src-main/dlms/dissect/render-text';
import { fromHex, toHex } from '../../../src-shared/hex';
import type { DissectedFrame, FieldNode } from '../../../src-shared/trace';
import { corpusVector, loadCorpus, loadSeedTraces, seedVector } from '../../support/vectors';
import { allNodes, q } from '../vectors/tree-query';

function inside(frames: DissectedFrame[], input: Uint8Array): boolean {
  const ok = (n: FieldNode, size: number): boolean =>
    allNodes(n).every((x) => x.start >= 0 && x.length >= 0 && x.start + x.length <= size && (!x.decrypted || ok(x.decrypted.tree, x.decrypted.plaintextHex.length / 2)));
  return frames.every((f) => ok(f.tree, f.reassembledHex !== undefined ? f.reassembledHex.length / 2 : input.length));
}

describe('layers and summaries', () => {
  it('a wrapper frame: header fields, the APDU below it, the summary with both', () => {
    const [f] = dissect(fromHex(seedVector('vendor-aarq-wrapped').hex));
    expect(f!.layer).toBe('wrapper');
    expect(f!.summary).toBe('wrapper 1->1 · AARQ LN, high-gmac, initiateRequest');
    expect(q(f!, 'wrapper > APDU > AARQ > mechanism-name').value).toBe('2.16.756.5.8.2.5');
    expect(q(f!, 'source wPort').hex).toBe('0001');
  });

  it('an HDLC I-frame: link info and the APDU in the summary', () => {
    const [f] = dissect(fromHex(corpusVector('hdlc-iframe-action-hls-reply').hex));
    expect(f!.summary).toBe('HDLC I(N(S)=1,N(R)=1,P/F=1) · Action-Request-Normal 0-0:40.0.0*255 method 1');
    expect(q(f!, 'HDLC frame > information > APDU').start).toBe(14); // 7E, format 2, dest 4, src 1, control 1, HCS 2, LLC 3
  });

  it('every node carries the hex of its byte range', () => {
    const bytes = fromHex(corpusVector('hdlc-iframe-aarq').hex);
    const [f] = dissect(bytes);
    for (const n of allNodes(f!.tree)) expect(n.hex).toBe(toHex(bytes.subarray(n.start, n.start + n.length)));
  });

  it('honours options.layer', () => {
    const bytes = fromHex('0301');
    expect(dissect(bytes)[0]!.layer).toBe('axdr');
    const [f] = dissect(bytes, { layer: 'apdu' });
    expect(f!.layer).toBe('apdu');
    expect(f!.malformedAt).toBe(0);
  });

  it('several wrapper frames in one input give several frames', () => {
    const a = seedVector('vendor-aarq-wrapped').hex;
    const b = seedVector('client-aarq-wrapped-sn-plain-dest145').hex;
    const frames = dissect(fromHex(a + b));
    expect(frames.map((f) => f.summary.split(' · ')[0])).toEqual(['wrapper 1->1', 'wrapper 1->145']);
    expect(frames[1]!.tree.start).toBe(a.length / 2);
  });

  it('unrecognised bytes are said to be so, with what was tried', () => {
    const [f] = dissect(fromHex('0223'));
    expect(f!.unrecognized).toBe(true);
    expect(f!.malformedAt).toBeUndefined();
    expect(f!.tree.children!.map((c) => c.label)).toEqual(['as axdr']);
    expect(f!.tree.children![0]!.meaning).toMatch(/^LENGTH_OVERFLOW at byte 1 \(structure/);
  });
});

describe('malformed input keeps the tree up to the failure', () => {
  it('a truncated APDU: nodes before the failure, a problem node at its offset', () => {
    const full = fromHex(corpusVector('get-request-epri-invoke45').hex);
    const [f] = dissect(full.subarray(0, 9));
    expect(f!.malformedAt).toBe(5);
    expect(f!.problem).toMatch(/^TRUNCATED/);
    expect(q(f!, 'invoke-id-and-priority').value).toBeDefined();
    const problem = allNodes(f!.tree).find((n) => n.label === 'malformed')!;
    expect(problem.start).toBe(5);
  });

  it('the OCR frame with a lost byte is a truncated wrapper frame', () => {
    const hex = seedVector('client-aarq-wrapped-sn-ciphered-mech2').hex;
    const [f] = dissect(fromHex(hex.slice(0, 60) + hex.slice(62)));
    expect(f!.layer).toBe('wrapper');
    expect(f!.problem).toMatch(/length field 85 but 84 APDU byte\(s\) present/);
  });

  it('trailing bytes after an APDU are flagged', () => {
    const [f] = dissect(fromHex(`${corpusVector('rlrq-normal').hex}00`), { layer: 'apdu' });
    expect(f!.malformedAt).toBe(5);
    expect(q(f!, 'trailing bytes').problem).toMatch(/1 byte/);
  });

  it('an HDLC frame with a bad FCS is flagged and its content still dissected', () => {
    const bytes = fromHex(corpusVector('hdlc-iframe-aare').hex);
    bytes[bytes.length - 2] = bytes[bytes.length - 2]! ^ 0xff;
    const [f] = dissect(bytes);
    expect(f!.malformedAt).toBe(bytes.length - 3);
    expect(f!.problem).toMatch(/^FCS/);
    expect(q(f!, 'AARE > result').meaning).toBe('accepted');
  });

  it('a frame given without flags and without its FCS shows the FCS as absent, not broken', () => {
    const [f] = dissect(fromHex(corpusVector('hdlc-fcs-jdlms-L79').hex));
    expect(f!.malformedAt).toBeUndefined();
    expect(f!.summary).toBe('HDLC I(N(S)=4,N(R)=5,P/F=1) · Set-Response-Normal success');
    expect(q(f!, 'FCS').meaning).toBe(`not in the input: the bytes end where the FCS would start (computed FCS ${corpusVector('hdlc-fcs-jdlms-L79').expect})`);
  });
});

describe('rendering', () => {
  it('text: label, [offset+length], value, meaning, hex', () => {
    const [f] = dissect(fromHex(corpusVector('rlrq-normal').hex));
    const text = renderFrameText(f!).split('\n');
    expect(text[0]).toBe('#1 apdu: RLRQ normal');
    expect(text[1]).toMatch(/^ {2}RLRQ \[0\+5\] .*\(6203800100\)$/);
  });

  it('JSON is the DissectedFrame tree as is', () => {
    const frames = dissect(fromHex(corpusVector('rlrq-normal').hex));
    expect(JSON.parse(renderFramesJson(frames))).toEqual(JSON.parse(JSON.stringify(frames)));
  });
});

describe('never throws (fast-check)', () => {
  const vectors = [...loadCorpus().map((v) => v.hex), ...loadSeedTraces().map((v) => v.hex)].map(fromHex);
  const keys = { ek: '000102030405060708090A0B0C0D0E0F', ak: 'D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF', clientSystemTitle: '4D4D4D0000BC614E' };
  const layer = fc.constantFrom(undefined, 'hdlc', 'wrapper', 'apdu', 'axdr') as fc.Arbitrary<DissectedFrame['layer'] | undefined>;

  it('empty input still gives one frame, flagged', () => {
    for (const l of [undefined, 'hdlc', 'wrapper', 'apdu', 'axdr'] as const) {
      const frames = dissect(new Uint8Array(0), l ? { layer: l } : {});
      expect(frames).toHaveLength(1);
      expect(frames[0]!.malformedAt !== undefined || frames[0]!.unrecognized === true).toBe(true);
    }
  });

  it('random bytes: frames with node ranges inside the input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), layer, (bytes, l) => {
        const frames = dissect(bytes, l ? { layer: l } : {});
        return frames.length > 0 && inside(frames, bytes);
      }),
      { numRuns: 600 },
    );
  });

  it('mutated vectors (flipped, cut, inserted bytes), with keys', () => {
    const mutated = fc
      .tuple(fc.constantFrom(...vectors), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'cut', 'insert')), { maxLength: 4 }))
      .map(([v, edits]) => {
        let b = Array.from(v);
        for (const [at, value, kind] of edits) {
          const i = b.length === 0 ? 0 : at % b.length;
          if (kind === 'set') b[i] = value;
          else if (kind === 'cut') b = b.slice(0, i);
          else b.splice(i, 0, value);
        }
        return Uint8Array.from(b);
      });
    fc.assert(
      fc.property(mutated, fc.boolean(), (bytes, withKeys) => {
        const frames = dissect(bytes, withKeys ? { keys } : {});
        return frames.length > 0 && inside(frames, bytes) && frames.every((f) => typeof f.summary === 'string');
      }),
      { numRuns: 600 },
    );
  });
});
