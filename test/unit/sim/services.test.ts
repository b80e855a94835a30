// xDLMS services of the simulator engine against the residential meter's device file: values read
// back as the file states them, access-rights refusals, block transfer, GBT, selective access.
import { describe, expect, it } from 'vitest';
import { decodeApduBytes, encodeApdu, type Apdu } from '../../../src-main/dlms/apdu';
import { decodeDataBytes } from '../../../src-main/dlms/axdr/data';
import type { DlmsData } from '../../../src-main/dlms/axdr/types';
import { DATA_ACCESS_RESULT } from '../../../src-main/dlms/xdlms/common';
import { entryDescriptorAccess, rangeDescriptorAccess } from '../../../src-main/dlms/xdlms/selective-access';
import { parseObis } from '../../../src-shared/cosem/device-file';
import { fromHex } from '../../../src-shared/hex';
import { aarq, device, deviceJson, initiate, rig, type Rig } from './helpers';

const iip = { invokeId: 5, serviceClass: 'confirmed', priority: 'high' } as const;
const ln = (obis: string): Uint8Array => parseObis(obis)!;
const getNormal = (classId: number, obis: string, attributeId: number, accessSelection?: ReturnType<typeof entryDescriptorAccess>): Apdu =>
  accessSelection
    ? { type: 'get-request-normal', invokeIdAndPriority: iip, descriptor: { classId, instanceId: ln(obis), attributeId }, accessSelection }
    : { type: 'get-request-normal', invokeIdAndPriority: iip, descriptor: { classId, instanceId: ln(obis), attributeId } };

/** The reader association (client 32, LLS), with the conformance it proposes. */
/** get, selective-access, multiple-references, block-transfer-with-get-or-read (and set, action: not offered). */
function reader(conformance = 0x001a1f, maxPdu = 1024, edit?: Parameters<typeof device>[1]): Rig {
  const r = rig(device('residential-meter', edit), 32);
  const aare = r.ask(aarq({ mechanism: 1, value: new TextEncoder().encode('12345678'), initiate: initiate(conformance, maxPdu) }));
  if (aare.type !== 'acse' || aare.apdu.type !== 'AARE' || aare.apdu.result !== 'accepted') throw new Error('reader association refused');
  return r;
}

function resultOf(a: Apdu): DlmsData | number {
  if (a.type !== 'get-response-normal') throw new Error(`not get-response-normal: ${a.type}`);
  return a.result.type === 'data' ? a.result.data : a.result.result;
}

