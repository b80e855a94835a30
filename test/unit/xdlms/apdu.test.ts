// The top-level APDU codec: dispatch on the first octet over the whole tag table, byte-exact
// re-encoding of every corpus/seed vector that is one complete APDU, names against the names the
// corpus states, and the Info-column summaries.
import { describe, expect, it } from 'vitest';
import { loadCorpus, loadSeedTraces } from '../../support/vectors';
import { fromHex, toHex } from '../../../src-shared/hex';
import { DlmsDecodeError } from '../../../src-main/dlms/errors';
import { ByteReader } from '../../../src-main/dlms/codec/byte-reader';
import { APDU_TAGS, apduName, decodeApdu, decodeApduBytes, encodeApdu, summarizeApdu, type Apdu } from '../../../src-main/dlms/apdu';

/** The APDU name a corpus check states: 'APDU parses exactly: {"apdu":"get-request-normal",...}' or 'BER ok: AARQ [...]'. */
function statedName(checks: string[]): string | undefined {
  for (const c of checks) {
    const exact = /^APDU parses exactly: (\{.*\})$/.exec(c);
    if (exact) return (JSON.parse(exact[1]!) as { apdu: string }).apdu;
    const ber = /^BER ok: (AARQ|AARE|RLRQ|RLRE) /.exec(c);
    if (ber) return ber[1];
    const init = /^(InitiateRequest|InitiateResponse) parsed/.exec(c);
    if (init) return init[1];
  }
  return undefined;
}

describe('decodeApdu dispatch', () => {
  it('every tag of the table reaches its decoder; every other first octet is BAD_TAG at offset 0', () => {
    for (let tag = 0; tag < 256; tag++) {
      let err: unknown;
      try {
        decodeApdu(ByteReader.from(Uint8Array.of(tag)));
      } catch (e) {
        err = e;
      }
      expect(err, `tag ${tag}`).toBeInstanceOf(DlmsDecodeError);
      const e = err as DlmsDecodeError;
      if (APDU_TAGS[tag] === undefined) {
        expect([e.code, e.offset], `tag ${tag}`).toEqual(['BAD_TAG', 0]);
      } else {
        // the tag itself was accepted: the decoder ran out of bytes after it
        expect(e.code, `tag ${tag} (${APDU_TAGS[tag]})`).not.toBe('BAD_TAG');
      }
    }
  });

  it('the table names the xDLMS tags as the Green Book does', () => {
    expect(APDU_TAGS[0xc0]).toBe('get-request');
    expect(APDU_TAGS[0xc7]).toBe('action-response');
    expect(APDU_TAGS[0x0f]).toBe('data-notification');
    expect(APDU_TAGS[0xd8]).toBe('exception-response');
    expect(APDU_TAGS[0xe0]).toBe('general-block-transfer');
    expect(APDU_TAGS[0x60]).toBe('AARQ');
    expect(APDU_TAGS[0xdb]).toBe('general-glo-ciphering');
    expect(APDU_TAGS[0x0c]).toBe('readResponse');
  });
});

describe('corpus and seed APDUs through the top-level codec', () => {
  const apduVectors = loadCorpus().filter(
    (v) => !v.negative && !v.quirk && statedName(v.checks) !== undefined && !v.id.startsWith('hdlc-') && !v.id.startsWith('wrapper-'),
  );

  it('there are APDU vectors of every kind to run', () => {
    const names = new Set(apduVectors.map((v) => statedName(v.checks)));
    for (const n of ['get-request-normal', 'get-response-with-datablock', 'set-response-normal', 'action-response-normal', 'general-block-transfer', 'data-notification', 'AARQ', 'AARE', 'glo-get-request', 'general-glo-ciphering']) {
      expect(names, n).toContain(n);
    }
  });

  it.each(apduVectors.map((v) => [v.id, v] as const))('%s decodes as its stated APDU and re-encodes byte-exact', (_id, v) => {
    const b = fromHex(v.hex);
    const a = decodeApduBytes(b);
    expect(apduName(a).toLowerCase()).toBe(statedName(v.checks)!.toLowerCase());
    expect(toHex(encodeApdu(a))).toBe(toHex(b));
  });

  it.each(loadSeedTraces().filter((s) => s.layer === 'apdu').map((s) => [s.id, s] as const))('seed %s decodes and re-encodes byte-exact', (_id, s) => {
    const b = fromHex(s.hex);
    const a = decodeApduBytes(b);
    expect(apduName(a)).toBe(s.expect.apdu);
    expect(summarizeApdu(a).startsWith(String(s.expect.apdu))).toBe(true);
    expect(toHex(encodeApdu(a))).toBe(toHex(b));
  });
});

