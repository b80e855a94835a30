// A meter that refuses a GET with-list request as a whole: the engine reads the list one by one
// and says so in a notice; the Session passes the notice through (getManyWithNotices, and as a
// warning event) and remembers the meter (host:port + server address) for its own life, so the
// association after a reconnect sends no list at all. Against the simulator's residential meter.
import { afterEach, describe, expect, it } from 'vitest';
import { ListRefusals } from '../../../src-main/session/list-refusals';
import { Session } from '../../../src-main/session/session';
import type { SessionEvent } from '../../../src-main/session/types';
import { startSimulator, type SimulatorHandle } from '../../../src-main/sim/index';
import { clientApdus, readerSettings } from './helpers';

const running: SimulatorHandle[] = [];
const sessions: Session[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

async function sim(): Promise<SimulatorHandle> {
  const s = await startSimulator({ port: 0, transport: 'wrapper-tcp' });
  running.push(s);
  return s;
}

function reader(s: SimulatorHandle, listRefusals?: ListRefusals): { session: Session; events: SessionEvent[] } {
  const session = new Session({ settings: readerSettings(s), ledger: 'memory', ...(listRefusals ? { listRefusals } : {}) });
  const events: SessionEvent[] = [];
  session.on((e) => events.push(e));
  sessions.push(session);
  return { session, events };
}

describe('a meter that refuses lists', () => {
  const specs = (s: SimulatorHandle): { obis: string; attributeId: number; classId: number }[] =>
    s.device.objects.filter((o) => o.classId === 3).slice(0, 12).map((o) => ({ obis: o.obis, attributeId: 2, classId: 3 }));
  const expected = (s: SimulatorHandle): string[] => specs(s).map((x) => JSON.stringify({ type: 'data', data: s.device.getObject(x.obis)!.get(2) }, big));

  it('getMany passes the notice through (and as a warning event); after a reconnect the Session sends no list', async () => {
    const s = await sim();
    s.setFaults({ exceptionOnRequest: 2 }); // the AARQ is APDU 1, the first list APDU 2
    const { session, events } = reader(s);
    await session.connect();
    expect(session.meterRefusesLists).toBe(false);
    const first = await session.getManyWithNotices(specs(s));
    expect(first.results.map((r) => JSON.stringify(r, big))).toEqual(expected(s));
    expect(first.notices).toHaveLength(1);
    expect(first.notices[0]).toMatch(/refused a list of 10 attributes .*one by one/);
    expect(events.filter((e) => e.kind === 'warning').map((e) => (e as { message: string }).message)).toEqual(first.notices);
    expect(session.meterRefusesLists).toBe(true);
    const firstRequests = clientApdus(events).map((a) => a.type);
    expect(firstRequests.filter((t) => t === 'get-request-with-list')).toHaveLength(1);
    await session.close();

    // The meter would take lists now; the Session still remembers that it refused one.
    s.setFaults({});
    const from = events.length;
    await session.connect();
    const again = await session.getManyWithNotices(specs(s));
    expect(again.results.map((r) => JSON.stringify(r, big))).toEqual(expected(s));
    const sent = clientApdus(events.slice(from)).map((a) => a.type);
    expect(sent).toEqual(['acse', ...Array.from({ length: 12 }, () => 'get-request-normal')]);
    expect(again.notices).toEqual([`${session.meterKey} refused a list earlier in this session: the 12 attributes were read one by one`]);
    // getMany gives the same results without the notices
    expect((await session.getMany(specs(s).slice(0, 2))).map((r) => JSON.stringify(r, big))).toEqual(expected(s).slice(0, 2));

    // The memory is the Session's: a new Session tries lists again ...
    const fresh = reader(s);
    await fresh.session.connect();
    await fresh.session.getMany(specs(s));
    expect(clientApdus(fresh.events).filter((a) => a.type === 'get-request-with-list')).toHaveLength(2);
    // ... unless it shares the memory of the one that saw the refusal.
    const refusals = new ListRefusals();
    refusals.remember(session.meterKey);
    const shared = reader(s, refusals);
    await shared.session.connect();
    expect((await shared.session.getManyWithNotices(specs(s))).results).toHaveLength(12);
    expect(clientApdus(shared.events).filter((a) => a.type === 'get-request-with-list')).toEqual([]);
  });
});

function big(_k: string, v: unknown): unknown {
  return v instanceof Uint8Array ? Buffer.from(v).toString('hex') : typeof v === 'bigint' ? v.toString() : v;
}
