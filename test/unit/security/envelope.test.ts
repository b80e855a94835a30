import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ByteReader } from '../../../src-main/dlms/codec/byte-reader';
import { build } from '../../../src-main/dlms/codec/byte-writer';
import { DlmsDecodeError } from '../../../src-main/dlms/errors';
import { FieldTreeSink } from '../../../src-main/dlms/dissect/field-sink';
import {
  CIPHERED_TAGS,
  SERVICE_SPECIFIC_TAGS,
  cipheredApduName,
  decodeCipheredApdu,
  decodeCipheredApduBytes,
  encodeCipheredApdu,
  type CipheredApdu,
} from '../../../src-main/dlms/security/envelope';
import { describeSecurityControl } from '../../../src-main/dlms/security/security-control';
import { fromHex, toHex } from '../../../src-shared/hex';
import { corpusVector, loadCorpus } from '../../support/vectors';
import type { FieldNode } from '../../../src-shared/trace';

const decodeHex = (hex: string): CipheredApdu => decodeCipheredApduBytes(ByteReader.from(fromHex(hex)));
const encode = (c: CipheredApdu): Uint8Array => build((w) => encodeCipheredApdu(w, c));

// Vectors whose whole hex is a ciphered APDU (the corpus states "APDU parses exactly: {apdu: ...}").
interface ParsedCheck {
  apdu: string;
  sc: string;
  ic: string;
  cipheredLen: number;
  systemTitle?: string;
}
function parsedCheck(checks: string[]): ParsedCheck | undefined {
  const line = checks.find((c) => c.startsWith('APDU parses exactly: '));
  return line === undefined ? undefined : (JSON.parse(line.slice('APDU parses exactly: '.length)) as ParsedCheck);
}
const envelopeVectors = loadCorpus().filter((v) => v.category === 'ciphering' && parsedCheck(v.checks) !== undefined);

describe('tag table', () => {
  it('holds the Green Book numbers', () => {
    // spot values from the xDLMS-APDU CHOICE: [33] [46] [65] [200] [207] [211] [219] [221] [223]
    expect(CIPHERED_TAGS[33]).toBe('glo-initiate-request');
    expect(CIPHERED_TAGS[40]).toBe('glo-initiate-response');
    expect(CIPHERED_TAGS[46]).toBe('glo-confirmed-service-error');
    expect(CIPHERED_TAGS[56]).toBe('glo-information-report-request');
    expect(CIPHERED_TAGS[65]).toBe('ded-initiate-request');
    expect(CIPHERED_TAGS[88]).toBe('ded-information-report-request');
    expect(CIPHERED_TAGS[200]).toBe('glo-get-request');
    expect(CIPHERED_TAGS[207]).toBe('glo-action-response');
    expect(CIPHERED_TAGS[211]).toBe('ded-action-request');
    expect(CIPHERED_TAGS[215]).toBe('ded-action-response');
    expect(CIPHERED_TAGS[219]).toBe('general-glo-ciphering');
    expect(CIPHERED_TAGS[220]).toBe('general-ded-ciphering');
    expect(CIPHERED_TAGS[221]).toBe('general-ciphering');
    expect(CIPHERED_TAGS[223]).toBe('general-signing');
    expect(CIPHERED_TAGS[206]).toBeUndefined(); // no glo- form of the (absent) [198]
    expect(CIPHERED_TAGS[0xc0]).toBeUndefined();
    expect(Object.keys(CIPHERED_TAGS)).toHaveLength(36);
  });

  it('maps glo-/ded- tags onto the unciphered tag (glo = plain + 32 for SN, + 8 for LN; ded = glo + 32 / + 8)', () => {
    for (const [t, [name, plain]] of Object.entries(SERVICE_SPECIFIC_TAGS)) {
      const tag = Number(t);
      const ln = plain >= 0xc0;
      const offset = (ln ? 8 : 32) * (name.startsWith('ded-') ? 2 : 1);
      expect(tag - plain, name).toBe(offset);
    }
  });
});

describe('security control', () => {
  it('describes the byte in the spec words', () => {
    expect(describeSecurityControl(0x30)).toBe('suite 0, authenticated and encrypted, unicast key');
    expect(describeSecurityControl(0x10)).toBe('suite 0, authenticated only, unicast key');
    expect(describeSecurityControl(0x21)).toBe('suite 1, encrypted only, unicast key');
    expect(describeSecurityControl(0x72)).toBe('suite 2, authenticated and encrypted, broadcast key');
    expect(describeSecurityControl(0x85)).toBe('suite 5 (reserved), no protection, unicast key, compressed');
  });
});

