// Service playbooks after the association: GET/SET/ACTION, with-list batching, classic block
// transfer both ways, selective access, the object list, queueing, exceptions, release.
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../src-shared/hex';
import { corpusVector } from '../../support/vectors';
import { decodeApduBytes } from '../../../src-main/dlms/apdu';
import { encodeDataBytes } from '../../../src-main/dlms/axdr/data';
import type { DlmsData } from '../../../src-main/dlms/axdr/types';
import { rangeDescriptorAccess } from '../../../src-main/dlms/xdlms/selective-access';
import { apdu, associated, cat, client, iip, kinds, only, sent } from './helpers';


const energy = { classId: 3, logicalName: '1-0:1.8.0.255', attributeId: 2 };
const getResponse = (invokeId: number, data: DlmsData): Uint8Array => apdu({ type: 'get-response-normal', invokeIdAndPriority: iip(invokeId), result: { type: 'data', data } });
const u32 = (value: number): DlmsData => ({ type: 'double-long-unsigned', value });

describe('GET', () => {
  it('get-request-normal out, get-response-normal in, result by request id; invoke-ids count up', () => {
    const c = associated();
    const r1 = c.get(energy);
    expect(sent(r1.commands)).toEqual(['C001C100030100010800FF0200']);
    expect(c.state).toBe('awaiting-response');
    const out = c.receive(getResponse(1, u32(100)));
    expect(only(out, 'result')).toEqual({ kind: 'result', requestId: r1.requestId, result: { type: 'get', result: { type: 'data', data: u32(100) } } });
    expect(c.state).toBe('associated');
    expect(sent(c.get(energy).commands)).toEqual(['C001C200030100010800FF0200']);
  });

  it('invoke-id and priority come from the settings (the EPRI request with 0x45)', () => {
    const c = associated({ invokeId: 5, priority: 'normal' });
    expect(sent(c.get({ classId: 7, logicalName: '0.0.99.98.1.255', attributeId: 2 }).commands)).toEqual([corpusVector('get-request-epri-invoke45').hex]);
  });

  it('a response with another invoke-id is dropped with an error; the right one still settles', () => {
    const c = associated();
    const { requestId } = c.get(energy);
    expect(only(c.receive(getResponse(9, u32(1))), 'error').code).toBe('invoke-id-mismatch');
    expect(c.state).toBe('awaiting-response');
    expect(only(c.receive(getResponse(1, u32(2))), 'result').requestId).toBe(requestId);
  });

  it('selective access by range reproduces the corpus range-descriptor request', () => {
    const c = associated();
    const access = rangeDescriptorAccess({
      restrictingObject: { classId: 8, logicalName: fromHex('0000010000FF'), attributeIndex: 2, dataIndex: 0 },
      fromValue: { type: 'octet-string', value: fromHex('07E10A0107000000 00FFC480'.replace(' ', '')) },
      toValue: { type: 'octet-string', value: fromHex('07E10A010701000000FFC480') },
      selectedValues: [],
    });
    const r = c.get({ classId: 7, logicalName: '1-0:99.1.0.255', attributeId: 2, accessSelection: access });
    expect(sent(r.commands)).toEqual([corpusVector('get-request-range-descriptor').hex]);
  });

  it('requests queue: the second goes out when the first has settled', () => {
    const c = associated();
    const a = c.get(energy);
    const b = c.get({ ...energy, logicalName: '1-0:2.8.0.255' });
    expect(sent(b.commands)).toEqual([]);
    const out = c.receive(getResponse(1, u32(1)));
    expect(kinds(out)).toEqual(['result', 'sendApdu']);
    expect(only(out, 'result').requestId).toBe(a.requestId);
    expect(sent(out)).toEqual(['C001C200030100020800FF0200']);
    expect(only(c.receive(getResponse(2, u32(2))), 'result').requestId).toBe(b.requestId);
  });

  it('an exception-response ends the request in flight with the meter’s words', () => {
    const c = associated();
    const { requestId } = c.get(energy);
    const e = only(c.receive(apdu({ type: 'exception-response', stateError: 'service-not-allowed', serviceError: { type: 'operation-not-possible' } })), 'error');
    expect(e).toMatchObject({ requestId, code: 'exception' });
    expect(e.message).toMatch(/exception-response \(service-not-allowed, operation-not-possible\)/);
    expect(c.state).toBe('associated');
  });
});

