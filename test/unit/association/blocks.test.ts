// Playbooks for the block transfers the client used to refuse, and for with-list limits:
//   SN ReadResponse data-block-result → ReadRequest block-number-access (the Gurux C++ SN server's
//   object list), SN WriteRequest write-data-block-access, ACTION action-response-with-pblock →
//   action-request-next-pblock, settings.maxListItems, and the one-by-one fallback when a meter
//   refuses a list. The expected frames are written out byte by byte from the Green Book grammar.
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../src-shared/hex';
import { decodeApduBytes } from '../../../src-main/dlms/apdu';
import { encodeDataBytes } from '../../../src-main/dlms/axdr/data';
import type { DlmsData } from '../../../src-main/dlms/axdr/types';
import type { ClientAssociation } from '../../../src-main/dlms/association/client';
import type { AttributeRef } from '../../../src-main/dlms/association/types';
import type { DeviceSettingsInput } from '../../../src-shared/settings';
import { aare, apdu, associated, cat, client, initiateResponse, kinds, only, sent } from './helpers';

const hex2 = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');
const hex4 = (n: number): string => n.toString(16).toUpperCase().padStart(8, '0');
const lenHex = (n: number): string => (n < 0x80 ? n.toString(16).padStart(2, '0') : n < 0x100 ? '81' + n.toString(16).padStart(2, '0') : '82' + hex2(n)).toUpperCase();

/** An SN association (context 2.16.756.5.8.1.2, vaa-name 0xFA00). */
function snAssociated(settings: DeviceSettingsInput = {}, conformance = 0x1c0320, maxPdu = 1024): ClientAssociation {
  const c = client({ authentication: 'none', referencing: 'sn', ...settings });
  c.associate();
  expect(kinds(c.receive(aare({ context: '2.16.756.5.8.1.2', userInformation: initiateResponse(conformance, maxPdu, 0xfa00) })))).toEqual(['associated']);
  return c;
}

/** A long SN object list: array of { base_name, class_id, version, logical_name }. */
function snObjectList(n: number): DlmsData {
  return {
    type: 'array',
    items: Array.from({ length: n }, (_, i) => ({
      type: 'structure' as const,
      items: [
        { type: 'long' as const, value: 0x100 + 8 * 16 * i },
        { type: 'long-unsigned' as const, value: 3 },
        { type: 'unsigned' as const, value: 0 },
        { type: 'octet-string' as const, value: Uint8Array.of(1, 0, 1, 8, i & 0xff, 255) },
      ],
    })),
  };
}

/** ReadResponse [data-block-result]: 0C 01 02 last block-number(2) raw-data. */
const dataBlockResult = (last: boolean, n: number, raw: Uint8Array): Uint8Array => cat(`0C0102${last ? '01' : '00'}${hex2(n)}${lenHex(raw.length)}`, raw);

