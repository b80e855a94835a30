// diffFrames / diffTexts against the seed's story: the client's AARQs from the forum thread against
// the vendor tool's, with the differences the seed vectors state; HDLC sequencing and invoke-ids as
// per-connection; properties over the corpus.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DiffInputError, diffFrames, diffTexts } from '../../../src-main/dlms/dissect/diff';
import { dissect } from '../../../src-main/dlms/dissect/index';
import type { FieldDiff } from '../../../src-shared/diff';
import { fromHex, toHex } from '../../../src-shared/hex';
import type { DissectedFrame, DissectKeys, FieldNode } from '../../../src-shared/trace';
import { corpusVector, loadCorpus, loadSeedTraces, seedVector, type CorpusVector } from '../../support/vectors';
import { sealApdu } from '../../../src-main/dlms/security/gcm';
import { informationOf, segmentFrames } from './link-builders';

function frameOf(hex: string, keys?: DissectKeys): DissectedFrame {
  const frames = dissect(fromHex(hex), keys ? { keys } : {});
  expect(frames).toHaveLength(1);
  return frames[0]!;
}

const seedFrame = (id: string) => frameOf(seedVector(id).hex);
const settings = (d: FieldDiff[]) => d.filter((x) => x.class === 'setting');
const perConnection = (d: FieldDiff[]) => d.filter((x) => x.class === 'per-connection');
const last = (path: string) => path.split(' / ').pop();

/** The bytes of a vector at a side's range, as the vector's own hex says. */
function bytesAt(hex: string, side: { start: number; length: number }): string {
  return hex.toUpperCase().slice(side.start * 2, (side.start + side.length) * 2);
}

/** Conformance names as the seed vectors state them ("0x403edd = a, b, c" / "(a, b, c)"). */
function statedNames(text: string): string[] {
  const list = /= (.*)$/.exec(text)?.[1] ?? /\(([^)]*)\)/.exec(text)?.[1] ?? '';
  return list.split(',').map((s) => s.trim()).filter(Boolean);
}

describe('the seed acceptance: client AARQ after "cypher.None" vs the vendor tool', () => {
  const client = seedVector('client-aarq-wrapped-sn-plain-dest145');
  const vendor = seedVector('vendor-aarq-wrapped');
  const diffs = diffFrames(seedFrame(client.id), seedFrame(vendor.id));

  it('gives exactly the four setting differences the vector states, in its words', () => {
    const stated = client.expect.diffAgainstVendor as string[];
    expect(stated).toHaveLength(4);
    const found = settings(diffs);
    expect(found).toHaveLength(4);
    for (const s of stated) {
      const head = s.replace(/\s*\(.*\)$/, '').toLowerCase();
      const hits = found.filter((d) => d.explanation.toLowerCase().startsWith(head));
      expect(hits, `${s} in ${found.map((d) => d.explanation).join(' | ')}`).toHaveLength(1);
      expect(hits[0]!.kind).toBe('changed');
    }
  });

  it('points each setting at the field and bytes that differ', () => {
    const byLabel = new Map(settings(diffs).map((d) => [last(d.path), d]));
    expect([...byLabel.keys()].sort()).toEqual(['application-context-name', 'client-max-receive-pdu-size', 'destination wPort', 'proposed-conformance']);
    const wport = byLabel.get('destination wPort')!;
    expect(wport.path).toBe('wrapper / wrapper header / destination wPort');
    expect(bytesAt(client.hex, wport.a!)).toBe((145).toString(16).padStart(4, '0').toUpperCase());
    expect(bytesAt(vendor.hex, wport.b!)).toBe('0001');
    expect(wport.explanation).toMatch(/logical device \(server address\)/);
    const ctx = byLabel.get('application-context-name')!;
    expect(ctx.a!.value).toBe('2.16.756.5.8.1.2');
    expect(ctx.b!.value).toBe('2.16.756.5.8.1.1');
    expect(bytesAt(client.hex, ctx.a!)).toMatch(/60857405080102$/);
    const pdu = byLabel.get('client-max-receive-pdu-size')!;
    expect(bytesAt(client.hex, pdu.a!)).toBe('FFFF');
    expect(bytesAt(vendor.hex, pdu.b!)).toBe((1070).toString(16).padStart(4, '0').toUpperCase());
  });

  it('names the conformance bits only one side proposes', () => {
    const conf = settings(diffs).find((d) => last(d.path) === 'proposed-conformance')!;
    const clientBits = statedNames(String((seedVector('client-aarq-wrapped-sn-ciphered-mech2').expect.userInformation as Record<string, Record<string, string>>).gloInitiateRequest!.conformanceNote));
    const vendorBits = statedNames(String((seedVector('vendor-aarq-hls-gmac').expect.userInformation as Record<string, Record<string, string>>).initiateRequest!.conformance));
    expect(clientBits).toContain('parameterized-access');
    expect(vendorBits).toContain('general-protection');
    const onlyA = clientBits.filter((n) => !vendorBits.includes(n));
    const onlyB = vendorBits.filter((n) => !clientBits.includes(n));
    const m = /bits only in A: (.*); only in B: (.*)$/.exec(conf.explanation);
    expect(m, conf.explanation).not.toBeNull();
    expect(m![1]!.split(', ').sort()).toEqual(onlyA.sort());
    expect(m![2]!.split(', ').sort()).toEqual(onlyB.sort());
    expect(bytesAt(client.hex, conf.a!)).toMatch(/1C0320$/);
  });

  it('reports the HLS challenge as per-connection, and nothing else', () => {
    const pc = perConnection(diffs);
    expect(pc.map((d) => last(d.path))).toEqual(['calling-authentication-value']);
    expect(pc[0]!.b!.value).toBe(String(vendor.expect.callingAuthenticationValue).toUpperCase());
    expect(pc[0]!.a!.value).toBe('DC7D5449CCFBED71');
    expect(diffFrames(seedFrame(client.id), seedFrame(vendor.id), { perConnection: 'omit' })).toEqual(settings(diffs));
  });
});