describe('corpus envelopes', () => {
  it('has the ciphering vectors', () => expect(envelopeVectors.length).toBeGreaterThanOrEqual(7));

  for (const v of envelopeVectors) {
    it(`${v.id}: decodes as stated and re-encodes byte-exact`, () => {
      const want = parsedCheck(v.checks)!;
      const c = decodeHex(v.hex);
      expect(cipheredApduName(c)).toBe(want.apdu);
      const content = c.type === 'general-signing' ? undefined : c.content;
      expect(content).toBeDefined();
      expect(content!.securityControl).toBe(parseInt(want.sc, 16));
      expect(content!.invocationCounter).toBe(parseInt(want.ic, 16));
      expect(content!.information.length).toBe(want.cipheredLen - (content!.authenticationTag ? 12 : 0));
      if (want.systemTitle !== undefined && (c.type === 'general-glo-ciphering' || c.type === 'general-ded-ciphering')) {
        expect(toHex(c.systemTitle)).toBe(want.systemTitle);
      }
      expect(toHex(encode(c))).toBe(v.hex);
    });
  }

  it('general-ciphering-ecdh: every field as stated', () => {
    const v = corpusVector('general-ciphering-ecdh');
    const want = parsedCheck(v.checks) as unknown as Record<string, string | number>;
    const c = decodeHex(v.hex);
    if (c.type !== 'general-ciphering') throw new Error(`decoded as ${c.type}`);
    expect(toHex(c.transactionId)).toBe(want.transactionId);
    expect(toHex(c.originatorSystemTitle)).toBe(want.originator);
    expect(toHex(c.recipientSystemTitle)).toBe(want.recipient);
    expect(toHex(c.dateTime)).toBe(want.dateTime);
    expect(toHex(c.otherInformation)).toBe(want.otherInfo);
    expect(c.keyInfo?.type).toBe('agreed-key');
    if (c.keyInfo?.type !== 'agreed-key') return;
    expect(toHex(c.keyInfo.keyParameters)).toBe(want.keyParameters);
    expect(c.keyInfo.keyCipheredData.length).toBe(want.keyCipheredLen);
    expect(c.content.securityControl).toBe(0x31);
    expect(c.content.information.length + 12).toBe(want.cipheredLen);
    expect(fromHex(v.hex).length).toBe(401);
  });
});

describe('field tree', () => {
  it('names the fields of glo-get-request with byte ranges', () => {
    const v = corpusVector('glo-initiate-request');
    const sink = new FieldTreeSink();
    decodeCipheredApdu(ByteReader.from(fromHex(v.hex), sink));
    const root = sink.roots[0]!;
    expect(root.label).toBe('glo-initiate-request');
    expect(root.start).toBe(0);
    expect(root.length).toBe(fromHex(v.hex).length);
    const byLabel = new Map((root.children ?? []).map((n) => [n.label, n] as const));
    expect([...byLabel.keys()]).toEqual(['tag', 'length', 'security-control', 'invocation-counter', 'ciphered-content', 'authentication-tag']);
    expect(byLabel.get('security-control')).toMatchObject({ start: 2, length: 1, value: '0x30', meaning: 'suite 0, authenticated and encrypted, unicast key' });
    expect(byLabel.get('invocation-counter')).toMatchObject({ start: 3, length: 4, value: String(0x01234567) });
    expect(byLabel.get('ciphered-content')).toMatchObject({ start: 7, length: 31 });
    expect(byLabel.get('authentication-tag')).toMatchObject({ start: 38, length: 12, value: '41DB204D39EE6FDB8E356855' });
  });

  it('marks the problem where a truncated envelope breaks', () => {
    const bytes = fromHex(corpusVector('glo-get-request-sc10').hex).subarray(0, 10);
    const sink = new FieldTreeSink();
    let err: unknown;
    try {
      decodeCipheredApdu(ByteReader.from(bytes, sink));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DlmsDecodeError);
    // the length byte 0x1E promises 30 bytes where 8 remain
    expect((err as DlmsDecodeError).code).toBe('LENGTH_OVERFLOW');
    expect((err as DlmsDecodeError).offset).toBe(1);
    const problems: FieldNode[] = [];
    const walk = (n: FieldNode): void => {
      if (n.problem !== undefined) problems.push(n);
      (n.children ?? []).forEach(walk);
    };
    sink.roots.forEach(walk);
    expect(problems.map((n) => n.label)).toContain('length');
  });
});