describe('SN block transfer, reading', () => {
  const list = snObjectList(40);
  const raw = encodeDataBytes(list);
  const parts = [raw.subarray(0, 300), raw.subarray(300, 600), raw.subarray(600)];

  it('the object list in data-block-results: each block asked for with ReadRequest block-number-access naming the block received', () => {
    const c = snAssociated();
    const { requestId, commands } = c.readObjectList();
    expect(sent(commands)).toEqual(['050102FA08']);
    let out = c.receive(dataBlockResult(false, 1, parts[0]!));
    // 05 ReadRequest, 01 one variable, 05 block-number-access, block 0001
    expect(sent(out)).toEqual(['0501050001']);
    expect(only(out, 'progress')).toEqual({ kind: 'progress', requestId, blocks: 1, bytes: 300 });
    expect(c.state).toBe('receiving-blocks');
    out = c.receive(dataBlockResult(false, 2, parts[1]!));
    expect(sent(out)).toEqual(['0501050002']);
    out = c.receive(dataBlockResult(true, 3, parts[2]!));
    const r = only(out, 'result').result;
    if (r.type !== 'object-list') throw new Error(r.type);
    expect(r.entries).toHaveLength(40);
    expect(r.entries[39]!.baseName).toBe(0x100 + 8 * 16 * 39);
    expect(c.state).toBe('associated');
  });

  it('a block out of sequence ends the request with a block-number error', () => {
    const c = snAssociated();
    const { requestId } = c.readObjectList();
    c.receive(dataBlockResult(false, 1, parts[0]!));
    const e = only(c.receive(dataBlockResult(false, 3, parts[1]!)), 'error');
    expect(e).toMatchObject({ requestId, code: 'block-number' });
    expect(e.message).toBe('ReadResponse data-block-result carries block 3, block 2 was expected');
  });

  it('a multi-variable read answered in blocks: the raw data is the SEQUENCE OF read results', () => {
    const c = snAssociated();
    const refs: AttributeRef[] = [0x100, 0x180].map((baseName) => ({ classId: 3, logicalName: '1-0:1.8.0.255', attributeId: 2, baseName }));
    const { requestId, commands } = c.getWithList(refs);
    // 05 ReadRequest, 02 variables: variable-name 0x0108 and 0x0188 (attribute 2 = base + 8)
    expect(sent(commands)).toEqual(['0502020108020188']);
    // 02 results: [0] data double-long-unsigned 7, [1] data-access-error 4 (object-unavailable)
    const whole = fromHex('02' + '00' + '0600000007' + '01' + '04');
    c.receive(dataBlockResult(false, 1, whole.subarray(0, 4)));
    const out = c.receive(dataBlockResult(true, 2, whole.subarray(4)));
    expect(only(out, 'result')).toEqual({
      kind: 'result',
      requestId,
      result: { type: 'get-with-list', results: [{ type: 'data', data: { type: 'double-long-unsigned', value: 7 } }, { type: 'data-access-result', result: 4 }] },
    });
  });
});

describe('SN block transfer, writing', () => {
  const big: DlmsData = { type: 'octet-string', value: Uint8Array.from({ length: 200 }, (_, i) => i & 0xff) };

  it('a WriteRequest too long for the PDU goes in write-data-block-access blocks of the request after its tag', () => {
    const c = snAssociated({}, 0x1c0320, 64);
    const ref = { classId: 1, logicalName: '0.0.96.1.0.255', attributeId: 2, baseName: 0x200 };
    const { requestId, commands } = c.set(ref, big);
    // the whole request would be 06 01 02 0208 01 09 81C8 <200 bytes>; its body after the tag is what travels
    const body = cat('010202080109' + '81C8', big.value);
    const got: Uint8Array[] = [];
    let out = commands;
    for (let n = 1; ; n++) {
      const bytes = fromHex(sent(out)[0]!);
      expect(bytes.length).toBeLessThanOrEqual(64);
      // 06 WriteRequest, 01 one spec, 07 write-data-block-access, last, block-number(2), 01 one data, 09 octet-string
      const last = bytes[3] === 1;
      expect(toHex(bytes.subarray(0, 8))).toBe(`060107${last ? '01' : '00'}${hex2(n)}0109`);
      const d = decodeApduBytes(bytes);
      if (d.type !== 'write-request' || d.values[0]?.type !== 'octet-string') throw new Error(d.type);
      got.push(d.values[0].value);
      if (last) break;
      expect(c.state).toBe('sending-blocks');
      // WriteResponse [block-number n]: 0D 01 02 nnnn
      out = c.receive(fromHex(`0D0102${hex2(n)}`));
    }
    expect(got.length).toBeGreaterThan(2);
    expect(toHex(cat(...got))).toBe(toHex(body));
    expect(only(c.receive(fromHex('0D0100')), 'result')).toEqual({ kind: 'result', requestId, result: { type: 'set', result: 0 } });
  });

  it('a WriteResponse acknowledging a block never sent is a block-number error', () => {
    const c = snAssociated({}, 0x1c0320, 64);
    c.set({ classId: 1, logicalName: '0.0.96.1.0.255', attributeId: 2, baseName: 0x200 }, big);
    expect(only(c.receive(fromHex('0D01020005')), 'error').code).toBe('block-number');
  });
});