describe('more pairs from the seed thread', () => {
  const vendor = seedFrame('vendor-aarq-wrapped');

  it('ciphered (glo-initiate-request) vs plain InitiateRequest: one difference for the whole CHOICE, SN-ciphered context', () => {
    const diffs = diffFrames(seedFrame('client-aarq-wrapped-sn-ciphered-gmac'), vendor);
    const set = settings(diffs);
    expect(set.map((d) => last(d.path))).toEqual(['application-context-name', 'association-information']);
    expect(set[0]!.explanation).toMatch(/^application context SN with ciphering vs LN: /);
    const initiate = set[1]!;
    expect(initiate.explanation).toBe('InitiateRequest ciphered (glo-initiate-request) vs plain');
    // The container says it all: none of its children is listed on its own.
    expect(diffs.filter((d) => d.path.startsWith(`${initiate.path} / `))).toEqual([]);
    expect(perConnection(diffs).map((d) => last(d.path)).sort()).toEqual(['calling-authentication-value', 'length']);
    const len = perConnection(diffs).find((d) => last(d.path) === 'length')!;
    expect([len.a!.value, len.b!.value]).toEqual(['87', '68']); // the vectors' stated wrapper lengths
  });

  it('a 47-byte challenge vs 8: the length is a setting (random octets, but the client chooses how many)', () => {
    const diffs = diffFrames(seedFrame('client-aarq-wrapped-long-challenge'), vendor);
    const challenge = diffs.find((d) => last(d.path) === 'calling-authentication-value')!;
    expect(challenge.class).toBe('setting');
    expect(challenge.explanation).toMatch(/^challenge length 47 vs 8 octets/);
    expect(challenge.a!.length - challenge.b!.length).toBe(47 - 8);
    expect(settings(diffs).map((d) => last(d.path))).toEqual(['destination wPort', 'calling-authentication-value', 'proposed-conformance', 'client-max-receive-pdu-size']);
    const len = diffs.find((d) => d.path === 'wrapper / wrapper header / length')!;
    expect(len.class).toBe('per-connection');
    expect(len.explanation).toMatch(/^wrapper length 107 vs 68: follows from/);
    expect(settings(diffs).find((d) => last(d.path) === 'proposed-conformance')!.explanation).toMatch(/only in A: .*general-block-transfer/);
  });

  it('system title typed as hex vs ASCII: compare as ASCII; mechanism 2 password as a 6-octet "challenge"', () => {
    const diffs = diffFrames(seedFrame('client-aarq-wrapped-sn-ciphered-mech2'), vendor);
    const title = diffs.find((d) => last(d.path) === 'calling-AP-title')!;
    expect(title.class).toBe('setting');
    expect(title.explanation).toBe('calling-AP-title 454C532D30303030 vs 454C531111111111: compare as ASCII "ELS-0000" vs "ELS....."');
    const source = diffs.find((d) => last(d.path) === 'source wPort')!;
    expect(source.explanation).toMatch(/^wrapper source wPort 18 vs 1/);
    const value = diffs.find((d) => last(d.path) === 'calling-authentication-value')!;
    expect(value.class).toBe('setting');
    expect(value.explanation).toMatch(/6 octets is outside the 8 to 64 octets/);
    expect(diffs.find((d) => last(d.path) === 'mechanism-name')!.explanation).toMatch(/manufacturer specific vs .*GMAC/);
  });

  it('A vs B and B vs A give the same fields with the sides swapped', () => {
    const a = seedFrame('client-aarq-wrapped-sn-plain-dest145');
    const ab = diffFrames(a, vendor);
    const ba = diffFrames(vendor, a);
    expect(ba.map((d) => [d.path, d.class, d.b?.nodeId, d.a?.nodeId])).toEqual(ab.map((d) => [d.path, d.class, d.a?.nodeId, d.b?.nodeId]));
    expect(ba.find((d) => last(d.path) === 'destination wPort')!.explanation).toMatch(/^wrapper destination wPort 1 vs 145/);
  });

  it('a frame against itself has no differences (every seed vector)', () => {
    for (const v of loadSeedTraces()) {
      expect(diffFrames(frameOf(v.hex), frameOf(v.hex)), v.id).toEqual([]);
    }
  });
});