describe('summarizeApdu (the Info column)', () => {
  const iip = { invokeId: 1, serviceClass: 'confirmed', priority: 'high' } as const;

  it('Get-Request-Normal names the OBIS code and attribute', () => {
    const a: Apdu = {
      type: 'get-request-normal',
      invokeIdAndPriority: iip,
      descriptor: { classId: 3, instanceId: Uint8Array.of(1, 0, 1, 8, 0, 255), attributeId: 2 },
    };
    expect(summarizeApdu(a)).toBe('Get-Request-Normal 1-0:1.8.0*255 attr 2');
    expect(toHex(encodeApdu(a))).toBe('C001C100030100010800FF0200');
  });

  it('Get-Response-With-Datablock names the block and whether it is the last', () => {
    const a = decodeApduBytes(fromHex('C402C1010000000300020102'));
    expect(summarizeApdu(a)).toBe('Get-Response-With-Datablock block 3 last');
  });

  it('a ciphered APDU shows security control, invocation counter and protection', () => {
    // glo-get-request: length 22 = SC 30, IC 1234, 5 ciphertext octets, 12-octet tag
    const a = decodeApduBytes(fromHex('C816' + '30' + '000004D2' + '0102030405' + '00'.repeat(12)));
    expect(summarizeApdu(a)).toBe('glo-get-request SC=30 IC=1234 (authenticated, encrypted)');
  });

  it('summaries of the corpus vectors name their content', () => {
    const byId = new Map(loadCorpus().map((v) => [v.id, v]));
    const sum = (id: string) => summarizeApdu(decodeApduBytes(fromHex(byId.get(id)!.hex)));
    expect(sum('get-request-epri-invoke45')).toBe('Get-Request-Normal 0-0:99.98.1*255 attr 2');
    expect(sum('get-request-next')).toBe('Get-Request-Next block 1');
    expect(sum('get-response-normal-error')).toBe('Get-Response-Normal hardware-fault');
    expect(sum('get-response-with-block-first')).toBe('Get-Response-With-Datablock block 1');
    expect(sum('set-response-normal-success')).toBe('Set-Response-Normal success');
    expect(sum('action-response-with-error')).toBe('Action-Response-Normal success (other-reason)');
    expect(sum('glo-get-request-sc20')).toBe('glo-get-request SC=20 IC=19088743 (encrypted)');
    expect(sum('gbt-synthetic-last-window3')).toMatch(/^General-Block-Transfer block 4 last ack 5/);
    expect(sum('gbt-lg-e450-gdgc-reassembled')).toBe('general-glo-ciphering ST=4C475A6773781FD0 SC=30 IC=430140 (authenticated, encrypted)');
    expect(sum('rlrq-normal')).toMatch(/^RLRQ/);
  });

  it('exception-response and the SN services', () => {
    expect(summarizeApdu(decodeApduBytes(fromHex('D80106000004D2')))).toBe(
      'Exception-Response service-not-allowed, invocation-counter-error (expected IC 1234)',
    );
    expect(summarizeApdu(decodeApduBytes(fromHex('050102FA08')))).toBe('ReadRequest 0xFA08');
    expect(summarizeApdu(decodeApduBytes(fromHex('0C0201030000')))).toBe('ReadResponse read-write-denied, null-data');
  });
});