describe('ACTION with a long response', () => {
  const ret: DlmsData = { type: 'octet-string', value: Uint8Array.from({ length: 250 }, (_, i) => (i * 7) & 0xff) };
  const raw = encodeDataBytes(ret);
  /** C7 02 invoke-id-and-priority, DataBlock-SA: last-block, block-number(4), raw-data. */
  const pblock = (last: boolean, n: number, part: Uint8Array): Uint8Array => cat(`C702C1${last ? '01' : '00'}${hex4(n)}${lenHex(part.length)}`, part);

  it('action-response-with-pblock → action-request-next-pblock naming the block received, the return parameters joined', () => {
    const c = associated();
    const { requestId, commands } = c.action({ classId: 15, logicalName: '0.0.40.0.0.255', methodId: 3 }, { type: 'integer', value: 0 });
    expect(sent(commands)).toEqual(['C301C1000F0000280000FF03010F00']);
    let out = c.receive(pblock(false, 1, raw.subarray(0, 100)));
    // C3 action-request, 02 next-pblock, C1, block-number 00000001
    expect(sent(out)).toEqual(['C302C100000001']);
    expect(only(out, 'progress')).toMatchObject({ requestId, blocks: 1, bytes: 100 });
    out = c.receive(pblock(false, 2, raw.subarray(100, 200)));
    expect(sent(out)).toEqual(['C302C100000002']);
    out = c.receive(pblock(true, 3, raw.subarray(200)));
    expect(only(out, 'result')).toEqual({ kind: 'result', requestId, result: { type: 'action', result: 0, returnParameters: { type: 'data', data: ret } } });
    expect(c.state).toBe('associated');
  });

  it('a pblock out of sequence is a block-number error', () => {
    const c = associated();
    c.action({ classId: 15, logicalName: '0.0.40.0.0.255', methodId: 3 }, { type: 'integer', value: 0 });
    c.receive(pblock(false, 1, raw.subarray(0, 100)));
    expect(only(c.receive(pblock(true, 1, raw.subarray(100))), 'error').code).toBe('block-number');
  });
});

