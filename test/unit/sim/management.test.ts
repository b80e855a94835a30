// The management association (HLS-GMAC, authenticated and encrypted): ciphered GET/SET/ACTION,
// replay and deciphering failures, Disconnect control, Clock, Profile generic and Register methods,
// SET with datablocks and ACTION with pblocks; and SN referencing on a device with an SN association.
import { describe, expect, it } from 'vitest';
import { encodeApdu, type Apdu } from '../../../src-main/dlms/apdu';
import { build } from '../../../src-main/dlms/codec/byte-writer';
import { encodeData } from '../../../src-main/dlms/axdr/data';
import type { DlmsData } from '../../../src-main/dlms/axdr/types';
import { DATA_ACCESS_RESULT } from '../../../src-main/dlms/xdlms/common';
import { parseObis } from '../../../src-shared/cosem/device-file';
import { decodeApduBytes } from '../../../src-main/dlms/apdu';
import { AssociationServer, baseNameOf } from '../../../src-main/sim/server';
import { aarq, device, initiate, management, rig } from './helpers';

const iip = { invokeId: 7, serviceClass: 'confirmed', priority: 'high' } as const;
const ln = (o: string) => parseObis(o)!;

function session() {
  const m = management();
  const ask = (a: Apdu, tag: 0xc8 | 0xc9 | 0xcb) => m.c.open(m.r.send(m.c.seal(encodeApdu(a), tag))[0]!);
  const get = (classId: number, obis: string, attributeId: number): DlmsData | number => {
    const out = ask({ type: 'get-request-normal', invokeIdAndPriority: iip, descriptor: { classId, instanceId: ln(obis), attributeId } }, 0xc8);
    if (out.type !== 'get-response-normal') throw new Error(out.type);
    return out.result.type === 'data' ? out.result.data : out.result.result;
  };
  const act = (classId: number, obis: string, methodId: number, parameters: DlmsData = { type: 'integer', value: 0 }): number => {
    const out = ask({ type: 'action-request-normal', invokeIdAndPriority: iip, descriptor: { classId, instanceId: ln(obis), methodId }, parameters }, 0xcb);
    if (out.type !== 'action-response-normal') throw new Error(out.type);
    return out.response.result;
  };
  return { ...m, ask, get, act };
}

