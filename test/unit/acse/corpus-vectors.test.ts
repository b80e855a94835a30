// Corpus ACSE vectors: decode, the element list their `checks` state, byte-exact re-encode.
import { describe, expect, test } from 'vitest';
import { corpusVector, loadCorpus, type CorpusVector } from '../../support/vectors';
import { fromHex, toHex } from '../../../src-shared/hex';
import { ByteReader } from '../../../src-main/dlms/codec/byte-reader';
import { FieldTreeSink } from '../../../src-main/dlms/dissect/field-sink';
import { isDlmsDecodeError } from '../../../src-main/dlms/errors';
import { decodeAcseApdu, decodeAcseApduBytes, encodeAcseApduBytes, type AcseApdu } from '../../../src-main/dlms/acse/apdu';
import { mechanismInfo } from '../../../src-main/dlms/acse/names';
import { conformanceHex } from '../../../src-main/dlms/xdlms/conformance';
import { cipheredApduName } from '../../../src-main/dlms/security/envelope';
import { decodeInitiateResponse } from '../../../src-main/dlms/xdlms/initiate';

const acse = loadCorpus().filter((v) => v.category === 'acse');

/** "AARE [A1, A2, A3, BE=InitiateResponse(conf 00501F, pdu 500)]" from a vector's checks. */
function statedElements(v: CorpusVector): { apdu: string; items: string[] } {
  for (const c of v.checks) {
    const m = /(AARQ|AARE|RLRQ|RLRE) \[([^\]]*)\]/.exec(c);
    if (m) return { apdu: m[1]!, items: m[2] === '' ? [] : m[2]!.split(/,\s*(?=[0-9A-F]{2}\b)/) };
  }
  throw new Error(`${v.id}: no element list in checks`);
}

/** Decodes with a field-tree sink; returns the APDU and the tag octet of each top-level element node. */
function decodeWithTree(bytes: Uint8Array): { a: AcseApdu; tags: string[]; rest: number } {
  const sink = new FieldTreeSink();
  const r = new ByteReader(bytes, 0, bytes.length, sink);
  const a = decodeAcseApdu(r);
  const root = sink.roots[0]!;
  const tags = (root.children ?? []).map((n) => toHex(bytes.subarray(n.start, n.start + 1)));
  return { a, tags, rest: r.remaining };
}

function checkStated(a: AcseApdu, tags: string[], stated: { apdu: string; items: string[] }): void {
  expect(a.type).toBe(stated.apdu);
  expect(tags).toEqual(stated.items.map((i) => i.slice(0, 2)));
  const ui = stated.items.find((i) => i.startsWith('BE='));
  if (ui === undefined) {
    expect(a.userInformation).toBeUndefined();
    return;
  }
  const u = a.userInformation;
  const m = /^BE=(InitiateRequest|InitiateResponse)\(conf ([0-9A-F]{6}), pdu (\d+)\)$/.exec(ui);
  if (m) {
    if (u?.type === 'initiateRequest') {
      expect(m[1]).toBe('InitiateRequest');
      expect(conformanceHex(u.proposedConformance)).toBe(`0x${m[2]}`);
      expect(u.clientMaxReceivePduSize).toBe(Number(m[3]));
    } else if (u?.type === 'initiateResponse') {
      expect(m[1]).toBe('InitiateResponse');
      expect(conformanceHex(u.negotiatedConformance)).toBe(`0x${m[2]}`);
      expect(u.serverMaxReceivePduSize).toBe(Number(m[3]));
    } else throw new Error(`user-information is ${u?.type}`);
    return;
  }
  const g = /^BE=([a-z-]+)$/.exec(ui)!;
  if (u?.type !== 'ciphered') throw new Error(`user-information is ${u?.type}`);
  expect(cipheredApduName(u.apdu)).toBe(g[1]);
}

