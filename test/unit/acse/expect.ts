// Checks a decoded ACSE APDU against a seed vector's `expect` object, key by key. Every key must
// be understood here: an unknown key fails the test instead of being silently skipped.

import { expect } from 'vitest';
import { fromHex, toHex } from '../../../src-shared/hex';
import type { AcseApdu } from '../../../src-main/dlms/acse/apdu';
import { acseRequirementNames, type AuthenticationValue } from '../../../src-main/dlms/acse/elements';
import { applicationContextInfo, mechanismInfo } from '../../../src-main/dlms/acse/names';
import type { UserInformation } from '../../../src-main/dlms/acse/user-information';
import { conformanceNames, conformanceToNumber, type ConformanceBitName } from '../../../src-main/dlms/xdlms/conformance';
import { decodeInitiateRequest } from '../../../src-main/dlms/xdlms/initiate';
import { ByteReader } from '../../../src-main/dlms/codec/byte-reader';
import { serviceErrorCode } from '../../../src-main/dlms/xdlms/confirmed-service-error';
import { codeOf, ASSOCIATION_RESULTS, ACSE_SERVICE_PROVIDER_DIAGNOSTICS, ACSE_SERVICE_USER_DIAGNOSTICS } from '../../../src-main/dlms/acse/names';

const firstToken = (s: string): string => s.trim().split(/\s+/)[0]!;
const hexOf = (b: Uint8Array | undefined): string | undefined => (b === undefined ? undefined : toHex(b).toLowerCase());

function checkContext(oid: string, text: string): void {
  expect(oid).toBe(firstToken(text));
  const info = applicationContextInfo(oid);
  expect(info).toBeDefined();
  if (/\(LN|logical name/i.test(text)) expect(info!.referencing).toBe('LN');
  if (/\(SN|short name/i.test(text)) expect(info!.referencing).toBe('SN');
  if (/with ciphering/i.test(text)) expect(info!.ciphered).toBe(true);
  if (/no ciphering|without ciphering/i.test(text)) expect(info!.ciphered).toBe(false);
}

function checkMechanism(oid: string | undefined, text: string): void {
  expect(oid).toBe(firstToken(text));
  const info = mechanismInfo(oid!);
  if (/GMAC/.test(text)) expect(info?.name).toBe('high-gmac');
  if (/manufacturer specific/.test(text)) expect(info?.name).toBe('high');
}

function checkAuthValue(v: AuthenticationValue | undefined, text: string): void {
  expect(v?.type).toBe('charstring');
  if (v?.type !== 'charstring') return;
  const n = /^(\d+) (zero )?bytes/.exec(text);
  if (n) {
    expect(v.value.length).toBe(Number(n[1]));
    if (n[2]) expect([...v.value].every((b) => b === 0)).toBe(true);
  } else {
    expect(hexOf(v.value)).toBe(firstToken(text));
  }
  const bytes = /\((\d+) bytes\)/.exec(text);
  if (bytes) expect(v.value.length).toBe(Number(bytes[1]));
  const ascii = /the password "([^"]+)"/.exec(text);
  if (ascii) expect(String.fromCharCode(...v.value)).toBe(ascii[1]);
}

function checkApTitle(v: Uint8Array | undefined, text: string): void {
  expect(hexOf(v)).toBe(firstToken(text));
  const flag = /manufacturer flag ([A-Z]{3})/.exec(text);
  if (flag) expect(String.fromCharCode(...v!.subarray(0, 3))).toBe(flag[1]);
  const quoted = /\("([^"]+)"\)/.exec(text);
  if (quoted) expect(String.fromCharCode(...v!)).toBe(quoted[1]);
}

function checkConformanceText(n: number, text: string): void {
  const m = /0x([0-9a-f]{6})/i.exec(text);
  expect(m).not.toBeNull();
  expect(n).toBe(parseInt(m![1]!, 16));
  const list = /=\s*(.+)$/.exec(text) ?? /\(([a-z0-9-]+(?:, [a-z0-9-]+)+)\)/.exec(text);
  if (list) expect(conformanceNames(n)).toEqual(list[1]!.split(/,\s*/));
  const includes = /includes ([a-z0-9-]+)/.exec(text);
  if (includes) expect(conformanceNames(n)).toContain(includes[1] as ConformanceBitName);
}