describe('management association (ciphered)', () => {
  it('remote_disconnect / remote_reconnect change output_state and control_state (control mode 4)', () => {
    const s = session();
    expect(s.act(70, '0-0:96.3.10.255', 1)).toBe(0);
    expect([s.get(70, '0-0:96.3.10.255', 2), s.get(70, '0-0:96.3.10.255', 3)]).toEqual([{ type: 'boolean', value: false }, { type: 'enum', value: 0 }]);
    expect(s.act(70, '0-0:96.3.10.255', 2)).toBe(0);
    expect([s.get(70, '0-0:96.3.10.255', 2), s.get(70, '0-0:96.3.10.255', 3)]).toEqual([{ type: 'boolean', value: true }, { type: 'enum', value: 1 }]);
  });

  it('Clock adjust_to_quarter, Register reset, Profile generic reset and capture', () => {
    const s = session();
    // the file's clock reads 2025-06-01 12:00:00 +02:00; shift it by 7.5 min and adjust back to a quarter
    expect(s.act(8, '0-0:1.0.0.255', 6, { type: 'long', value: 8 * 60 })).toBe(0);
    expect(s.act(8, '0-0:1.0.0.255', 1)).toBe(0);
    const t = s.get(8, '0-0:1.0.0.255', 2);
    expect(typeof t !== 'number' && t.type === 'octet-string' && Array.from(t.value.subarray(5, 8))).toEqual([12, 15, 0]);
    expect(s.act(3, '1-0:1.8.0.255', 1)).toBe(0);
    expect(s.get(3, '1-0:1.8.0.255', 2)).toEqual({ type: 'double-long-unsigned', value: 0 });
    expect(s.get(7, '1-0:99.1.0.255', 7)).toEqual({ type: 'double-long-unsigned', value: 35040 });
    expect(s.act(7, '1-0:99.1.0.255', 1)).toBe(0);
    expect(s.get(7, '1-0:99.1.0.255', 7)).toEqual({ type: 'double-long-unsigned', value: 0 });
    expect(s.act(7, '1-0:99.1.0.255', 2)).toBe(0);
    const buf = s.get(7, '1-0:99.1.0.255', 2);
    expect(typeof buf !== 'number' && buf.type === 'array' && buf.items[0]?.type === 'structure' && buf.items[0].items[2]).toEqual({ type: 'double-long-unsigned', value: 0 });
  });

  it('SET with datablocks writes the value once the last block arrives', () => {
    const s = session();
    const raw = build((w) => encodeData(w, { type: 'enum', value: 2 }));
    const desc = { classId: 70, instanceId: ln('0-0:96.3.10.255'), attributeId: 4 };
    const first = s.ask({ type: 'set-request-with-first-datablock', invokeIdAndPriority: iip, descriptor: desc, datablock: { lastBlock: false, blockNumber: 1, rawData: raw.subarray(0, 1) } }, 0xc9);
    expect(first).toEqual({ type: 'set-response-datablock', invokeIdAndPriority: iip, blockNumber: 1 });
    const last = s.ask({ type: 'set-request-with-datablock', invokeIdAndPriority: iip, datablock: { lastBlock: true, blockNumber: 2, rawData: raw.subarray(1) } }, 0xc9);
    expect(last).toEqual({ type: 'set-response-last-datablock', invokeIdAndPriority: iip, result: 0, blockNumber: 2 });
    expect(s.get(70, '0-0:96.3.10.255', 4)).toEqual({ type: 'enum', value: 2 });
    // out of sequence: block 3 without a transfer
    const stray = s.ask({ type: 'set-request-with-datablock', invokeIdAndPriority: iip, datablock: { lastBlock: true, blockNumber: 3, rawData: raw } }, 0xc9);
    expect(stray.type === 'set-response-last-datablock' && stray.result).toBe(DATA_ACCESS_RESULT['no-long-set-in-progress']);
  });

  it('ACTION with pblocks calls the method after the last block', () => {
    const s = session();
    const raw = build((w) => encodeData(w, { type: 'integer', value: 0 }));
    const d = { classId: 70, instanceId: ln('0-0:96.3.10.255'), methodId: 1 };
    expect(s.ask({ type: 'action-request-with-first-pblock', invokeIdAndPriority: iip, descriptor: d, pblock: { lastBlock: false, blockNumber: 1, rawData: raw.subarray(0, 1) } }, 0xcb)).toEqual({ type: 'action-response-next-pblock', invokeIdAndPriority: iip, blockNumber: 1 });
    const done = s.ask({ type: 'action-request-with-pblock', invokeIdAndPriority: iip, pblock: { lastBlock: true, blockNumber: 2, rawData: raw.subarray(1) } }, 0xcb);
    expect(done.type === 'action-response-normal' && done.response.result).toBe(0);
    expect(s.get(70, '0-0:96.3.10.255', 2)).toEqual({ type: 'boolean', value: false });
  });

  it('a replayed invocation counter gets invocation-counter-error with the expected counter; a bad tag deciphering-error; plain is refused', () => {
    const s = session();
    const get = encodeApdu({ type: 'get-request-normal', invokeIdAndPriority: iip, descriptor: { classId: 3, instanceId: ln('1-0:1.8.0.255'), attributeId: 2 } });
    const expected = s.c.ic;
    expect(decodeApduBytes(s.r.send(s.c.seal(get, 0xc8, 0x30, 1))[0]!)).toEqual({ type: 'exception-response', stateError: 'service-not-allowed', serviceError: { type: 'invocation-counter-error', invocationCounter: expected } });
    const sealed = s.c.seal(get, 0xc8);
    sealed[sealed.length - 1] = sealed[sealed.length - 1]! ^ 1;
    expect(decodeApduBytes(s.r.send(sealed)[0]!)).toEqual({ type: 'exception-response', stateError: 'service-not-allowed', serviceError: { type: 'deciphering-error' } });
    expect(decodeApduBytes(s.r.send(get)[0]!)).toEqual({ type: 'exception-response', stateError: 'service-not-allowed', serviceError: { type: 'operation-not-possible' } });
    // the public client reads the last counter accepted (3): a client continues with that + 1
    const pub = new AssociationServer(s.r.rt, 16, { now: () => 0, random: (n) => new Uint8Array(n) }); // same meter, another connection
    pub.handle(encodeApdu(aarq({ initiate: initiate(0x001a1f) })));
    const ic = decodeApduBytes(pub.handle(encodeApdu({ type: 'get-request-normal', invokeIdAndPriority: iip, descriptor: { classId: 1, instanceId: ln('0-0:43.1.1.255'), attributeId: 2 } })).replies[0]!);
    expect(ic.type === 'get-response-normal' && ic.result).toEqual({ type: 'data', data: { type: 'double-long-unsigned', value: expected - 1 } });
  });
});

