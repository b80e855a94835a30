// describeAareRejection: the diagnostic the meter gave, and the setting to look at.
import { describe, expect, test } from 'vitest';
import { fromHex } from '../../../src-shared/hex';
import { corpusVector } from '../../support/vectors';
import { decodeAcseApduBytes, type AcseApdu } from '../../../src-main/dlms/acse/apdu';
import type { Aare } from '../../../src-main/dlms/acse/aare';
import type { Aarq } from '../../../src-main/dlms/acse/aarq';
import { describeAareRejection } from '../../../src-main/dlms/acse/describe';
import { ACSE_SERVICE_USER_DIAGNOSTICS, APPLICATION_CONTEXT_LN, APPLICATION_CONTEXT_SN, type ResultSourceDiagnostic } from '../../../src-main/dlms/acse/names';
import { conformanceFromNumber } from '../../../src-main/dlms/xdlms/conformance';

const aare = (d: ResultSourceDiagnostic, extra: Partial<Aare> = {}): Aare => ({
  type: 'AARE',
  applicationContextName: APPLICATION_CONTEXT_LN,
  result: 'rejected-permanent',
  resultSourceDiagnostic: d,
  ...extra,
});
const user = (diagnostic: (typeof ACSE_SERVICE_USER_DIAGNOSTICS)[number]): ResultSourceDiagnostic => ({ source: 'acse-service-user', diagnostic });

describe('describeAareRejection', () => {
  test('authentication-failure: check the password/authentication key', () => {
    expect(describeAareRejection(aare(user('authentication-failure')))).toBe(
      'meter rejected the association: authentication-failure; check the password/authentication key',
    );
  });

  test('application-context-name-not-supported names what the meter wants and what was proposed', () => {
    const sent: Aarq = { type: 'AARQ', applicationContextName: APPLICATION_CONTEXT_SN };
    const text = describeAareRejection(aare(user('application-context-name-not-supported')), sent);
    expect(text).toContain('application-context-name-not-supported: the meter wants logical name referencing (LN)');
    expect(text).toContain('but short name referencing (SN) without ciphering was proposed');
  });

  test('every acse-service-user diagnostic is named in the text', () => {
    for (const d of ACSE_SERVICE_USER_DIAGNOSTICS) {
      expect(describeAareRejection(aare(user(d)))).toContain(d);
    }
  });

  test('calling-AP-title-not-recognized points at the client system title', () => {
    expect(describeAareRejection(aare(user('calling-AP-title-not-recognized')))).toMatch(/client system title/);
  });

  test('acse-service-provider: no-common-acse-version', () => {
    expect(describeAareRejection(aare({ source: 'acse-service-provider', diagnostic: 'no-common-acse-version' }))).toMatch(
      /^meter rejected the association: no-common-acse-version; .*protocol-version/,
    );
  });

  test('rejected-transient says a later attempt may succeed', () => {
    expect(describeAareRejection(aare(user('no-reason-given'), { result: 'rejected-transient' }))).toMatch(/transient/);
  });

  test('xDLMS initiate errors name the InitiateRequest field to change', () => {
    const sent: Aarq = {
      type: 'AARQ',
      applicationContextName: APPLICATION_CONTEXT_LN,
      userInformation: {
        type: 'initiateRequest',
        responseAllowed: true,
        proposedDlmsVersionNumber: 5,
        proposedConformance: conformanceFromNumber(0x1c0320),
        clientMaxReceivePduSize: 11,
      },
    };
    const withError = (value: 'dlms-version-too-low' | 'incompatible-conformance' | 'pdu-size-too-short') =>
      describeAareRejection(
        aare(user('no-reason-given'), { userInformation: { type: 'confirmedServiceError', service: 'initiateError', error: { choice: 'initiate', value } } }),
        sent,
      );
    expect(withError('dlms-version-too-low')).toMatch(/proposed DLMS version 5 is too low, propose 6/);
    expect(withError('incompatible-conformance')).toMatch(/proposed: read, write, unconfirmed-write, multiple-references, information-report, parameterized-access/);
    expect(withError('pdu-size-too-short')).toMatch(/client-max-receive-pdu-size 11 is too small/);
  });

  test('deciphering-error points at keys and system title', () => {
    const text = describeAareRejection(
      aare(user('no-reason-given'), {
        userInformation: { type: 'confirmedServiceError', service: 'initiateError', error: { choice: 'application-reference', value: 'deciphering-error' } },
      }),
    );
    expect(text).toMatch(/could not decipher.*key.*system title/);
  });

  test('an accepted AARE from the corpus is described as accepted', () => {
    const a: AcseApdu = decodeAcseApduBytes(fromHex(corpusVector('aare-accepted-no-security').hex));
    if (a.type !== 'AARE') throw new Error('not an AARE');
    expect(describeAareRejection(a)).toBe('meter accepted the association');
  });
});