describe('GET against the device file', () => {
  const json = deviceJson('residential-meter') as { objects: { classId: number; obis: string; attributes: Record<string, Record<string, unknown>> }[] };
  const registers = json.objects.filter((o) => o.classId === 3);

  it.each(registers.map((o) => [o.obis, o] as const))('register %s: value and scaler_unit as the file gives them', (obis, o) => {
    const r = reader();
    const [type, value] = Object.entries(o.attributes['2']!)[0]!;
    expect(resultOf(r.ask(getNormal(3, obis, 2)))).toEqual({ type, value });
    const su = o.attributes['3']!.structure as Record<string, number>[];
    expect(resultOf(r.ask(getNormal(3, obis, 3)))).toEqual({ type: 'structure', items: [{ type: 'integer', value: su[0]!.integer }, { type: 'enum', value: su[1]!.enum }] });
  });

  it('with-list answers each attribute in order', () => {
    const r = reader();
    const out = r.ask({ type: 'get-request-with-list', invokeIdAndPriority: iip, attributes: [{ descriptor: { classId: 3, instanceId: ln('1-0:1.8.0.255'), attributeId: 2 } }, { descriptor: { classId: 1, instanceId: ln('0-0:96.1.0.255'), attributeId: 2 } }, { descriptor: { classId: 3, instanceId: ln('1-0:9.9.9.255'), attributeId: 2 } }] });
    expect(out.type === 'get-response-with-list' && out.results).toEqual([
      { type: 'data', data: { type: 'double-long-unsigned', value: 12345678 } },
      { type: 'data', data: { type: 'octet-string', value: new TextEncoder().encode('12345678') } },
      { type: 'data-access-result', result: DATA_ACCESS_RESULT['object-undefined'] },
    ]);
  });

  it('refusals: undefined object, wrong class, not in the association, no access', () => {
    const pub = rig(device('residential-meter'), 16);
    pub.ask(aarq({ initiate: initiate(0x00181f) }));
    expect(resultOf(pub.ask(getNormal(3, '1-0:1.8.0.255', 2)))).toBe(DATA_ACCESS_RESULT['object-unavailable']); // not in the public list
    expect(resultOf(pub.ask(getNormal(1, '1-2:3.4.5.6', 2)))).toBe(DATA_ACCESS_RESULT['object-undefined']);
    expect(resultOf(pub.ask(getNormal(3, '0-0:96.1.0.255', 2)))).toBe(DATA_ACCESS_RESULT['object-class-inconsistent']);
    expect(resultOf(pub.ask(getNormal(1, '0-0:96.1.0.255', 9)))).toBe(DATA_ACCESS_RESULT['object-undefined']);
    // an access right of no-access: read-write-denied
    const noAccess = (j: Record<string, unknown>) => ((j.associations as { accessRights?: unknown[] }[])[1]!.accessRights = [{ obis: '0-0:96.1.0.255', attributes: { '2': 'no-access' } }]);
    expect(resultOf(reader(undefined, undefined, noAccess).ask(getNormal(1, '0-0:96.1.0.255', 2)))).toBe(DATA_ACCESS_RESULT['read-write-denied']);
    // the reader association offers no SET: the service itself is refused
    const set = reader(0x001a1f | 0x000008).ask({ type: 'set-request-normal', invokeIdAndPriority: iip, descriptor: { classId: 8, instanceId: ln('0-0:1.0.0.255'), attributeId: 3 }, value: { type: 'long', value: 0 } });
    expect(set).toEqual({ type: 'exception-response', stateError: 'service-not-allowed', serviceError: { type: 'service-not-supported' } });
  });

  it("the current association's object list shows what the public client may see", () => {
    const pub = rig(device('residential-meter'), 16);
    pub.ask(aarq({ initiate: initiate(0x00181f) }));
    const list = resultOf(pub.ask(getNormal(15, '0-0:40.0.0.255', 2)));
    if (typeof list === 'number' || list.type !== 'array') throw new Error('no object list');
    const names = list.items.map((e) => (e.type === 'structure' && e.items[2]?.type === 'octet-string' ? Array.from(e.items[2].value).join('.') : '?'));
    expect(names).toEqual(['0.0.42.0.0.255', '0.0.1.0.0.255', '1.0.0.2.0.255', '0.0.96.1.0.255', '0.0.40.0.0.255', '0.0.40.0.1.255', '0.0.43.1.1.255']);
  });

  it('the invocation counter object is readable by the public client', () => {
    const pub = rig(device('residential-meter'), 16);
    pub.ask(aarq({ initiate: initiate(0x00181f) }));
    expect(resultOf(pub.ask(getNormal(1, '0-0:43.1.1.255', 2)))).toEqual({ type: 'double-long-unsigned', value: 0 });
  });

  it('a GET before any AARQ is an exception-response', () => {
    const r = rig(device('residential-meter'), 16);
    expect(r.ask(getNormal(3, '1-0:1.8.0.255', 2))).toEqual({ type: 'exception-response', stateError: 'service-not-allowed', serviceError: { type: 'operation-not-possible' } });
  });
});

