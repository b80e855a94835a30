// The seed thread's AARQ/AARE traces: decode to exactly their `expect` fields, re-encode byte-exact.
import { describe, expect, test } from 'vitest';
import { loadSeedTraces, seedVector } from '../../support/vectors';
import { toHex } from '../../../src-shared/hex';
import { ByteReader } from '../../../src-main/dlms/codec/byte-reader';
import { decodeAcseApdu, decodeAcseApduBytes, encodeAcseApduBytes, type AcseApdu } from '../../../src-main/dlms/acse/apdu';
import { decodeAarq } from '../../../src-main/dlms/acse/aarq';
import { decodeAare } from '../../../src-main/dlms/acse/aare';
import { describeAareRejection } from '../../../src-main/dlms/acse/describe';
import { acseRequirementNames } from '../../../src-main/dlms/acse/elements';
import { applicationContextInfo, mechanismInfo } from '../../../src-main/dlms/acse/names';
import { conformanceHex, conformanceNames, conformanceToNumber } from '../../../src-main/dlms/xdlms/conformance';
import { checkAcseExpect, seedApduBytes } from './expect';

const acseSeeds = loadSeedTraces().filter((v) => v.expect.apdu === 'AARQ' || v.expect.apdu === 'AARE');

/**
 * Vector errata: `vendor-aare-auth-required` states responder-acse-requirements and a GMAC
 * mechanism-name, but its bytes (61 4D: A1 A2 A3 A4 AA BE, 77 content octets) carry neither.
 * The bytes are the meter's; those two keys are checked as absent below instead.
 */
const ERRATA: Record<string, ReadonlySet<string>> = {
  'vendor-aare-auth-required': new Set(['responderAcseRequirements', 'mechanismName']),
};

describe('seed ACSE vectors', () => {
  test('the seed holds the AARQ/AARE vectors this suite is about', () => {
    expect(acseSeeds.map((v) => v.id)).toEqual(
      expect.arrayContaining(['vendor-aarq-hls-gmac', 'vendor-aare-auth-required', 'aare-rejected-initiate-error', 'client-aarq-wrapped-sn-ciphered-gmac']),
    );
  });

  test.each(acseSeeds.map((v) => [v.id, v] as const))('%s decodes to its expect fields', (_id, v) => {
    const a = decodeAcseApduBytes(seedApduBytes(v));
    checkAcseExpect(a, v.expect, ERRATA[v.id]);
  });

  test.each(acseSeeds.map((v) => [v.id, v] as const))('%s re-encodes to the same bytes', (_id, v) => {
    const bytes = seedApduBytes(v);
    expect(toHex(encodeAcseApduBytes(decodeAcseApduBytes(bytes)))).toBe(toHex(bytes));
  });

  test.each(acseSeeds.filter((v) => v.layer === 'wrapper').map((v) => [v.id, v] as const))(
    '%s: the APDU fills exactly the wrapper length',
    (_id, v) => {
      const w = v.expect.wrapper as { length: number };
      expect(seedApduBytes(v).length).toBe(w.length);
    },
  );
});

describe('vendor-aarq-hls-gmac (the working association)', () => {
  const a = decodeAarq(ByteReader.from(seedApduBytes(seedVector('vendor-aarq-hls-gmac'))));

  test('LN without ciphering, calling AP title ELS, GMAC, 8-byte challenge', () => {
    expect(a.applicationContextName).toBe('2.16.756.5.8.1.1');
    expect(applicationContextInfo(a.applicationContextName)).toMatchObject({ referencing: 'LN', ciphered: false });
    expect(toHex(a.callingApTitle!)).toBe('454C531111111111');
    expect(acseRequirementNames(a.senderAcseRequirements!)).toEqual(['authentication']);
    expect(mechanismInfo(a.mechanismName!)).toMatchObject({ id: 5, name: 'high-gmac' });
    expect(a.callingAuthenticationValue).toEqual({ type: 'charstring', value: Uint8Array.from([0x92, 0xdd, 0x5c, 0xd6, 0xf7, 0x3a, 0xce, 0xb7]) });
  });

  test('InitiateRequest: conformance 0x403EDD named bit by bit, max PDU 1070', () => {
    const u = a.userInformation;
    if (u?.type !== 'initiateRequest') throw new Error(`got ${u?.type}`);
    expect(conformanceHex(u.proposedConformance)).toBe('0x403EDD');
    expect(conformanceNames(u.proposedConformance)).toEqual([
      'general-protection',
      'attribute0-supported-with-get',
      'block-transfer-with-get-or-read',
      'block-transfer-with-set-or-write',
      'block-transfer-with-action',
      'multiple-references',
      'data-notification',
      'access',
      'get',
      'set',
      'selective-access',
      'action',
    ]);
    expect(u.proposedConformance['general-block-transfer']).toBe(false);
    expect(u.clientMaxReceivePduSize).toBe(1070);
    expect(u.proposedDlmsVersionNumber).toBe(6);
    expect(u.responseAllowed).toBe(true);
    expect(u.dedicatedKey).toBeUndefined();
    expect(u.proposedQualityOfService).toBeUndefined();
  });
});

