// General block transfer playbooks: the seed's rule (a GBT answer is continued with GBT, never
// get-request-next), streaming windows, lost-block recovery, the client's own long requests.
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../src-shared/hex';
import { decodeApduBytes, encodeApdu } from '../../../src-main/dlms/apdu';
import type { DlmsData } from '../../../src-main/dlms/axdr/types';
import { GBT_MAX_RECOVERY } from '../../../src-main/dlms/association/gbt';
import { apdu, associated, cat, iip, kinds, only, sent } from './helpers';

const GBT_CONF = 0x607e1f; // general-block-transfer + the usual LN set
const big: DlmsData = { type: 'octet-string', value: Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff) };
const response = apdu({ type: 'get-response-normal', invokeIdAndPriority: iip(1), result: { type: 'data', data: big } });
const parts = (b: Uint8Array, n: number): Uint8Array[] => Array.from({ length: n }, (_, i) => b.subarray(Math.floor((i * b.length) / n), Math.floor(((i + 1) * b.length) / n)));
const gbt = (blockNumber: number, data: Uint8Array, o: { last?: boolean; streaming?: boolean; window?: number; ack?: number } = {}): Uint8Array =>
  apdu({ type: 'general-block-transfer', lastBlock: o.last ?? false, streaming: o.streaming ?? false, window: o.window ?? 1, blockNumber, blockNumberAck: o.ack ?? 0, blockData: data });
const energy = { classId: 3, logicalName: '1-0:1.8.0.255', attributeId: 2 };

describe('the meter answers with GBT: the client follows GBT to the end (the seed)', () => {
  it('acks each block with a GBT APDU, never get-request-next, and reassembles the response', () => {
    const c = associated({}, GBT_CONF);
    const { requestId } = c.get(energy);
    const [p1, p2] = parts(response, 2);
    const out1 = c.receive(gbt(1, p1!));
    // E0, block-control 01 (not last, not streaming, window 1), block-number 1, ack 1, no data
    expect(sent(out1)).toEqual(['E0010001000100']);
    expect(sent(out1).some((h) => h.startsWith('C002'))).toBe(false);
    expect(c.state).toBe('gbt-receiving');
    expect(only(out1, 'progress')).toEqual({ kind: 'progress', requestId, blocks: 1, bytes: p1!.length });
    const out2 = c.receive(gbt(2, p2!, { last: true }));
    expect(sent(out2)).toEqual([]);
    expect(only(out2, 'result').result).toEqual({ type: 'get', result: { type: 'data', data: big } });
    expect(c.state).toBe('associated');
  });

  it('a classic datablock inside GBT: the get-request-next itself goes out inside GBT', () => {
    const c = associated({}, GBT_CONF);
    c.get(energy);
    const raw = encodeApdu({ type: 'get-response-normal', invokeIdAndPriority: iip(1), result: { type: 'data', data: big } }).subarray(4); // the Data
    const [r1, r2] = parts(raw, 2);
    const inner1 = apdu({ type: 'get-response-with-datablock', invokeIdAndPriority: iip(1), lastBlock: false, blockNumber: 1, result: { type: 'raw-data', rawData: r1! } });
    const out = c.receive(gbt(1, inner1, { last: true }));
    // E0 81 0001 0000 07 C0 02 C1 00000001
    expect(sent(out)).toEqual(['E0810001000007C002C100000001']);
    const inner2 = apdu({ type: 'get-response-with-datablock', invokeIdAndPriority: iip(1), lastBlock: true, blockNumber: 2, result: { type: 'raw-data', rawData: r2! } });
    const done = c.receive(gbt(1, inner2, { last: true, ack: 1 }));
    expect(only(done, 'result').result).toEqual({ type: 'get', result: { type: 'data', data: big } });
  });
});