/** user-information given as a structured object. */
function checkUserInformationObject(u: UserInformation | undefined, e: Record<string, Record<string, unknown>>): void {
  const [kind, fields] = Object.entries(e)[0]!;
  for (const [k, v] of Object.entries(fields)) {
    if (kind === 'initiateRequest') {
      expect(u?.type).toBe('initiateRequest');
      if (u?.type !== 'initiateRequest') return;
      if (k === 'dedicatedKey') expect(u.dedicatedKey ?? null).toBe(v);
      else if (k === 'responseAllowed') expect(u.responseAllowed).toBe(v);
      else if (k === 'proposedQualityOfService') expect(u.proposedQualityOfService ?? null).toBe(v);
      else if (k === 'dlmsVersion') expect(u.proposedDlmsVersionNumber).toBe(v);
      else if (k === 'conformance') checkConformanceText(conformanceToNumber(u.proposedConformance), v as string);
      else if (k === 'clientMaxReceivePduSize') expect(u.clientMaxReceivePduSize).toBe(v);
      else throw new Error(`unhandled initiateRequest expect key ${k}`);
    } else if (kind === 'initiateResponse') {
      expect(u?.type).toBe('initiateResponse');
      if (u?.type !== 'initiateResponse') return;
      if (k === 'negotiatedQualityOfService') expect(u.negotiatedQualityOfService ?? null).toBe(v);
      else if (k === 'dlmsVersion') expect(u.negotiatedDlmsVersionNumber).toBe(v);
      else if (k === 'conformance') checkConformanceText(conformanceToNumber(u.negotiatedConformance), v as string);
      else if (k === 'serverMaxReceivePduSize') expect(u.serverMaxReceivePduSize).toBe(v);
      else if (k === 'vaaName') expect(u.vaaName).toBe(parseInt(firstToken(v as string), 16));
      else throw new Error(`unhandled initiateResponse expect key ${k}`);
    } else if (kind === 'gloInitiateRequest') {
      expect(u?.type).toBe('ciphered');
      if (u?.type !== 'ciphered' || u.apdu.type !== 'service-specific') throw new Error('expected a service-specific envelope');
      expect(u.apdu.tag).toBe(0x21);
      const c = u.apdu.content;
      // Authentication-only (SC 0x10): the information field is the plain InitiateRequest.
      const plain = decodeInitiateRequest(ByteReader.from(c.information));
      if (k === 'securityControl') expect(c.securityControl).toBe(parseInt(firstToken(v as string), 16));
      else if (k === 'invocationCounter') expect(c.invocationCounter).toBe(v);
      else if (k === 'plaintextInitiateRequest') expect(hexOf(c.information)).toBe(v);
      else if (k === 'conformanceNote') checkConformanceText(conformanceToNumber(plain.proposedConformance), v as string);
      else if (k === 'clientMaxReceivePduSize') expect(plain.clientMaxReceivePduSize).toBe(v);
      else if (k === 'authenticationTag') expect(hexOf(c.authenticationTag)).toBe(v);
      else throw new Error(`unhandled gloInitiateRequest expect key ${k}`);
    } else throw new Error(`unhandled user-information kind ${kind}`);
  }
}

/** user-information given as one line of text. */
function checkUserInformationText(u: UserInformation | undefined, text: string): void {
  if (/^glo-initiateRequest/i.test(text)) {
    if (u?.type !== 'ciphered' || u.apdu.type !== 'service-specific') throw new Error('expected glo-initiate-request');
    expect(u.apdu.tag).toBe(0x21);
    expect(u.apdu.content.securityControl).toBe(parseInt(/security control 0x([0-9a-f]{2})/i.exec(text)![1]!, 16));
    expect(u.apdu.content.invocationCounter).toBe(Number(/IC (\d+)/.exec(text)![1]));
    expect(hexOf(u.apdu.content.authenticationTag)).toBe(/tag ([0-9a-f]+)/.exec(text)![1]);
  } else if (/initiateRequest/.test(text)) {
    if (u?.type !== 'initiateRequest') throw new Error(`expected initiateRequest, got ${u?.type}`);
    checkConformanceText(conformanceToNumber(u.proposedConformance), /conformance (0x[0-9a-f]{6}[^,]*)/i.exec(text)![1]!);
    expect(u.clientMaxReceivePduSize).toBe(Number(/max pdu (\d+)/i.exec(text)![1]));
  } else if (/^confirmedServiceError/.test(text)) {
    if (u?.type !== 'confirmedServiceError') throw new Error(`expected confirmedServiceError, got ${u?.type}`);
    const m = /confirmedServiceError: (\w+), service-error ([a-z-]+): ([a-zA-Z-]+) \((\d+)\)/.exec(text)!;
    expect(u.service).toBe(m[1]);
    expect(u.error.choice).toBe(m[2]);
    expect(u.error.value).toBe(m[3]);
    expect(serviceErrorCode(u.error)).toBe(Number(m[4]));
  } else throw new Error(`unhandled user-information text: ${text}`);
}