describe('vendor-aare-auth-required', () => {
  const bytes = seedApduBytes(seedVector('vendor-aare-auth-required'));
  const a = decodeAare(ByteReader.from(bytes));

  test('accepted with authentication-required: HLS passes 3/4 must follow', () => {
    expect(a.result).toBe('accepted');
    expect(a.resultSourceDiagnostic).toEqual({ source: 'acse-service-user', diagnostic: 'authentication-required' });
    expect(describeAareRejection(a)).toMatch(/pending authentication.*reply_to_HLS_authentication/);
  });

  test('errata: the bytes carry no responder-acse-requirements [8] and no mechanism-name [9]', () => {
    expect(a.responderAcseRequirements).toBeUndefined();
    expect(a.mechanismName).toBeUndefined();
    expect(a.extra).toBeUndefined();
    // The top-level element tags, walked by hand from the length octets.
    const tags: number[] = [];
    for (let i = 2; i < bytes.length; i += 2 + bytes[i + 1]!) tags.push(bytes[i]!);
    expect(tags.map((t) => t.toString(16))).toEqual(['a1', 'a2', 'a3', 'a4', 'aa', 'be']);
  });

  test('server system title and 20-byte StoC challenge as logged', () => {
    expect(toHex(a.respondingApTitle!)).toBe('454C5367713390FC');
    const v = a.respondingAuthenticationValue;
    expect(v?.type === 'charstring' ? v.value : undefined).toEqual(new Uint8Array(20));
  });

  test('InitiateResponse 0x403ADD differs from the proposal only in block-transfer-with-action', () => {
    const u = a.userInformation;
    if (u?.type !== 'initiateResponse') throw new Error(`got ${u?.type}`);
    const proposed = 0x403edd;
    expect(proposed ^ conformanceToNumber(u.negotiatedConformance)).toBe(1 << (23 - 13));
    expect(u.negotiatedConformance['block-transfer-with-action']).toBe(false);
    expect(u.serverMaxReceivePduSize).toBe(1224);
    expect(u.vaaName).toBe(0x0007);
  });
});

describe('aare-rejected-initiate-error (the reply the client could not parse)', () => {
  const a = decodeAare(ByteReader.from(seedApduBytes(seedVector('aare-rejected-initiate-error'))));

  test('rejected-permanent, acse-service-user no-reason-given, initiateError / initiate other', () => {
    expect(a.applicationContextName).toBe('2.16.756.5.8.1.4');
    expect(a.result).toBe('rejected-permanent');
    expect(a.resultSourceDiagnostic).toEqual({ source: 'acse-service-user', diagnostic: 'no-reason-given' });
    expect(a.userInformation).toEqual({ type: 'confirmedServiceError', service: 'initiateError', error: { choice: 'initiate', value: 'other' } });
  });

  test('describeAareRejection says what was refused and what to compare', () => {
    const text = describeAareRejection(a);
    expect(text).toMatch(/^meter rejected the association: no-reason-given/);
    expect(text).toContain('initiateError: initiate other');
    expect(text).toMatch(/conformance block/);
  });
});

describe('client-aarq-wrapped-sn-plain-dest145 differs from the vendor AARQ as the thread found', () => {
  const decode = (id: string): AcseApdu => decodeAcseApdu(ByteReader.from(seedApduBytes(seedVector(id))));
  const ours = decode('client-aarq-wrapped-sn-plain-dest145');
  const vendor = decode('vendor-aarq-wrapped');

  test('application context SN vs LN, conformance 0x1C0320 vs 0x403EDD, max PDU 65535 vs 1070', () => {
    if (ours.type !== 'AARQ' || vendor.type !== 'AARQ') throw new Error('not AARQs');
    expect(applicationContextInfo(ours.applicationContextName)?.referencing).toBe('SN');
    expect(applicationContextInfo(vendor.applicationContextName)?.referencing).toBe('LN');
    const ou = ours.userInformation;
    const vu = vendor.userInformation;
    if (ou?.type !== 'initiateRequest' || vu?.type !== 'initiateRequest') throw new Error('no InitiateRequest');
    expect(conformanceHex(ou.proposedConformance)).toBe('0x1C0320');
    expect(conformanceHex(vu.proposedConformance)).toBe('0x403EDD');
    expect([ou.clientMaxReceivePduSize, vu.clientMaxReceivePduSize]).toEqual([65535, 1070]);
  });
});
