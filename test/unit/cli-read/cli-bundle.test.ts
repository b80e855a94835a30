// meterscope read/objects/get/set/action as users run them: the built bundle (dist/cli.cjs) in a
// child process against the simulator started here on a free port.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../../src-main/sim/index';
import { REPO_ROOT } from '../../support/vectors';
import { readCapture } from '../../../src-main/capture/reader';
import { dissectEntries } from '../../../src-main/dlms/dissect/index';

const CLI = resolve(REPO_ROOT, 'dist/cli.cjs');
const KEYS = ['-A', 'D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF', '-B', '000102030405060708090A0B0C0D0E0F'];
let sim: SimulatorHandle;
let ledger: string;

beforeAll(async () => {
  if (!existsSync(CLI)) execFileSync(process.execPath, [resolve(REPO_ROOT, 'scripts/build-node.mjs')], { stdio: 'ignore' });
  sim = await startSimulator({ port: 0, transport: 'wrapper-tcp' });
  ledger = join(mkdtempSync(join(tmpdir(), 'cli-ledger-')), 'ic.json');
});
afterAll(async () => {
  await sim?.stop();
});

/** Runs the CLI asynchronously (the simulator in this process must keep answering). */
function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((res) => {
    execFile(process.execPath, [CLI, ...args], { timeout: 20_000, maxBuffer: 64 << 20, env: { ...process.env, METERSCOPE_DATA_DIR: join(tmpdir(), 'meterscope-cli-test') } }, (error, stdout, stderr) => {
      res({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out: stdout, err: stderr });
    });
  });
}

const mgmt = (): string[] => ['-p', String(sim.port), '-c', '1', '-a', 'HighGmac', '-C', 'AuthenticationEncryption', '-T', '4D53433030303031', ...KEYS, '--ledger', ledger];

