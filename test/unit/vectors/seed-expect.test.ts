// The seed vectors' `expect` fields, checked field by field against the dissected tree. Every key
// of every expect object must have a checker here (an unknown key fails), so nothing is skipped.
import { describe, expect, it } from 'vitest';
import { dissect } from '../../../src-main/dlms/dissect/index';
import { fromHex } from '../../../src-shared/hex';
import type { DissectedFrame, FieldNode } from '../../../src-shared/trace';
import { loadSeedTraces, type SeedVector } from '../../support/vectors';
import { q, queryAll } from './tree-query';

const first = (s: unknown): string => String(s).split(/[\s(]/)[0]!;
const hexUp = (s: unknown): string => first(s).toUpperCase();
const num = (n: FieldNode): number => Number(n.value?.split(' ')[0]);

function decryptedOf(frame: DissectedFrame): FieldNode {
  const env = queryAll(frame.tree, 'glo-initiate-request').find((n) => n.decrypted);
  if (!env?.decrypted) throw new Error('no decrypted glo-initiate-request');
  return env.decrypted.tree;
}

type Checker = (frame: DissectedFrame, expected: unknown, v: SeedVector) => void;

const CONFORMANCE = (label: string) => (f: DissectedFrame, e: unknown) => {
  const [hex, names] = String(e).split(' = ');
  const n = q(f, label);
  expect(n.value).toBe(`0x${hexUp(hex).replace(/^0X/, '')}`);
  if (names) expect(n.meaning).toBe(names);
};

const CHECKS: Record<string, Checker> = {
  apdu: (f, e) => expect(queryAll(f.tree, String(e)).length).toBeGreaterThan(0),
  applicationContextName: (f, e) => expect(q(f, 'application-context-name').value).toBe(first(e)),
  callingApTitle: (f, e) => expect(q(f, 'calling-AP-title').value).toBe(hexUp(e)),
  respondingApTitle: (f, e) => expect(q(f, 'responding-AP-title').value).toBe(hexUp(e)),
  senderAcseRequirements: (f, e) => expect(q(f, 'sender-acse-requirements').meaning).toBe(e),
  responderAcseRequirements: (f, e) => expect(q(f, 'responder-acse-requirements').meaning).toBe(e),
  mechanismName: (f, e) => {
    const n = q(f, 'mechanism-name');
    expect(n.value).toBe(first(e));
    const words = /\((.*)\)/.exec(String(e))?.[1];
    if (words) expect(n.meaning).toContain(words.replace('high-level security, ', ''));
  },
  callingAuthenticationValue: (f, e) => {
    const n = q(f, 'calling-authentication-value');
    const bytes = /^(\d+) bytes/.exec(String(e));
    if (bytes) expect(n.meaning).toContain(`${bytes[1]} octet(s)`);
    else expect(n.value).toBe(hexUp(e));
  },
  respondingAuthenticationValue: (f, e) => {
    const zeros = /^(\d+) zero bytes/.exec(String(e));
    expect(zeros).not.toBeNull();
    expect(q(f, 'responding-authentication-value').value).toBe('00'.repeat(Number(zeros![1])));
  },
  result: (f, e) => {
    const [, words, code] = /^(.*) \((\d+)\)$/.exec(String(e))!;
    const n = q(f, 'AARE > result');
    expect([n.value, n.meaning]).toEqual([code, words]);
  },
  resultSourceDiagnostic: (f, e) => expect(q(f, 'result-source-diagnostic').meaning).toBe(String(e).replace(/ \(\d+\)$/, '')),
  wrapper: (f, e) => {
    const w = e as Record<string, number>;
    expect(num(q(f, 'wrapper header > version'))).toBe(w.version);
    expect(num(q(f, 'wrapper header > source wPort'))).toBe(w.sourceWPort);
    expect(num(q(f, 'wrapper header > destination wPort'))).toBe(w.destinationWPort);
    expect(num(q(f, 'wrapper header > length'))).toBe(w.length);
  },
  userInformation: (f, e) => {
    if (typeof e === 'string') return checkUserInformationText(f, e);
    const u = e as Record<string, Record<string, unknown>>;
    for (const [kind, fields] of Object.entries(u)) USER_INFO[kind]!(f, fields);
  },
  diffAgainstVendor: (f, e) => {
    // The differences named by the vector are visible in the tree.
    expect(e).toHaveLength(4);
    expect(num(q(f, 'destination wPort'))).toBe(145);
    expect(q(f, 'application-context-name').meaning).toBe('short name referencing, no ciphering');
    expect(q(f, 'proposed-conformance').value).toBe('0x1C0320');
    expect(num(q(f, 'client-max-receive-pdu-size'))).toBe(65535);
  },
  note: (_f, e) => expect(typeof e).toBe('string'), // prose for the reader, no field to check
};

function checkUserInformationText(f: DissectedFrame, e: string): void {
  const conf = /conformance (0x[0-9a-f]{6})/i.exec(e);
  if (conf) expect(q(f, 'proposed-conformance').value).toBe(`0x${conf[1]!.slice(2).toUpperCase()}`);
  const pdu = /max pdu (\d+)/i.exec(e);
  if (pdu) expect(num(q(f, 'client-max-receive-pdu-size'))).toBe(Number(pdu[1]));
  if (e.startsWith('plain initiateRequest')) expect(queryAll(f.tree, 'InitiateRequest')).toHaveLength(1);
  if (e.includes('general-block-transfer')) expect(q(f, 'proposed-conformance').meaning).toContain('general-block-transfer');
  if (e.startsWith('glo-initiateRequest')) {
    const [, sc, ic, tag] = /security control (0x\w+), IC (\d+), tag (\w+)/.exec(e)!;
    expect(q(f, 'glo-initiate-request > security-control').value).toBe(sc);
    expect(num(q(f, 'glo-initiate-request > invocation-counter'))).toBe(Number(ic));
    expect(q(f, 'glo-initiate-request > authentication-tag').value).toBe(tag!.toUpperCase());
  }
  if (e.startsWith('confirmedServiceError')) {
    const n = q(f, 'ConfirmedServiceError');
    expect(n.value).toBe('initiateError: initiate / other');
    expect(q(n, 'initiate').meaning).toBe('other');
  }
  expect(conf || pdu || /^(plain|glo-|confirmedServiceError|initiateRequest)/.test(e)).toBeTruthy();
}

const USER_INFO: Record<string, (f: DissectedFrame, fields: Record<string, unknown>) => void> = {
  initiateRequest: (f, x) => {
    expect(x.dedicatedKey).toBeNull();
    expect(q(f, 'InitiateRequest > dedicated-key usage-flag').value).toBe('absent');
    expect(x.proposedQualityOfService).toBeNull();
    expect(q(f, 'InitiateRequest > proposed-quality-of-service usage-flag').value).toBe('absent');
    // response-allowed DEFAULT TRUE: absent means true.
    expect(x.responseAllowed).toBe(true);
    expect(q(f, 'InitiateRequest > response-allowed usage-flag').value).toBe('absent');
    expect(num(q(f, 'proposed-dlms-version-number'))).toBe(x.dlmsVersion);
    CONFORMANCE('proposed-conformance')(f, x.conformance);
    expect(num(q(f, 'client-max-receive-pdu-size'))).toBe(x.clientMaxReceivePduSize);
  },
  initiateResponse: (f, x) => {
    expect(x.negotiatedQualityOfService).toBeNull();
    expect(q(f, 'InitiateResponse > negotiated-quality-of-service usage-flag').value).toBe('absent');
    expect(num(q(f, 'negotiated-dlms-version-number'))).toBe(x.dlmsVersion);
    CONFORMANCE('negotiated-conformance')(f, x.conformance);
    expect(num(q(f, 'server-max-receive-pdu-size'))).toBe(x.serverMaxReceivePduSize);
    expect(q(f, 'vaa-name').value).toBe(first(x.vaaName));
  },
  gloInitiateRequest: (f, x) => {
    expect(q(f, 'glo-initiate-request > security-control').value).toBe(first(x.securityControl));
    expect(num(q(f, 'glo-initiate-request > invocation-counter'))).toBe(x.invocationCounter);
    expect(q(f, 'glo-initiate-request > authentication-tag').value).toBe(hexUp(x.authenticationTag));
    const env = queryAll(f.tree, 'glo-initiate-request').find((n) => n.decrypted)!;
    expect(env.decrypted!.plaintextHex).toBe(hexUp(x.plaintextInitiateRequest));
    const plain = decryptedOf(f);
    expect(num(q(plain, 'client-max-receive-pdu-size'))).toBe(x.clientMaxReceivePduSize);
    const conf = /^(0x\w+) is a short-name conformance \((.*)\)$/.exec(String(x.conformanceNote))!;
    expect(q(plain, 'proposed-conformance').value).toBe(`0x${conf[1]!.slice(2).toUpperCase()}`);
    expect(q(plain, 'proposed-conformance').meaning).toBe(conf[2]);
  },
};

/**
 * Expect fields that the vector's bytes do not carry: the logged AARE (614DA1...) goes from
 * responding-AP-title (A4) straight to responding-authentication-value (AA); there is no
 * responder-acse-requirements (88) nor mechanism-name (89) in it. We assert their absence.
 */
const ERRATA: Record<string, Record<string, string>> = {
  'vendor-aare-auth-required': { responderAcseRequirements: 'responder-acse-requirements', mechanismName: 'mechanism-name' },
};

describe('seed vectors: expect fields against the dissected tree', () => {
  for (const v of loadSeedTraces()) {
    it(v.id, () => {
      const c = v.crypto as Record<string, string> | undefined;
      const keys = c ? { ek: c.ek!, ak: c.ak!, clientSystemTitle: c.systemTitle! } : undefined;
      const [frame, ...more] = dissect(fromHex(v.hex), { ...(keys ? { keys } : {}), direction: v.direction as 'client->server' });
      expect(more).toHaveLength(0);
      expect(frame!.malformedAt).toBeUndefined();
      for (const [key, expected] of Object.entries(v.expect)) {
        const missing = ERRATA[v.id]?.[key];
        if (missing) {
          expect(queryAll(frame!.tree, missing)).toEqual([]);
          continue;
        }
        const check = CHECKS[key];
        if (!check) throw new Error(`no checker for expect.${key}`);
        check(frame!, expected, v);
      }
      if (c) {
        // The crypto block: the decrypted subtree carries the plaintext, title and counter.
        const env = queryAll(frame!.tree, 'glo-initiate-request').find((n) => n.decrypted)!;
        expect(env.decrypted!.plaintextHex).toBe(c.plaintext!.toUpperCase());
        expect(env.decrypted!.systemTitle).toBe(c.systemTitle!.toUpperCase());
        expect(env.decrypted!.invocationCounter).toBe(Number(c.invocationCounter));
        expect(q(frame!, 'authentication-tag').value).toBe(c.expectTag!.toUpperCase());
      }
    });
  }
});