describe('GET with-list batching to the server max PDU', () => {
  const refs = Array.from({ length: 7 }, (_, i) => ({ classId: 1, logicalName: `0.0.96.1.${i}.255`, attributeId: 2 }));

  it('splits into requests that each fit the negotiated PDU and merges the results in order', () => {
    const c = associated({}, 0x007e1f, 40);
    const r = c.getWithList(refs);
    const results: DlmsData[] = [];
    let out = r.commands;
    let n = 0;
    const sizes: number[] = [];
    for (;;) {
      const req = sent(out);
      if (req.length === 0) break;
      const bytes = fromHex(req[0]!);
      sizes.push(bytes.length);
      const q = decodeApduBytes(bytes);
      if (q.type !== 'get-request-with-list' && q.type !== 'get-request-normal') throw new Error(q.type);
      const count = q.type === 'get-request-with-list' ? q.attributes.length : 1;
      const batch = Array.from({ length: count }, (_, i) => u32(n + i));
      n += count;
      results.push(...batch);
      out = c.receive(
        q.type === 'get-request-with-list'
          ? apdu({ type: 'get-response-with-list', invokeIdAndPriority: q.invokeIdAndPriority, results: batch.map((data) => ({ type: 'data', data })) })
          : getResponse(q.invokeIdAndPriority.invokeId, batch[0]!),
      );
      if (out.some((x) => x.kind === 'result')) break;
    }
    expect(sizes.length).toBeGreaterThan(1);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(40);
    expect(n).toBe(7);
    const res = only(out, 'result');
    expect(res.result).toEqual({ type: 'get-with-list', results: results.map((data) => ({ type: 'data', data })) });
  });

  it('without multiple-references every attribute is a get-request-normal of its own', () => {
    const c = associated({}, 0x007e1f & ~0x000200, 1024);
    const r = c.getWithList(refs.slice(0, 2));
    expect(sent(r.commands)).toEqual(['C001C1000100006001' + '00FF0200']);
    expect(sent(c.receive(getResponse(1, u32(0))))).toEqual(['C001C2000100006001' + '01FF0200']);
  });
});