describe('meterscope objects / get / read against the simulator', () => {
  it('objects with only the port lists the public association view', async () => {
    const r = await run(['objects', '-p', String(sim.port)]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const expected = sim.device.associationForClient(16)!.objects;
    expect(r.out).toContain(`${expected.length} object(s)`);
    expect(r.out).toMatch(/^Clock \(8\) v0 +0-0:1\.0\.0\*255 +Clock +1:r 2:r/m);
    expect(r.out).toMatch(/COSEM logical device name/);
  });

  it('objects --json is the association view as data', async () => {
    const r = await run(['objects', '--port', String(sim.port), '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { objects: { classId: number; obis: string; attributes: { attributeId: number; access: string }[] }[] };
    expect(j.objects.map((o) => o.classId)).toEqual(sim.device.associationForClient(16)!.objects.map((o) => o.classId));
    expect(j.objects.find((o) => o.classId === 8)?.attributes[1]).toEqual({ attributeId: 2, access: 'read-only' });
  });

  it('get applies scaler and unit for a register (reader client, LLS)', async () => {
    const r = await run(['get', '1-0:1.8.0.255:2', '1-0:1.8.0.255:3', '-p', String(sim.port), '-c', '32', '-a', 'Low', '-P', '12345678', '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const [value, su] = JSON.parse(r.out) as { name: string; scaled?: string; unit?: string; text: string; value: { value: number } }[];
    const reg = sim.device.getObject('1-0:1.8.0.255')!;
    const raw = reg.get(2) as { value: number };
    const scaler = (reg.get(3) as { items: { value: number }[] }).items[0]!.value;
    expect(value!.name).toBe('value');
    expect(value!.value.value).toBe(raw.value);
    expect(Number(value!.scaled)).toBeCloseTo(raw.value * 10 ** scaler, 6);
    expect(value!.unit).toBe('Wh');
    expect(su!.name).toBe('scaler_unit');
  });

  it('a Gurux example command line works as given (-h -p -i -c -s -a -C -T -A -B -t -r -g)', async () => {
    const r = await run(['read', '-h', '127.0.0.1', '-p', String(sim.port), '-i', 'WRAPPER', '-c', '1', '-s', '1', '-a', 'HighGmac', '-C', 'AuthenticationEncryption', '-T', '4D53433030303031', ...KEYS, '-t', 'Verbose', '-r', 'LN', '-g', '0.0.42.0.0.255:2; 0.0.1.0.0.255:3', '--ledger', ledger]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('0.0.42.0.0.255 attribute 2 (value): 4D534330303030303132333435363738 ("MSC0000012345678")');
    expect(r.out).toMatch(/0\.0\.1\.0\.0\.255 attribute 3 \(time_zone\): -60/);
  });

  it('read without -g reads every readable attribute; --trace prints the frames dissected', async () => {
    const r = await run(['read', '-p', String(sim.port), '--trace']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/-> 00 01 00 10 00 01/); // wrapper from wPort 16 to 1
    expect(r.out).toMatch(/AARQ/);
    expect(r.out).toMatch(/AARE accepted/);
    expect(r.out).toMatch(/^Clock \(8\) 0-0:1\.0\.0\*255 Clock$/m);
    expect(r.out).toMatch(/^ {2}attribute 3 \(time_zone\): -60$/m);
  });

  it('--max-list-items caps the attributes of each GET with-list (seen in the --capture of the session)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cli-capture-')), 'list.jsonl');
    const r = await run(['read', '-p', String(sim.port), '-c', '32', '-a', 'Low', '-P', '12345678', '--with-list', '--max-list-items', '2', '--capture', file]);
    expect(r.code).toBe(0);
    const frames = readCapture(file).frames;
    const summaries = dissectEntries(frames.map((f) => ({ bytes: f.bytes, direction: f.direction })), { layer: 'wrapper' }).map((d) => d.summary);
    const lists = summaries.map((t) => /Get-Request-With-List (\d+) attribute/.exec(t)?.[1]).filter((n) => n !== undefined).map(Number);
    expect(lists.length).toBeGreaterThan(10);
    expect(Math.max(...lists)).toBe(2);
  });

  it('wrong password: exit 1 and the plain-language reason', async () => {
    const r = await run(['objects', '-p', String(sim.port), '-c', '32', '-a', 'low', '-P', 'nope']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^meterscope objects: meter rejected: authentication-failure; check the password\/authentication key/);
  });

  it('nothing listening: exit 1 naming the address', async () => {
    const r = await run(['objects', '-p', '1']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no connection: .*127\.0\.0\.1:1/);
  });

  it('bad usage: exit 2', async () => {
    expect((await run(['get', '-p', String(sim.port)])).code).toBe(2);
    expect((await run(['read', '-a', 'HighSha512'])).code).toBe(2);
    const help = await run(['read', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/-h, --host HOST/);
  });
});

describe('meterscope set / action on the management client (counters carried by the ledger file)', () => {
  it('set writes, get reads it back; action runs a method', async () => {
    const set = await run(['set', '0-0:96.3.10.255:4', '{"enum":1}', ...mgmt()]);
    expect(set.err).toBe('');
    expect(set.code).toBe(0);
    let get = await run(['get', '0-0:96.3.10.255:4', ...mgmt(), '--json']);
    expect(get.code).toBe(0);
    expect((JSON.parse(get.out) as { value: unknown }[])[0]!.value).toEqual({ type: 'enum', value: 1 });
    // a plain literal takes the type of the attribute (control_mode: enum)
    expect((await run(['set', '0-0:96.3.10.255:4', '2', ...mgmt()])).code).toBe(0);
    get = await run(['get', '0-0:96.3.10.255:4', ...mgmt(), '--json']);
    expect((JSON.parse(get.out) as { value: unknown }[])[0]!.value).toEqual({ type: 'enum', value: 2 });

    const act = await run(['action', '0-0:96.3.10.255:1', ...mgmt()]);
    expect(act.err).toBe('');
    expect(act.code).toBe(0);
    expect(act.out).toMatch(/method 1 \(remote_disconnect\): success/);
    const state = await run(['get', '0-0:96.3.10.255:2', ...mgmt(), '--json']);
    expect((JSON.parse(state.out) as { value: unknown }[])[0]!.value).toEqual({ type: 'boolean', value: false });
  });
});