/** Keys of `expect` that describe another layer or the thread, checked elsewhere or not at all by design. */
export const NON_ACSE_KEYS = new Set(['wrapper', 'note', 'diffAgainstVendor']);

export function checkAcseExpect(a: AcseApdu, e: Record<string, unknown>, skip: ReadonlySet<string> = new Set()): void {
  for (const [k, v] of Object.entries(e)) {
    if (NON_ACSE_KEYS.has(k) || skip.has(k)) continue;
    const text = typeof v === 'string' ? v : '';
    switch (k) {
      case 'apdu':
        expect(a.type).toBe(v);
        break;
      case 'applicationContextName':
        if (a.type !== 'AARQ' && a.type !== 'AARE') throw new Error('no application context');
        checkContext(a.applicationContextName, text);
        break;
      case 'callingApTitle':
        checkApTitle(a.type === 'AARQ' ? a.callingApTitle : undefined, text);
        break;
      case 'respondingApTitle':
        checkApTitle(a.type === 'AARE' ? a.respondingApTitle : undefined, text);
        break;
      case 'senderAcseRequirements':
        expect(a.type === 'AARQ' && a.senderAcseRequirements ? acseRequirementNames(a.senderAcseRequirements) : []).toEqual([v]);
        break;
      case 'responderAcseRequirements':
        expect(a.type === 'AARE' && a.responderAcseRequirements ? acseRequirementNames(a.responderAcseRequirements) : []).toEqual([v]);
        break;
      case 'mechanismName':
        checkMechanism(a.type === 'AARQ' || a.type === 'AARE' ? a.mechanismName : undefined, text);
        break;
      case 'callingAuthenticationValue':
        checkAuthValue(a.type === 'AARQ' ? a.callingAuthenticationValue : undefined, text);
        break;
      case 'respondingAuthenticationValue':
        checkAuthValue(a.type === 'AARE' ? a.respondingAuthenticationValue : undefined, text);
        break;
      case 'result': {
        if (a.type !== 'AARE') throw new Error('result outside an AARE');
        const m = /^([a-z-]+) \((\d+)\)$/.exec(text)!;
        expect(a.result).toBe(m[1]);
        expect(codeOf(ASSOCIATION_RESULTS, a.result)).toBe(Number(m[2]));
        break;
      }
      case 'resultSourceDiagnostic': {
        if (a.type !== 'AARE') throw new Error('diagnostic outside an AARE');
        const m = /^([a-z-]+): ([a-zA-Z-]+) \((\d+)\)$/.exec(text)!;
        expect(a.resultSourceDiagnostic.source).toBe(m[1]);
        expect(a.resultSourceDiagnostic.diagnostic).toBe(m[2]);
        const table = a.resultSourceDiagnostic.source === 'acse-service-user' ? ACSE_SERVICE_USER_DIAGNOSTICS : ACSE_SERVICE_PROVIDER_DIAGNOSTICS;
        expect(codeOf(table, a.resultSourceDiagnostic.diagnostic)).toBe(Number(m[3]));
        break;
      }
      case 'userInformation':
        if (typeof v === 'string') checkUserInformationText(a.userInformation, v);
        else checkUserInformationObject(a.userInformation, v as Record<string, Record<string, unknown>>);
        break;
      default:
        throw new Error(`unhandled expect key ${k}`);
    }
  }
}

/** The APDU bytes of a seed vector: wrapper vectors carry an 8-byte header (the wrapper codec's job). */
export function seedApduBytes(v: { layer: string; hex: string }): Uint8Array {
  const b = fromHex(v.hex);
  return v.layer === 'wrapper' ? b.subarray(8) : b;
}