describe('classic block transfer', () => {
  const big: DlmsData = { type: 'octet-string', value: Uint8Array.from({ length: 300 }, (_, i) => i & 0xff) };
  const raw = encodeDataBytes(big);
  const block = (n: number, last: boolean, part: Uint8Array, invokeId = 1): Uint8Array =>
    apdu({ type: 'get-response-with-datablock', invokeIdAndPriority: iip(invokeId), lastBlock: last, blockNumber: n, result: { type: 'raw-data', rawData: part } });

  it('get-response-with-datablock → get-request-next until last-block, reassembled, progress reported', () => {
    const c = associated();
    const { requestId } = c.get(energy);
    let out = c.receive(block(1, false, raw.subarray(0, 100)));
    expect(sent(out)).toEqual(['C002C100000001']);
    expect(only(out, 'progress')).toEqual({ kind: 'progress', requestId, blocks: 1, bytes: 100 });
    expect(c.state).toBe('receiving-blocks');
    expect(sent(c.receive(block(2, false, raw.subarray(100, 200))))).toEqual(['C002C100000002']);
    out = c.receive(block(3, true, raw.subarray(200)));
    expect(only(out, 'result').result).toEqual({ type: 'get', result: { type: 'data', data: big } });
    expect(c.state).toBe('associated');
  });

  it('a wrong block number ends the request with a block-number error', () => {
    const c = associated();
    const { requestId } = c.get(energy);
    c.receive(block(1, false, raw.subarray(0, 100)));
    const e = only(c.receive(block(3, false, raw.subarray(100, 200))), 'error');
    expect(e).toMatchObject({ requestId, code: 'block-number' });
    expect(e.message).toBe('get-response-with-datablock carries block 3, block 2 was expected');
    expect(c.state).toBe('associated');
  });

  it('a general-block-transfer in the middle of a classic transfer is a protocol error', () => {
    const c = associated({}, 0x607e1f);
    c.get(energy);
    c.receive(block(1, false, raw.subarray(0, 100)));
    const g = apdu({ type: 'general-block-transfer', lastBlock: true, streaming: false, window: 1, blockNumber: 1, blockNumberAck: 0, blockData: new Uint8Array(0) });
    expect(only(c.receive(g), 'error')).toMatchObject({ code: 'protocol-error', message: 'protocol error: gbt-block is not allowed in state receiving-blocks' });
  });

  it('SET with datablocks when the request exceeds the PDU (no GBT): blocks out, set-response-datablock acks', () => {
    const c = associated({}, 0x007e1f, 128);
    const { requestId, commands } = c.set({ classId: 1, logicalName: '0.0.96.1.0.255', attributeId: 2 }, big);
    const parts: Uint8Array[] = [];
    let out = commands;
    for (let n = 1; ; n++) {
      const [req] = sent(out);
      expect(fromHex(req!).length).toBeLessThanOrEqual(128);
      const q = decodeApduBytes(fromHex(req!));
      if (q.type !== 'set-request-with-first-datablock' && q.type !== 'set-request-with-datablock') throw new Error(q.type);
      if (n === 1 && q.type === 'set-request-with-first-datablock') expect(toHex(q.descriptor.instanceId)).toBe('0000600100FF');
      expect(q.datablock.blockNumber).toBe(n);
      parts.push(q.datablock.rawData);
      if (q.datablock.lastBlock) {
        out = c.receive(apdu({ type: 'set-response-last-datablock', invokeIdAndPriority: iip(1), result: 0, blockNumber: n }));
        break;
      }
      expect(c.state).toBe('sending-blocks');
      out = c.receive(apdu({ type: 'set-response-datablock', invokeIdAndPriority: iip(1), blockNumber: n }));
    }
    expect(parts.length).toBe(3);
    expect(toHex(cat(...parts))).toBe(toHex(raw));
    expect(only(out, 'result')).toEqual({ kind: 'result', requestId, result: { type: 'set', result: 0 } });
  });

  it('a set-response-datablock acknowledging the wrong block is a block-number error', () => {
    const c = associated({}, 0x007e1f, 128);
    c.set({ classId: 1, logicalName: '0.0.96.1.0.255', attributeId: 2 }, big);
    expect(only(c.receive(apdu({ type: 'set-response-datablock', invokeIdAndPriority: iip(1), blockNumber: 2 })), 'error').code).toBe('block-number');
  });

  it('ACTION with pblocks: action-request-with-first-pblock, action-response-next-pblock, action-response-normal', () => {
    const c = associated({}, 0x007e1f, 128);
    const { requestId, commands } = c.action({ classId: 18, logicalName: '0.0.44.0.0.255', methodId: 2 }, big);
    const first = decodeApduBytes(fromHex(sent(commands)[0]!));
    if (first.type !== 'action-request-with-first-pblock') throw new Error(first.type);
    expect(first.descriptor).toMatchObject({ classId: 18, methodId: 2 });
    const parts = [first.pblock.rawData];
    let out = c.receive(apdu({ type: 'action-response-next-pblock', invokeIdAndPriority: iip(1), blockNumber: 1 }));
    for (;;) {
      const q = decodeApduBytes(fromHex(sent(out)[0]!));
      if (q.type !== 'action-request-with-pblock') throw new Error(q.type);
      parts.push(q.pblock.rawData);
      if (q.pblock.lastBlock) break;
      out = c.receive(apdu({ type: 'action-response-next-pblock', invokeIdAndPriority: iip(1), blockNumber: q.pblock.blockNumber }));
    }
    expect(toHex(cat(...parts))).toBe(toHex(raw));
    out = c.receive(apdu({ type: 'action-response-normal', invokeIdAndPriority: iip(1), response: { result: 0 } }));
    expect(only(out, 'result')).toEqual({ kind: 'result', requestId, result: { type: 'action', result: 0 } });
  });

  it('ACTION normal with parameters and return data', () => {
    const c = associated();
    const r = c.action({ classId: 70, logicalName: '0.0.96.3.10.255', methodId: 1 }, { type: 'integer', value: 0 });
    expect(sent(r.commands)).toEqual(['C301C10046000060030AFF01010F00']);
    const out = c.receive(fromHex(corpusVector('action-response-with-data').hex.replace(/^C701C0/, 'C701C1')));
    expect(only(out, 'result').result.type).toBe('action');
  });
});

