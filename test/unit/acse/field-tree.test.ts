// The dissector's view of an AARQ: FieldNodes named as in the grammar, over the right byte ranges.
import { describe, expect, test } from 'vitest';
import { fromHex } from '../../../src-shared/hex';
import type { FieldNode } from '../../../src-shared/trace';
import { seedVector } from '../../support/vectors';
import { ByteReader } from '../../../src-main/dlms/codec/byte-reader';
import { FieldTreeSink } from '../../../src-main/dlms/dissect/field-sink';
import { isDlmsDecodeError } from '../../../src-main/dlms/errors';
import { decodeAcseApdu } from '../../../src-main/dlms/acse/apdu';

function dissect(bytes: Uint8Array): { roots: FieldNode[]; error?: unknown } {
  const sink = new FieldTreeSink();
  try {
    decodeAcseApdu(new ByteReader(bytes, 0, bytes.length, sink));
    return { roots: sink.roots };
  } catch (error) {
    return { roots: sink.roots, error };
  }
}

const find = (n: FieldNode, label: string): FieldNode | undefined =>
  n.label === label ? n : (n.children ?? []).map((c) => find(c, label)).find((x) => x !== undefined);

describe('vendor AARQ field tree', () => {
  const bytes = fromHex(seedVector('vendor-aarq-hls-gmac').hex);
  const { roots } = dissect(bytes);
  const aarq = roots[0]!;

  test('one AARQ root over all 68 bytes', () => {
    expect(roots.length).toBe(1);
    expect([aarq.label, aarq.start, aarq.length]).toEqual(['AARQ', 0, 68]);
  });

  test('top-level elements in grammar order with their byte ranges', () => {
    // Ranges read off the hex: A1 at 2 (11 octets), A6 at 13 (12), 8A at 25 (4), 8B at 29 (9),
    // AC at 38 (12), BE at 50 (18).
    expect((aarq.children ?? []).map((n) => [n.label, n.start, n.length])).toEqual([
      ['application-context-name', 2, 11],
      ['calling-AP-title', 13, 12],
      ['sender-acse-requirements', 25, 4],
      ['mechanism-name', 29, 9],
      ['calling-authentication-value', 38, 12],
      ['user-information', 50, 18],
    ]);
  });

  test('values and meanings in the spec words', () => {
    expect(find(aarq, 'application-context-name')).toMatchObject({ value: '2.16.756.5.8.1.1', meaning: 'logical name referencing, no ciphering' });
    expect(find(aarq, 'mechanism-name')).toMatchObject({ value: '2.16.756.5.8.2.5', meaning: 'high level security, GMAC' });
    expect(find(aarq, 'sender-acse-requirements')?.meaning).toBe('authentication');
    expect(find(aarq, 'calling-AP-title')?.meaning).toBe('system title, manufacturer flag ELS');
    expect(find(aarq, 'charstring')).toMatchObject({ start: 40, length: 10, value: '92DD5CD6F73ACEB7' });
    expect(find(aarq, 'calling-authentication-value')?.meaning).toBe('challenge (HLS), 8 octet(s)');
  });

  test('user-information nests the InitiateRequest and its fields', () => {
    const ir = find(aarq, 'InitiateRequest')!;
    expect([ir.start, ir.length]).toEqual([54, 14]);
    expect(find(ir, 'proposed-conformance')).toMatchObject({
      start: 59,
      length: 7,
      value: '0x403EDD',
      meaning:
        'general-protection, attribute0-supported-with-get, block-transfer-with-get-or-read, block-transfer-with-set-or-write, block-transfer-with-action, multiple-references, data-notification, access, get, set, selective-access, action',
    });
    expect(find(ir, 'client-max-receive-pdu-size')).toMatchObject({ start: 66, length: 2, value: '1070' });
    expect(find(ir, 'proposed-dlms-version-number')).toMatchObject({ start: 58, length: 1, value: '6' });
  });
});

describe('malformed AARQ', () => {
  test('a bad conformance tag keeps the tree up to the failure with a problem node at its offset', () => {
    const bytes = fromHex(seedVector('vendor-aarq-hls-gmac').hex);
    bytes[59] = 0x5e; // 5F1F → 5E1F
    const { roots, error } = dissect(bytes);
    expect(isDlmsDecodeError(error) && [error.code, error.offset]).toEqual(['BAD_TAG', 59]);
    expect(isDlmsDecodeError(error) && error.path).toBe('AARQ.user-information.association-information.InitiateRequest.proposed-conformance');
    const conf = find(roots[0]!, 'proposed-conformance')!;
    expect(conf.problem).toMatch(/5F1F/);
    expect(find(roots[0]!, 'mechanism-name')?.value).toBe('2.16.756.5.8.2.5');
  });
});