describe('per-connection fields of the link and the xDLMS header', () => {
  it('two HDLC I-frames differing only in N(S)/N(R): control and HCS, both per-connection', () => {
    const info = informationOf('client', fromHex(corpusVector('get-request-epri-invoke45').hex));
    const [f0] = segmentFrames('client', info, [], 0);
    const [f3] = segmentFrames('client', info, [], 3);
    const diffs = diffFrames(frameOf(toHex(f0!)), frameOf(toHex(f3!)));
    // The FCS runs over the header including its HCS, and a CRC over data || CRC(data) always
    // leaves the same residue: a header-only change leaves the FCS as it was.
    expect(diffs.map((d) => last(d.path))).toEqual(['control', 'HCS']);
    expect(settings(diffs)).toEqual([]);
    expect(diffs[0]!.explanation).toMatch(/only the sequence numbers/);
  });

  it('an HDLC address written in 2 vs 4 octets, and another client address: settings', () => {
    const diffs = diffFrames(frameOf(corpusVector('hdlc-ua-4byte-src-client1').hex), frameOf(corpusVector('hdlc-ua-4byte-src-client16').hex));
    expect(settings(diffs).map((d) => last(d.path))).toEqual(['destination address']);
    expect(perConnection(diffs).map((d) => last(d.path))).toEqual(['HCS']); // the stated FCS is identical
  });

  it('an AARQ frame vs a GET frame: another APDU (one CHOICE difference), a derived frame length, FCS per-connection', () => {
    const diffs = diffFrames(frameOf(corpusVector('hdlc-iframe-aarq').hex), frameOf(corpusVector('hdlc-iframe-get-with-list').hex));
    expect(diffs.map((d) => [last(d.path), d.class])).toEqual([
      ['frame format', 'per-connection'],
      ['destination address', 'setting'],
      ['control', 'per-connection'],
      ['HCS', 'per-connection'],
      ['APDU', 'setting'],
      ['FCS', 'per-connection'],
    ]);
    expect(diffs[0]!.explanation).toMatch(/^HDLC frame length 44 vs 39: follows from/); // A02C vs A027
    expect(diffs[1]!.explanation).toMatch(/the same address \(upper 1, lower 17\) in 2 vs 4 octets/);
    expect(diffs[4]!.explanation).toBe('APDU: AARQ vs get-request');
  });

  it('invoke-id: another id is per-connection, another priority is a setting', () => {
    const hex = corpusVector('get-request-epri-invoke45').hex.toUpperCase();
    expect(hex.slice(4, 6)).toBe('45'); // invoke 5, confirmed, normal priority (the vector's meaning)
    const other = (b: string) => frameOf(hex.slice(0, 4) + b + hex.slice(6));
    const id = diffFrames(frameOf(hex), other('46'));
    expect(id.map((d) => [last(d.path), d.class])).toEqual([['invoke-id-and-priority', 'per-connection']]);
    const prio = diffFrames(frameOf(hex), other('C5'));
    expect(prio.map((d) => [last(d.path), d.class])).toEqual([['invoke-id-and-priority', 'setting']]);
  });

  it('an A-XDR octet-string: its octets are the container\'s own content, its length follows from them', () => {
    const diffs = diffFrames(frameOf('0A05776F726C64'), frameOf('0A06776F726C6421'));
    expect(diffs.map((d) => [d.path, d.class])).toEqual([
      ['visible-string', 'setting'],
      ['visible-string / length', 'per-connection'],
    ]);
  });
});