describe('SN referencing', () => {
  const snDevice = () =>
    device('residential-meter', (j) => {
      (j.objects as unknown[]).push({ classId: 12, version: 2, obis: '0-0:40.0.4.255', name: 'Association SN' });
      (j.associations as unknown[]).push({
        name: 'sn-reader', clientAddress: 48, logicalName: '0-0:40.0.4.255', applicationContext: 'short-name',
        authentication: { mechanism: 0 }, security: { policy: 0, suite: 0, keys: 'default', securitySetup: '0-0:43.0.0.255' },
        conformance: ['read', 'write', 'multiple-references', 'parameterized-access'], maxPduSize: 1024, objects: 'all', defaultAccess: 'read-only',
      });
    });

  it('reads a register by base name and the object list of the Association SN; write is denied (read-only)', () => {
    const model = snDevice();
    const r = rig(model, 48);
    const aare = r.ask(aarq({ context: 2, initiate: initiate(0x1c0320) }));
    expect(aare.type === 'acse' && aare.apdu.type === 'AARE' && aare.apdu.userInformation?.type === 'initiateResponse' && aare.apdu.userInformation.vaaName).toBe(0xfa00);
    const reg = model.getObject('1-0:1.8.0.255')!;
    const assoc = model.getObject('0-0:40.0.4.255')!;
    expect(baseNameOf(model, assoc)).toBe(0xfa00);
    const bn = baseNameOf(model, reg);
    expect(bn % 8).toBe(0);
    const out = r.ask({ type: 'read-request', variables: [{ type: 'variable-name', variableName: bn + 8 }, { type: 'variable-name', variableName: 0xfa00 + 8 }, { type: 'variable-name', variableName: 0x0003 }] });
    if (out.type !== 'read-response') throw new Error(out.type);
    expect(out.results[0]).toEqual({ type: 'data', data: { type: 'double-long-unsigned', value: 12345678 } });
    const list = out.results[1];
    const entry = list?.type === 'data' && list.data.type === 'array' ? list.data.items.find((e) => e.type === 'structure' && e.items[1]?.type === 'long-unsigned' && e.items[1].value === 12) : undefined;
    expect(entry).toEqual({ type: 'structure', items: [{ type: 'long', value: 0xfa00 - 0x10000 }, { type: 'long-unsigned', value: 12 }, { type: 'unsigned', value: 2 }, { type: 'octet-string', value: ln('0-0:40.0.4.255') }] });
    expect(out.results[2]).toEqual({ type: 'data-access-error', result: DATA_ACCESS_RESULT['object-undefined'] });
    const w = r.ask({ type: 'write-request', variables: [{ type: 'variable-name', variableName: bn + 8 }], values: [{ type: 'double-long-unsigned', value: 1 }] });
    expect(w).toEqual({ type: 'write-response', results: [{ type: 'data-access-error', result: DATA_ACCESS_RESULT['read-write-denied'] }] });
    // LN services are refused on an SN association
    expect(r.ask({ type: 'get-request-normal', invokeIdAndPriority: iip, descriptor: { classId: 3, instanceId: ln('1-0:1.8.0.255'), attributeId: 2 } }).type).toBe('exception-response');
  });
});