describe('corpus acse vectors', () => {
  test('nine vectors, as the corpus lists them', () => {
    expect(acse.length).toBe(9);
  });

  test.each(acse.map((v) => [v.id, v] as const))('%s: decodes to the elements its checks state', (_id, v) => {
    const bytes = fromHex(v.hex);
    const { a, tags, rest } = decodeWithTree(bytes);
    expect(rest).toBe(0);
    checkStated(a, tags, statedElements(v));
  });

  test.each(acse.map((v) => [v.id, v] as const))('%s: re-encodes byte-exact', (_id, v) => {
    const bytes = fromHex(v.hex);
    expect(toHex(encodeAcseApduBytes(decodeAcseApduBytes(bytes)))).toBe(toHex(bytes));
  });

  test('the values their meanings spell out', () => {
    const stoc = decodeAcseApduBytes(fromHex(corpusVector('aare-hls-gmac-stoc').hex));
    if (stoc.type !== 'AARE') throw new Error('not an AARE');
    expect(stoc.resultSourceDiagnostic).toEqual({ source: 'acse-service-user', diagnostic: 'authentication-required' });
    expect(mechanismInfo(stoc.mechanismName!)?.name).toBe('high-gmac');
    expect(stoc.respondingAuthenticationValue?.type === 'charstring' && String.fromCharCode(...stoc.respondingAuthenticationValue.value)).toBe('P6wRJ21F');

    const ctos = decodeAcseApduBytes(fromHex(corpusVector('aarq-hls-gmac').hex));
    if (ctos.type !== 'AARQ') throw new Error('not an AARQ');
    expect(ctos.callingAuthenticationValue?.type === 'charstring' && String.fromCharCode(...ctos.callingAuthenticationValue.value)).toBe('K56iVagY');

    const lls = decodeAcseApduBytes(fromHex(corpusVector('aarq-epri-lls-33333333').hex));
    if (lls.type !== 'AARQ') throw new Error('not an AARQ');
    expect(mechanismInfo(lls.mechanismName!)?.name).toBe('low');
    expect(lls.callingAuthenticationValue?.type === 'charstring' && String.fromCharCode(...lls.callingAuthenticationValue.value)).toBe('33333333');

    expect(decodeAcseApduBytes(fromHex(corpusVector('rlre-normal').hex))).toEqual({ type: 'RLRE', reason: 'normal' });
    expect(decodeAcseApduBytes(fromHex(corpusVector('rlrq-normal').hex))).toEqual({ type: 'RLRQ', reason: 'normal' });
    expect(decodeAcseApduBytes(fromHex(corpusVector('rlrq-epri-empty').hex))).toEqual({ type: 'RLRQ' });
  });
});

describe('AARQ/AARE inside the corpus HDLC frames', () => {
  // The I-frame information field after the LLC header (E6 E6 00 / E6 E7 00); the HDLC codec is
  // someone else's, so the frame is only cut here: what follows the APDU is FCS (2) and flag (1).
  const framed = ['hdlc-iframe-aarq', 'hdlc-iframe-aare', 'hdlc-iframe-aarq-hls5-ciphered', 'hdlc-iframe-aare-hls5-ciphered'];

  test.each(framed)('%s', (id) => {
    const v = corpusVector(id);
    const hex = v.hex.toUpperCase();
    const llc = hex.search(/E6E[67]00/);
    const bytes = fromHex(hex.slice(llc + 6));
    const { a, tags, rest } = decodeWithTree(bytes);
    expect(rest).toBe(3);
    expect(bytes[bytes.length - 1]).toBe(0x7e);
    checkStated(a, tags, statedElements(v));
    const apdu = bytes.subarray(0, bytes.length - 3);
    expect(toHex(encodeAcseApduBytes(a))).toBe(toHex(apdu));
  });

  test('hdlc-iframe-aare-sn-noflags (quirk): the declared lengths are one byte short, decoding refuses it', () => {
    const v = corpusVector('hdlc-iframe-aare-sn-noflags');
    const hex = v.hex.toUpperCase();
    const bytes = fromHex(hex.slice(hex.indexOf('E6E700') + 6));
    let error: unknown;
    try {
      decodeAcseApdu(ByteReader.from(bytes));
    } catch (e) {
      error = e;
    }
    expect(isDlmsDecodeError(error)).toBe(true);
    if (!isDlmsDecodeError(error)) return;
    // The InitiateResponse inside the 13-byte octet string ends one byte into vaa-name.
    expect(error.code).toBe('TRUNCATED');
    expect(error.path).toContain('vaa-name');
  });
});

describe('ciphered user-information', () => {
  test('an RLRE carrying the corpus glo-initiate-response decodes and re-encodes', () => {
    const glo = fromHex(corpusVector('glo-initiate-response-in-rlre').hex);
    // 63 len { 80 01 00  BE len { 04 len <glo-initiate-response> } }
    const ui = Uint8Array.from([0xbe, glo.length + 2, 0x04, glo.length, ...glo]);
    const bytes = Uint8Array.from([0x63, 3 + ui.length, 0x80, 0x01, 0x00, ...ui]);
    const a = decodeAcseApduBytes(bytes);
    if (a.type !== 'RLRE' || a.userInformation?.type !== 'ciphered') throw new Error('expected a ciphered RLRE');
    expect(a.reason).toBe('normal');
    expect(cipheredApduName(a.userInformation.apdu)).toBe('glo-initiate-response');
    const c = a.userInformation.apdu.type === 'service-specific' ? a.userInformation.apdu.content : undefined;
    expect(c?.securityControl).toBe(0x30);
    expect(c?.invocationCounter).toBe(0x01234567);
    expect(toHex(c!.authenticationTag!)).toBe('745CA235906525E4F3E1C893');
    expect(toHex(encodeAcseApduBytes(a))).toBe(toHex(bytes));
  });

  test('the plaintext stated for it is an InitiateResponse (conformance 007C1F, max PDU 1024, VAA 0007)', () => {
    const p = decodeInitiateResponse(ByteReader.from(fromHex(corpusVector('glo-initiate-response-in-rlre').plaintext!)));
    expect(conformanceHex(p.negotiatedConformance)).toBe('0x007C1F');
    expect(p.serverMaxReceivePduSize).toBe(1024);
    expect(p.vaaName).toBe(0x0007);
  });
});