describe('streaming, windows and lost blocks', () => {
  it('window 3: block 2 lost, the end of the window is acked with ack 1, the meter resends 2..4', () => {
    const c = associated({ gbtWindowSize: 3 }, GBT_CONF);
    c.get(energy);
    const [b1, b2, b3, b4] = parts(response, 4);
    expect(sent(c.receive(gbt(1, b1!, { streaming: true, window: 3 })))).toEqual([]);
    // block 2 never arrives; block 3 closes the window (streaming 0)
    const ack = sent(c.receive(gbt(3, b3!, { window: 3 })));
    expect(ack).toEqual(['E0030001000100']); // window 3, own block 1, ack 1: "send from 2 on"
    expect(sent(c.receive(gbt(2, b2!, { streaming: true, window: 3 })))).toEqual([]);
    expect(sent(c.receive(gbt(3, b3!, { streaming: true, window: 3 })))).toEqual([]);
    const out = c.receive(gbt(4, b4!, { last: true, window: 3 }));
    expect(only(out, 'result').result).toEqual({ type: 'get', result: { type: 'data', data: big } });
  });

  it('a stalled stream: each timeout asks again for the missing blocks, then gives up', () => {
    const c = associated({ gbtWindowSize: 3 }, GBT_CONF);
    const { requestId } = c.get(energy);
    const [b1] = parts(response, 4);
    c.receive(gbt(1, b1!, { streaming: true, window: 3 }));
    for (let i = 0; i < GBT_MAX_RECOVERY; i++) {
      const out = c.timeout();
      expect(sent(out)).toEqual([`E003${(i + 1).toString(16).padStart(4, '0').toUpperCase()}000100`]);
      expect(c.state).toBe('gbt-receiving');
    }
    const e = only(c.timeout(), 'error');
    expect(e).toMatchObject({ requestId, code: 'timeout' });
    expect(c.state).toBe('associated');
  });

  it('a block number outside the transfer is a block-number error', () => {
    const c = associated({}, GBT_CONF);
    c.get(energy);
    const [b1, b2] = parts(response, 2);
    c.receive(gbt(1, b1!));
    c.receive(gbt(2, b2!.subarray(0, 3), { streaming: true }));
    const e = only(c.receive(gbt(70, b2!)), 'error');
    expect(e.code).toBe('block-number');
  });
});

describe('the client sends a long request with GBT when negotiated', () => {
  it('SET of 300 bytes over a 128-byte PDU: block 1 alone, then the meter’s window, then the response in GBT', () => {
    const c = associated({}, GBT_CONF, 128);
    const ref = { classId: 1, logicalName: '0.0.96.1.0.255', attributeId: 2 };
    const { requestId, commands } = c.set(ref, big);
    const whole = encodeApdu({ type: 'set-request-normal', invokeIdAndPriority: iip(1), descriptor: { classId: 1, instanceId: fromHex('0000600100FF'), attributeId: 2 }, value: big });
    const blocks: Uint8Array[] = [];
    const first = decodeApduBytes(fromHex(sent(commands)[0]!));
    if (first.type !== 'general-block-transfer') throw new Error(first.type);
    expect(first).toMatchObject({ blockNumber: 1, lastBlock: false, streaming: false, window: 1 });
    expect(fromHex(sent(commands)[0]!).length).toBeLessThanOrEqual(128);
    blocks.push(first.blockData);
    expect(c.state).toBe('gbt-sending');
    const next = sent(c.receive(gbt(1, new Uint8Array(0), { ack: 1, window: 2 }))).map((h) => decodeApduBytes(fromHex(h)));
    expect(next.map((g) => g.type === 'general-block-transfer' && [g.blockNumber, g.streaming, g.lastBlock])).toEqual([[2, true, false], [3, false, true]]);
    for (const g of next) if (g.type === 'general-block-transfer') blocks.push(g.blockData);
    expect(toHex(cat(...blocks))).toBe(toHex(whole));
    const reply = apdu({ type: 'set-response-normal', invokeIdAndPriority: iip(1), result: 0 });
    const out = c.receive(gbt(2, reply, { last: true, ack: 3 }));
    expect(kinds(out)).toEqual(['result']);
    expect(only(out, 'result')).toEqual({ kind: 'result', requestId, result: { type: 'set', result: 0 } });
  });
});