describe('load profile: selective access, block transfer, GBT', () => {
  const profile = '1-0:99.1.0.255';
  const clock = { classId: 8, logicalName: ln('0-0:1.0.0.255'), attributeIndex: 2, dataIndex: 0 };
  // 2025-01-01 00:00 and 01:00 local (+01:00), deviation -60 (0xFFC4)
  const at = (hh: string): DlmsData => ({ type: 'octet-string', value: fromHex(`07E9010103${hh}000000FFC400`) });

  it('range on the clock column: 00:00..01:00 local is 5 rows of 15 minutes', () => {
    const r = reader();
    const rows = resultOf(r.ask(getNormal(7, profile, 2, rangeDescriptorAccess({ restrictingObject: clock, fromValue: at('00'), toValue: at('01'), selectedValues: [] }))));
    if (typeof rows === 'number' || rows.type !== 'array') throw new Error('no rows');
    expect(rows.items).toHaveLength(5);
    const first = rows.items[0]!;
    // first row: the generator's start (2024-12-31T23:00Z = 00:00 local) and the +A counter's start value
    expect(first.type === 'structure' && first.items[0]).toEqual(at('00'));
    expect(first.type === 'structure' && first.items[2]).toEqual({ type: 'double-long-unsigned', value: 8500000 });
  });

  it('entry descriptor: rows 3..4, columns 1..2', () => {
    const r = reader();
    const rows = resultOf(r.ask(getNormal(7, profile, 2, entryDescriptorAccess({ fromEntry: 3, toEntry: 4, fromSelectedValue: 1, toSelectedValue: 2 }))));
    expect(rows).toEqual({ type: 'array', items: [0, 1].map((k) => ({ type: 'structure', items: [{ type: 'octet-string', value: fromHex(`07E901010300${k === 0 ? '1E' : '2D'}0000FFC400`) }, { type: 'unsigned', value: 0 }] })) });
  });

  it('a long response goes in datablocks; get-request-next collects them; a repeated next re-sends', () => {
    const r = reader(0x00181f, 256);
    const sel = entryDescriptorAccess({ fromEntry: 1, toEntry: 40, fromSelectedValue: 1, toSelectedValue: 0 });
    const direct = reader(0x00181f, 0xffff).ask(getNormal(7, profile, 2, sel));
    let reply = r.ask(getNormal(7, profile, 2, sel));
    const parts: Uint8Array[] = [];
    let n = 0;
    while (reply.type === 'get-response-with-datablock') {
      expect(reply.blockNumber).toBe(++n);
      expect(encodeApdu(reply).length).toBeLessThanOrEqual(256);
      if (reply.result.type !== 'raw-data') throw new Error('block error');
      parts.push(reply.result.rawData);
      if (reply.lastBlock) break;
      if (n === 2) {
        // the client pretends block 2 was lost: asks again after block 1, gets block 2 again
        const again = r.ask({ type: 'get-request-next', invokeIdAndPriority: iip, blockNumber: 1 });
        expect(again.type === 'get-response-with-datablock' && again.blockNumber).toBe(2);
      }
      reply = r.ask({ type: 'get-request-next', invokeIdAndPriority: iip, blockNumber: n });
    }
    expect(n).toBeGreaterThan(3);
    const whole = decodeDataBytes(Uint8Array.from(parts.flatMap((p) => [...p])));
    expect(whole).toEqual(resultOf(direct));
    const after = r.ask({ type: 'get-request-next', invokeIdAndPriority: iip, blockNumber: n });
    expect(after.type === 'get-response-with-datablock' && after.result).toEqual({ type: 'data-access-result', result: DATA_ACCESS_RESULT['no-long-get-in-progress'] });
  });

  it('with GBT negotiated the response streams in the client window, lost blocks are re-sent', () => {
    const withGbt = (j: Record<string, unknown>) => {
      const a = (j.associations as { conformance: string[] }[])[1]!;
      a.conformance.push('general-block-transfer');
    };
    const r = reader(0x00181f | 0x200000, 256, withGbt);
    const sel = entryDescriptorAccess({ fromEntry: 1, toEntry: 40, fromSelectedValue: 1, toSelectedValue: 0 });
    const first = r.send(getNormal(7, profile, 2, sel)).map(decodeApduBytes);
    expect(first).toHaveLength(1); // window 1 until the client states its window
    const gbt = (blockNumber: number, ack: number, window: number): Apdu => ({ type: 'general-block-transfer', lastBlock: false, streaming: false, window, blockNumber, blockNumberAck: ack, blockData: new Uint8Array(0) });
    const blocks = new Map<number, Uint8Array>();
    const take = (frames: Apdu[]) =>
      frames.map((f) => {
        if (f.type !== 'general-block-transfer') throw new Error(f.type);
        blocks.set(f.blockNumber, f.blockData);
        return f;
      });
    take(first);
    let win = take(r.send(gbt(1, 1, 3)).map(decodeApduBytes));
    expect(win.map((f) => [f.blockNumber, f.streaming])).toEqual([[2, true], [3, true], [4, false]]);
    // block 3 "lost": ack 2, the server goes back to 3
    win = take(r.send(gbt(2, 2, 3)).map(decodeApduBytes));
    expect(win.map((f) => f.blockNumber)).toEqual([3, 4, 5]);
    let last = win[win.length - 1]!;
    let k = 3;
    while (!last.lastBlock) {
      win = take(r.send(gbt(k++, last.blockNumber, 3)).map(decodeApduBytes));
      last = win[win.length - 1]!;
    }
    const total = last.blockNumber;
    const apdu = decodeApduBytes(Uint8Array.from(Array.from({ length: total }, (_, i) => [...blocks.get(i + 1)!]).flat()));
    expect(resultOf(apdu)).toEqual(resultOf(reader(0x00181f, 0xffff).ask(getNormal(7, profile, 2, sel))));
    expect(r.send(gbt(k, total, 3))).toEqual([]); // acknowledging the last block ends the transfer
  });

  it('refuse-gbt fault: GBT is never negotiated', () => {
    const r = rig(device('residential-meter', (j) => (j.associations as { conformance: string[] }[])[1]!.conformance.push('general-block-transfer')), 32);
    r.faults.refuseGbt = true;
    const aare = r.ask(aarq({ mechanism: 1, value: new TextEncoder().encode('12345678'), initiate: initiate(0x20181f) }));
    const ui = aare.type === 'acse' && aare.apdu.type === 'AARE' ? aare.apdu.userInformation : undefined;
    expect(ui?.type === 'initiateResponse' && ui.negotiatedConformance['general-block-transfer']).toBe(false);
  });

  it('exception fault: request N gets an exception-response', () => {
    const r = reader();
    r.faults.exceptionOnRequest = 3; // 1 = AARQ
    expect(r.ask(getNormal(3, '1-0:1.8.0.255', 2)).type).toBe('get-response-normal');
    expect(r.ask(getNormal(3, '1-0:1.8.0.255', 2))).toEqual({ type: 'exception-response', stateError: 'service-not-allowed', serviceError: { type: 'other-reason' } });
  });
});