describe('ciphered APDUs opened with keys', () => {
  // Two general-glo-ciphering GET requests (authenticated and encrypted) for attribute 2 and 3
  // of the same object, each under its own invocation counter.
  const ek = fromHex('000102030405060708090A0B0C0D0E0F');
  const ak = fromHex('D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF');
  const systemTitle = fromHex('4D4D4D0000BC614E');
  const get = (attribute: string) => fromHex(`C001C100030100010800FF${attribute}00`);
  const seal = (attribute: string, invocationCounter: number) =>
    toHex(sealApdu({ target: { type: 'general-glo-ciphering' }, securityControl: 0x30, invocationCounter, systemTitle, keys: { ek, ak }, plaintext: get(attribute) }).bytes);
  const keys = { ek: toHex(ek), ak: toHex(ak) };

  it('counter, ciphered content and tag are per-connection; the attribute inside the plaintext is a setting, in the plaintext\'s bytes', () => {
    const a = frameOf(seal('02', 5), keys);
    const b = frameOf(seal('03', 6), keys);
    const diffs = diffFrames(a, b);
    expect(perConnection(diffs).map((d) => last(d.path))).toEqual(['invocation-counter', 'ciphered-content', 'authentication-tag']);
    const set = settings(diffs);
    expect(set.map((d) => last(d.path))).toEqual(['attribute-id']);
    const attr = set[0]!;
    expect(attr.path).toMatch(/ \/ \(decrypted\) get-request \/ /);
    expect(attr.a!.space).not.toBe('');
    expect(attr.a!.nodeId.startsWith(`${attr.a!.space}~d.`)).toBe(true);
    // The offsets index the plaintext: there the attribute id is the byte before the access-selection flag.
    const plainA = toHex(get('02'));
    expect(plainA.slice(attr.a!.start * 2, (attr.a!.start + attr.a!.length) * 2)).toBe('02');
    expect(attr.a!.start).toBe(get('02').length - 2);
    expect([attr.a!.value, attr.b!.value]).toEqual(['2', '3']);
    // Without keys the same pair shows only the envelope: nothing but per-connection fields.
    expect(settings(diffFrames(frameOf(seal('02', 5)), frameOf(seal('03', 6))))).toEqual([]);
  });
});