describe('object list, release, protocol errors', () => {
  it('readObjectList: Association LN attribute 2 into typed entries with access rights', () => {
    const c = associated();
    const r = c.readObjectList();
    expect(sent(r.commands)).toEqual(['C001C1000F0000280000FF0200']);
    const element = (classId: number, version: number, ln: string, attrs: [number, number][]): DlmsData => ({
      type: 'structure',
      items: [
        { type: 'long-unsigned', value: classId },
        { type: 'unsigned', value: version },
        { type: 'octet-string', value: fromHex(ln) },
        {
          type: 'structure',
          items: [
            { type: 'array', items: attrs.map(([id, mode]) => ({ type: 'structure', items: [{ type: 'integer', value: id }, { type: 'enum', value: mode }, { type: 'null-data' }] })) },
            { type: 'array', items: [{ type: 'structure', items: [{ type: 'integer', value: 1 }, { type: 'enum', value: 1 }] }] },
          ],
        },
      ],
    });
    const list: DlmsData = { type: 'array', items: [element(3, 0, '0100010800FF', [[1, 1], [2, 1], [3, 1]]), element(8, 0, '0000010000FF', [[2, 3]])] };
    const res = only(c.receive(getResponse(1, list)), 'result').result;
    if (res.type !== 'object-list') throw new Error(res.type);
    expect(res.entries.map((e) => [e.classId, e.obis, e.className])).toEqual([[3, '1-0:1.8.0*255', 'Register'], [8, '0-0:1.0.0*255', 'Clock']]);
    expect(res.entries[1]!.attributes).toEqual([{ attributeId: 2, access: 'read-and-write' }]);
    expect(res.entries[0]!.methods).toEqual([{ methodId: 1, access: 'access' }]);
  });

  it('release: RLRQ reason normal → RLRE → released', () => {
    const c = associated();
    expect(sent(c.release())).toEqual(['6203800100']);
    expect(c.state).toBe('awaiting-rlre');
    expect(kinds(c.receive(fromHex(corpusVector('rlre-normal').hex)))).toEqual(['released']);
    expect(c.state).toBe('released');
  });

  it('releaseOnDisconnect=false: released without an RLRQ', () => {
    const c = associated({ releaseOnDisconnect: false });
    expect(c.release()).toEqual([{ kind: 'released' }]);
  });

  it('a malformed RLRE (the Gurux server quirk) still releases, with a note', () => {
    const c = associated();
    c.release();
    const out = c.receive(fromHex('6305800100BE02'));
    expect(kinds(out)).toEqual(['error', 'released']);
  });

  it('a request before the association is refused with not-associated', () => {
    const c = client({ authentication: 'none' });
    const r = c.get(energy);
    expect(r.commands).toEqual([{ kind: 'error', requestId: r.requestId, code: 'not-associated', message: 'not associated (state idle): get cannot be sent' }]);
  });

  it('an input the table does not allow is a protocol error and changes nothing', () => {
    const c = associated();
    expect(c.receive(fromHex(corpusVector('rlre-normal').hex))).toEqual([{ kind: 'error', code: 'protocol-error', message: 'protocol error: rlre is not allowed in state associated' }]);
    expect(c.state).toBe('associated');
    expect(only(c.receive(getResponse(1, u32(1))), 'error').code).toBe('protocol-error');
  });

  it('abort fails the pending requests and returns to idle', () => {
    const c = associated();
    const a = c.get(energy);
    const b = c.get(energy);
    const out = c.abort('link lost');
    expect(out.map((x) => x.kind === 'error' && [x.requestId, x.code])).toEqual([[a.requestId, 'cancelled'], [b.requestId, 'cancelled']]);
    expect(c.state).toBe('idle');
  });

  it('timeout ends the request in flight; cancel removes a queued one', () => {
    const c = associated();
    const a = c.get(energy);
    const b = c.get(energy);
    expect(c.cancel(b.requestId)).toEqual([{ kind: 'error', requestId: b.requestId, code: 'cancelled', message: 'request cancelled' }]);
    expect(c.timeout()).toEqual([{ kind: 'error', requestId: a.requestId, code: 'timeout', message: 'no answer from the meter' }]);
    expect(c.state).toBe('associated');
  });
});