describe('negative', () => {
  const fails = (hex: string, code: string): void => {
    let err: unknown;
    try {
      decodeHex(hex);
    } catch (e) {
      err = e;
    }
    expect(err, hex).toBeInstanceOf(DlmsDecodeError);
    expect((err as DlmsDecodeError).code, hex).toBe(code);
  };

  it('rejects a plain tag', () => fails('C001810001000060010AFF0200', 'BAD_TAG'));
  it('rejects an authenticated content shorter than its tag', () => fails('C80A1001234567AABBCCDDEE', 'BAD_LENGTH'));
  it('rejects a length beyond the input', () => fails('C8202001234567', 'LENGTH_OVERFLOW'));
  it('rejects trailing bytes', () => fails(corpusVector('glo-get-request-sc20').hex + '00', 'TRAILING'));
  it('rejects a bad key-info choice', () => fails('DD0000000000' + '01' + '05', 'BAD_TAG'));
  it('rejects an OPTIONAL flag other than 0/1', () => fails('DD0000000000' + '02', 'BAD_VALUE'));

  it('random bytes only ever raise DlmsDecodeError', () => {
    const tags = Object.keys(CIPHERED_TAGS).map(Number);
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc.tuple(fc.constantFrom(...tags), fc.uint8Array({ maxLength: 80 })).map(([t, rest]) => Uint8Array.of(t, ...rest)),
    );
    fc.assert(
      fc.property(input, (bytes) => {
        try {
          decodeCipheredApduBytes(ByteReader.from(bytes));
        } catch (e) {
          if (!(e instanceof DlmsDecodeError)) throw e;
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('round trip of every form', () => {
  const bytes = (max: number) => fc.uint8Array({ maxLength: max });
  const secured = fc
    .record({ sc: fc.integer({ min: 0, max: 255 }), ic: fc.integer({ min: 0, max: 0xffffffff }), info: bytes(300), tag: fc.uint8Array({ minLength: 12, maxLength: 12 }) })
    .map(({ sc, ic, info, tag }) => ({ securityControl: sc, invocationCounter: ic, information: info, ...((sc & 0x10) !== 0 ? { authenticationTag: tag } : {}) }));
  const header = fc.record({
    transactionId: bytes(8),
    originatorSystemTitle: bytes(8),
    recipientSystemTitle: bytes(8),
    dateTime: bytes(12),
    otherInformation: bytes(4),
  });
  const keyInfo = fc.oneof(
    fc.integer({ min: 0, max: 255 }).map((keyId) => ({ type: 'identified-key' as const, keyId })),
    fc.record({ kekId: fc.integer({ min: 0, max: 255 }), d: bytes(40) }).map(({ kekId, d }) => ({ type: 'wrapped-key' as const, kekId, keyCipheredData: d })),
    fc.record({ p: bytes(2), d: bytes(140) }).map(({ p, d }) => ({ type: 'agreed-key' as const, keyParameters: p, keyCipheredData: d })),
  );
  const serviceTags = Object.keys(SERVICE_SPECIFIC_TAGS).map(Number) as (keyof typeof SERVICE_SPECIFIC_TAGS)[];
  const apdu: fc.Arbitrary<CipheredApdu> = fc.oneof(
    fc.record({ tag: fc.constantFrom(...serviceTags), content: secured }).map((x) => ({ type: 'service-specific' as const, ...x })),
    fc.record({ systemTitle: bytes(8), content: secured }).map((x) => ({ type: 'general-glo-ciphering' as const, ...x })),
    fc.record({ systemTitle: bytes(8), content: secured }).map((x) => ({ type: 'general-ded-ciphering' as const, ...x })),
    fc.record({ h: header, k: fc.option(keyInfo, { nil: undefined }), content: secured }).map(({ h, k, content }) => ({
      type: 'general-ciphering' as const,
      ...h,
      content,
      ...(k === undefined ? {} : { keyInfo: k }),
    })),
    fc.record({ h: header, content: bytes(200), signature: bytes(96) }).map(({ h, content, signature }) => ({ type: 'general-signing' as const, ...h, content, signature })),
  );

  it('decode(encode(x)) equals x and encode(decode(b)) equals b', () => {
    fc.assert(
      fc.property(apdu, (c) => {
        const b = encode(c);
        const back = decodeCipheredApduBytes(ByteReader.from(b));
        expect(back).toEqual(c);
        expect(toHex(encode(back))).toBe(toHex(b));
      }),
      { numRuns: 400 },
    );
  });
});
