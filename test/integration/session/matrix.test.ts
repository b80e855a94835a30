// The matrix of ARCHITECTURE.md §5 / issue "Client sessions": wrapper × HDLC over real loopback
// sockets × {none, low, HLS-GMAC, HLS-SHA256} × {no ciphering, authenticated+encrypted}. Each
// combination connects, reads the object list (block transfer at a 512-byte PDU) and every
// readable attribute, and checks the values against the device file; profile buffers are read
// by entry (the first day) and checked against the generated rows. One simulator per transport.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../../src-main/sim/index';
import { Session } from '../../../src-main/session/session';
import { readAllAttributes } from '../../../src-main/session/read-all';
import { MemoryCounterLedger } from '../../../src-main/session/ic-ledger';
import type { DeviceModel } from '../../../src-main/sim/device-model';
import { COMBOS, compareWithDevice, comboSettings, matrixDevice } from './helpers';

const device: DeviceModel = matrixDevice();
// One ledger for the whole matrix, as on an engineer's machine: the meter remembers the last
// invocation counter per client system title, so a counter must never start again at 0.
const ledger = new MemoryCounterLedger();

describe.each(['wrapper-tcp', 'hdlc-tcp'] as const)('matrix over %s', (transport) => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({ device, port: 0, transport });
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it.each(COMBOS.map((c) => [`${c.auth} / ${c.policy}`, c] as const))('%s: object list and every readable attribute match the device file', async (_name, combo) => {
    const session = new Session({ settings: comboSettings(combo, transport, sim.port), ledger });
    const progress: number[] = [];
    session.on((e) => {
      if (e.kind === 'progress') progress.push(e.blocks);
    });
    const info = await session.connect();
    expect(info.mechanism).toBe({ none: 0, low: 1, 'high-gmac': 5, 'high-sha256': 6 }[combo.auth as string]);
    expect(info.serverMaxReceivePduSize).toBe(512);
    expect(info.applicationContextName.endsWith(combo.policy === 'none' ? '.1' : '.3')).toBe(true);

    const list = await session.readObjectList();
    const assocObjects = device.associationForClient(combo.clientAddress)!.objects;
    const lnHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
    expect(list.map((e) => lnHex(e.logicalName)).sort()).toEqual(assocObjects.map((o) => lnHex(o.logicalName)).sort());
    expect(list.length).toBeGreaterThan(40);
    for (const e of list) {
      const o = device.getObject(e.logicalName)!;
      expect([e.classId, e.version]).toEqual([o.classId, o.version]);
    }
    // The object list does not fit 512 bytes: it came in blocks.
    expect(progress.length).toBeGreaterThan(0);

    // Alternate GET normal and GET with-list across the combinations.
    const withList = COMBOS.indexOf(combo) % 2 === 1;
    const { readings, notices } = await readAllAttributes(session, list, { withList, skip: (e, a) => e.classId === 7 && a === 2 });
    expect(notices).toEqual([]);
    const { matched, mismatches } = compareWithDevice(device, readings);
    expect(mismatches).toEqual([]);
    expect(matched).toBeGreaterThan(150);

    // Profile buffers: the first day of the load profile by entry, against the generated rows.
    const lp = device.getObject('1-0:99.1.0.255')!;
    const rows = await session.readProfile('1-0:99.1.0.255', { fromEntry: 1, toEntry: 96 });
    expect(rows).toHaveLength(96);
    expect(JSON.stringify(rows[95], big)).toBe(JSON.stringify(lp.profile!.row(95), big));
    await session.close();
    expect(session.state).toBe('closed');
  });
});

function big(_k: string, v: unknown): unknown {
  return v instanceof Uint8Array ? Buffer.from(v).toString('hex') : typeof v === 'bigint' ? v.toString() : v;
}