describe('diffTexts', () => {
  it('takes two pasted inputs in any hex form and pairs frame n with frame n', () => {
    const a = seedVector('client-aarq-wrapped-sn-plain-dest145').hex.match(/../g)!.join(':');
    const b = `-> ${seedVector('vendor-aarq-wrapped').hex}\n<- ${corpusVector('rlre-normal').hex}\n`;
    const r = diffTexts(a, b);
    expect(r.a.frames).toHaveLength(1);
    expect(r.b.frames).toHaveLength(2);
    expect(r.a.hex[0]).toBe(seedVector('client-aarq-wrapped-sn-plain-dest145').hex.toUpperCase());
    expect(r.pairs).toHaveLength(2);
    expect(settings(r.pairs[0]!.diffs)).toHaveLength(4);
    expect(r.pairs[1]).toMatchObject({ b: 1, diffs: [{ kind: 'only-in-b', class: 'setting', path: 'RLRE' }] });
  });

  it('says which input is not hex', () => {
    expect(() => diffTexts('60 00', '60 0G')).toThrow(DiffInputError);
    try {
      diffTexts('60 00', '60 0G');
    } catch (e) {
      expect((e as DiffInputError).side).toBe('b');
      expect((e as DiffInputError).index).toBe(4);
    }
    expect(() => diffTexts('   ', '60 00')).toThrow(/^A: no hex found/);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over the corpus

const corpus = loadCorpus();
const seed = loadSeedTraces();
const inputs: { id: string; hex: string; keys?: DissectKeys }[] = [
  ...corpus.map((v) => ({ id: v.id, hex: v.hex, ...keysOf(v) })),
  ...seed.map((v) => ({ id: v.id, hex: v.hex })),
];

function keysOf(v: CorpusVector): { keys?: DissectKeys } {
  const k = v.keys;
  if (!k?.ek && !k?.ak) return {};
  const keys: DissectKeys = {};
  if (k.ek) keys.ek = k.ek;
  if (k.ak) keys.ak = k.ak;
  return { keys };
}

function framesOf(input: { hex: string; keys?: DissectKeys }): { frame: DissectedFrame; size: number }[] {
  const bytes = fromHex(input.hex);
  return dissect(bytes, input.keys ? { keys: input.keys } : {}).map((frame) => ({
    frame,
    size: frame.reassembledHex !== undefined ? frame.reassembledHex.length / 2 : bytes.length,
  }));
}

/** The size of the byte space a side's offsets index: the frame, or a decrypted plaintext. */
function spaceSize(frame: DissectedFrame, size: number, space: string): number {
  if (space === '') return size;
  let node: FieldNode | undefined = frame.tree;
  for (const step of space.split('.').slice(1)) node = node?.children?.[Number(step)];
  expect(node?.decrypted, `space ${space}`).toBeDefined();
  return node!.decrypted!.plaintextHex.length / 2;
}

describe('properties', () => {
  const anyInput = fc.constantFrom(...inputs);

  it('a frame against itself is empty', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        for (const { frame } of framesOf(input)) expect(diffFrames(frame, structuredClone(frame))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('every difference lies inside its frames, with a known kind and class, and the sides match the kind', () => {
    fc.assert(
      fc.property(anyInput, anyInput, (x, y) => {
        const fx = framesOf(x)[0]!;
        const fy = framesOf(y)[0]!;
        for (const d of diffFrames(fx.frame, fy.frame)) {
          expect(['changed', 'only-in-a', 'only-in-b']).toContain(d.kind);
          expect(['setting', 'per-connection']).toContain(d.class);
          expect(d.a !== undefined).toBe(d.kind !== 'only-in-b');
          expect(d.b !== undefined).toBe(d.kind !== 'only-in-a');
          expect(d.explanation.length).toBeGreaterThan(0);
          for (const [s, f] of [[d.a, fx], [d.b, fy]] as const) {
            if (!s) continue;
            expect(s.start).toBeGreaterThanOrEqual(0);
            expect(s.length).toBeGreaterThanOrEqual(0);
            expect(s.start + s.length).toBeLessThanOrEqual(spaceSize(f.frame, f.size, s.space));
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('diff(b, a) mirrors diff(a, b): same paths and classes, sides and kinds swapped', () => {
    const mirror = { changed: 'changed', 'only-in-a': 'only-in-b', 'only-in-b': 'only-in-a' } as const;
    fc.assert(
      fc.property(anyInput, anyInput, (x, y) => {
        const fx = framesOf(x)[0]!.frame;
        const fy = framesOf(y)[0]!.frame;
        const key = (d: FieldDiff) => `${d.path}|${d.kind}|${d.class}|${d.a?.nodeId}|${d.b?.nodeId}`;
        const ab = diffFrames(fx, fy).map(key).sort();
        const ba = diffFrames(fy, fx)
          .map((d) => key({ ...d, kind: mirror[d.kind], a: d.b, b: d.a } as FieldDiff))
          .sort();
        expect(ba).toEqual(ab);
      }),
      { numRuns: 300 },
    );
  });

  it('changing one byte of a well-formed frame gives a difference (the dissection covers every byte)', () => {
    const wellFormed = seed.filter((v) => frameOf(v.hex).malformedAt === undefined);
    fc.assert(
      fc.property(fc.constantFrom(...wellFormed), fc.nat(), fc.integer({ min: 1, max: 255 }), (v, at, xor) => {
        const bytes = fromHex(v.hex);
        const i = at % bytes.length;
        const changed = bytes.slice();
        changed[i] = changed[i]! ^ xor;
        const [a] = dissect(bytes);
        const b = dissect(changed);
        if (b.length !== 1) return; // the change split the input into other frames
        expect(diffFrames(a!, b[0]!).length, `${v.id} byte ${i}`).toBeGreaterThan(0);
      }),
      { numRuns: 400 },
    );
  });
});