describe('with-list limits', () => {
  const refs = Array.from({ length: 25 }, (_, i) => ({ classId: 1, logicalName: `0.0.96.1.${i}.255`, attributeId: 2 }));
  const u8 = (value: number): DlmsData => ({ type: 'unsigned', value });

  /** Answers every get request with the attribute's index (C.D.E's E) as unsigned, until a result. */
  function drive(c: ClientAssociation, first: ReturnType<ClientAssociation['getWithList']>['commands']): { counts: number[]; out: ReturnType<ClientAssociation['receive']> } {
    const counts: number[] = [];
    let out = first;
    for (;;) {
      const req = sent(out);
      if (req.length === 0) return { counts, out };
      const q = decodeApduBytes(fromHex(req[0]!));
      if (q.type === 'get-request-with-list') {
        counts.push(q.attributes.length);
        out = c.receive(apdu({ type: 'get-response-with-list', invokeIdAndPriority: q.invokeIdAndPriority, results: q.attributes.map((a) => ({ type: 'data', data: u8(a.descriptor.instanceId[4]!) })) }));
      } else if (q.type === 'get-request-normal') {
        counts.push(1);
        out = c.receive(apdu({ type: 'get-response-normal', invokeIdAndPriority: q.invokeIdAndPriority, result: { type: 'data', data: u8(q.descriptor.instanceId[4]!) } }));
      } else throw new Error(q.type);
    }
  }

  it('maxListItems (default 10) caps the count even when the PDU would take all 25', () => {
    const c = associated({}, 0x007e1f, 0xffff);
    const { counts, out } = drive(c, c.getWithList(refs).commands);
    expect(counts).toEqual([10, 10, 5]);
    const r = only(out, 'result').result;
    expect(r).toEqual({ type: 'get-with-list', results: refs.map((_, i) => ({ type: 'data', data: u8(i) })) });
  });

  it('maxListItems 0 leaves only the PDU size as the limit; 4 makes batches of 4', () => {
    let c = associated({ maxListItems: 0 }, 0x007e1f, 0xffff);
    expect(drive(c, c.getWithList(refs).commands).counts).toEqual([25]);
    c = associated({ maxListItems: 4 }, 0x007e1f, 0xffff);
    expect(drive(c, c.getWithList(refs).commands).counts).toEqual([4, 4, 4, 4, 4, 4, 1]);
  });

  it('an exception-response to a list: the attributes go one by one, the result says so, and later lists are sent one by one', () => {
    const c = associated({}, 0x007e1f, 0xffff);
    const { requestId, commands } = c.getWithList(refs.slice(0, 3));
    expect(decodeApduBytes(fromHex(sent(commands)[0]!)).type).toBe('get-request-with-list');
    // exception-response: D8, state-error service-not-allowed (1), service-error operation-not-possible (1)
    const retry = c.receive(fromHex('D80101'));
    expect(kinds(retry)).toEqual(['sendApdu']);
    expect(c.state).toBe('awaiting-response');
    const { counts, out } = drive(c, retry);
    expect(counts).toEqual([1, 1, 1]);
    const r = only(out, 'result');
    expect(r.requestId).toBe(requestId);
    if (r.result.type !== 'get-with-list') throw new Error(r.result.type);
    expect(r.result.results).toEqual([0, 1, 2].map((i) => ({ type: 'data', data: u8(i) })));
    expect(r.result.notices).toHaveLength(1);
    expect(r.result.notices![0]).toMatch(/refused a list of 3 attributes \(exception-response \(service-not-allowed, operation-not-possible\)\).*one by one/);
    // remembered: the next list is not sent as a list at all, and carries no notice
    const again = drive(c, c.getWithList(refs.slice(3, 5)).commands);
    expect(again.counts).toEqual([1, 1]);
    expect(only(again.out, 'result').result).toEqual({ type: 'get-with-list', results: [u8(3), u8(4)].map((data) => ({ type: 'data', data })) });
  });

  it('a confirmed-service-error or a single error result for a SET list also falls back to one by one', () => {
    const values: DlmsData[] = [u8(1), u8(2)];
    const c = associated({}, 0x007e1f, 0xffff);
    const { requestId, commands } = c.setWithList(refs.slice(0, 2), values);
    expect(decodeApduBytes(fromHex(sent(commands)[0]!)).type).toBe('set-request-with-list');
    // ConfirmedServiceError: 0E, write (6), service (3), service-unsupported (2)
    let out = c.receive(fromHex('0E060302'));
    const q1 = decodeApduBytes(fromHex(sent(out)[0]!));
    if (q1.type !== 'set-request-normal') throw new Error(q1.type);
    expect(q1.value).toEqual(u8(1));
    out = c.receive(apdu({ type: 'set-response-normal', invokeIdAndPriority: q1.invokeIdAndPriority, result: 0 }));
    const q2 = decodeApduBytes(fromHex(sent(out)[0]!));
    if (q2.type !== 'set-request-normal') throw new Error(q2.type);
    expect(q2.value).toEqual(u8(2));
    out = c.receive(apdu({ type: 'set-response-normal', invokeIdAndPriority: q2.invokeIdAndPriority, result: 3 }));
    const r = only(out, 'result');
    expect(r).toMatchObject({ requestId, result: { type: 'set-with-list', results: [0, 3] } });

    const d = associated({}, 0x007e1f, 0xffff);
    const s = d.getWithList(refs.slice(0, 2));
    const q = decodeApduBytes(fromHex(sent(s.commands)[0]!));
    if (q.type !== 'get-request-with-list') throw new Error(q.type);
    // one data-access-result (other-reason 250) for a list of two
    const back = d.receive(apdu({ type: 'get-response-with-list', invokeIdAndPriority: q.invokeIdAndPriority, results: [{ type: 'data-access-result', result: 250 }] }));
    expect(decodeApduBytes(fromHex(sent(back)[0]!)).type).toBe('get-request-normal');
  });

  it('an exception to a single GET is still an error (nothing to split)', () => {
    const c = associated();
    const { requestId } = c.get(refs[0]!);
    expect(only(c.receive(fromHex('D80101')), 'error')).toMatchObject({ requestId, code: 'exception' });
  });
});
