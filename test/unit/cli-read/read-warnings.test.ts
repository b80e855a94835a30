// meterscope read against a meter that refuses a GET with-list request: the read still gives every
// value, and the session's notice (the list was read one by one) is printed as a warning on
// stderr (and is in --json's output). The CLI runs in this process (runCli) beside the simulator,
// whose fault makes the first with-list request of the connection get an exception-response.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeApduBytes } from '../../../src-main/dlms/apdu';
import { WrapperDeframer } from '../../../src-main/dlms/framing/wrapper';
import { runCli } from '../../../src-main/cli/index';
import { startSimulator, type SimulatorHandle } from '../../../src-main/sim/index';

let sim: SimulatorHandle;
let received: string[] = [];
let deframer = new WrapperDeframer();

beforeAll(async () => {
  sim = await startSimulator({
    port: 0,
    transport: 'wrapper-tcp',
    onTrace: (e) => {
      if (e.direction !== 'in') return;
      for (const f of deframer.push(e.bytes)) received.push(decodeApduBytes(f.apdu).type);
    },
  });
});
afterAll(async () => {
  await sim?.stop();
});

async function read(extra: string[] = []): Promise<{ code: number; out: string; err: string }> {
  received = [];
  deframer = new WrapperDeframer();
  let out = '';
  let err = '';
  const code = await runCli(['read', '-p', String(sim.port), '-c', '32', '-a', 'Low', '-P', '12345678', '--no-ledger', ...extra], {
    readStdin: () => Promise.resolve(''),
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
  });
  return { code, out, err };
}

describe('meterscope read and a meter that refuses lists', () => {
  it('prints the fallback to one by one as a warning; the values are those of a clean read', async () => {
    sim.setFaults({});
    const clean = await read();
    expect(clean.code).toBe(0);
    expect(clean.err).toBe('');
    // the first with-list request of the connection (1-based; the AARQ is 1)
    const firstList = received.indexOf('get-request-with-list') + 1;
    expect(firstList).toBeGreaterThan(2);

    sim.setFaults({ exceptionOnRequest: firstList });
    const refused = await read();
    expect(refused.code).toBe(0);
    expect(refused.err).toMatch(/^meterscope read: warning: the meter refused a list of \d+ attributes \(.*\): they were sent one by one/);
    expect(received.filter((t) => t === 'get-request-with-list')).toHaveLength(1);
    // the same readings, but for what runs on its own (the clock)
    const stable = (t: string): string[] => t.split('\n').filter((l) => !l.includes('attribute 2 (time):'));
    expect(stable(refused.out)).toEqual(stable(clean.out));

    const json = await read(['--json']);
    const j = JSON.parse(json.out) as { readings: unknown[]; warnings?: string[] };
    expect(j.warnings).toHaveLength(1);
    expect(j.warnings![0]).toMatch(/refused a list/);
    expect(json.err).toBe(`meterscope read: warning: ${j.warnings![0]}\n`);
    sim.setFaults({});
  });
});
