// With-list reads of a whole meter, as `meterscope read` does them, against the simulator's
// residential meter: attributes that are large by nature (object_list, profile buffers and
// capture_objects, arrays of structures) never go into a GET with-list request (the Gurux C++
// server died of heap corruption on one naming Association LN object_list).
import { afterEach, describe, expect, it } from 'vitest';
import type { Apdu } from '../../../src-main/dlms/apdu';
import { readAllAttributes } from '../../../src-main/session/read-all';
import { Session } from '../../../src-main/session/session';
import type { SessionEvent } from '../../../src-main/session/types';
import { startSimulator, type SimulatorHandle, type SimulatorTransport } from '../../../src-main/sim/index';
import { clientApdus, compareWithDevice, readerSettings } from './helpers';

// The Blue Book's arrays of structures (and the profile buffer) among the classes of the
// residential meter, as class:attribute: Association LN object_list and user_list, Profile generic
// buffer and capture_objects, SAP assignment list, Image transfer image_to_activate_info, Push
// setup push_object_list and communication_window, IPv4 setup IP_options, Security setup certificates.
const LARGE = new Set(['15:2', '15:10', '7:2', '7:3', '17:2', '18:7', '40:2', '40:4', '42:5', '64:6']);
const LOAD_PROFILE = '1.0.99.1.0.255'; // a year of 15-minute rows: its buffer is read by range, not here
const CURRENT_ASSOCIATION = '0.0.40.0.0.255';
const ln = (b: Uint8Array): string => Array.from(b).join('.');

const running: SimulatorHandle[] = [];
const sessions: Session[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

async function sim(transport: SimulatorTransport): Promise<SimulatorHandle> {
  const s = await startSimulator({ port: 0, transport });
  running.push(s);
  return s;
}

function reader(s: SimulatorHandle): { session: Session; events: SessionEvent[] } {
  const session = new Session({ settings: readerSettings(s), ledger: 'memory' });
  const events: SessionEvent[] = [];
  session.on((e) => events.push(e));
  sessions.push(session);
  return { session, events };
}

const key = (classId: number, attributeId: number): string => `${classId}:${attributeId}`;
const named = (d: { classId: number; instanceId: Uint8Array; attributeId: number }): string => `${key(d.classId, d.attributeId)} ${ln(d.instanceId)}`;

/** What each GET request named: lists and single requests, as "class:attr obis". */
function getRequests(apdus: Apdu[]): { lists: string[][]; singles: string[] } {
  const lists: string[][] = [];
  const singles: string[] = [];
  for (const a of apdus) {
    if (a.type === 'get-request-with-list') lists.push(a.attributes.map((x) => named(x.descriptor)));
    else if (a.type === 'get-request-normal') singles.push(named(a.descriptor));
  }
  return { lists, singles };
}

describe.each(['hdlc-tcp', 'wrapper-tcp'] as const)('a whole-meter with-list read over %s', (transport) => {
  it('sends no with-list request naming an attribute large by nature; those go one by one; values match the device file', async () => {
    const s = await sim(transport);
    const { session, events } = reader(s);
    const info = await session.connect();
    expect(info.negotiatedConformance).toContain('multiple-references');
    const list = await session.readObjectList();
    const from = events.length;
    const { readings, notices } = await readAllAttributes(session, list, { skip: (e, a) => ln(e.logicalName) === LOAD_PROFILE && a === 2 });
    expect(notices).toEqual([]);

    const { lists, singles } = getRequests(clientApdus(events.slice(from)));
    expect(lists.length).toBeGreaterThan(3);
    const listed = lists.flat();
    expect(listed.filter((x) => LARGE.has(x.split(' ')[0]!))).toEqual([]);
    // Every attribute was asked for exactly once, in a list or alone.
    expect(listed.length + singles.length).toBe(readings.length);
    expect(new Set([...listed, ...singles]).size).toBe(readings.length);
    // The large ones the association may read went alone: the current association's object list,
    // the event log's buffer and capture_objects among them.
    const large = readings.filter((r) => LARGE.has(key(r.entry.classId, r.attributeId))).map((r) => `${key(r.entry.classId, r.attributeId)} ${ln(r.entry.logicalName)}`);
    expect(large.length).toBeGreaterThanOrEqual(4);
    expect(singles.sort()).toEqual(large.sort());
    expect(large).toContain(`15:2 ${CURRENT_ASSOCIATION}`);
    expect(large.filter((x) => x.startsWith('7:'))).toHaveLength(3); // event log buffer + capture_objects, load profile capture_objects

    const { matched, mismatches } = compareWithDevice(s.device, readings);
    expect(mismatches).toEqual([]);
    expect(matched).toBeGreaterThan(60);
    // The object list read alone is the association's view, whole.
    const view = readings.find((r) => r.attributeId === 2 && ln(r.entry.logicalName) === CURRENT_ASSOCIATION);
    expect(view?.result.ok && view.result.data.type === 'array' ? view.result.data.items.length : -1).toBe(list.length);
  });
});
