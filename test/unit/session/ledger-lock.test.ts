// The ledger's advisory lock: two processes hammering one ledger never get the same counter; a
// stale lock (dead holder, or too old) is broken; a live holder makes the other wait or give up.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvocationCounterLedger, LedgerError } from '../../../src-main/session/ic-ledger';
import { LedgerLock, processAlive } from '../../../src-main/session/ledger-lock';
import { fromHex } from '../../../src-shared/hex';
import { REPO_ROOT } from '../../support/vectors';

const ST = fromHex('4D53433030303031');
const EK = fromHex('000102030405060708090A0B0C0D0E0F');
const CHILD = resolve(REPO_ROOT, 'test/unit/session/ledger-hammer.child.ts');
const newLedger = (): string => join(mkdtempSync(join(tmpdir(), 'ledger-lock-')), 'ic.json');

function hammer(file: string, count: number, readyDir: string): Promise<number[]> {
  return new Promise((res, rej) => {
    execFile(process.execPath, ['--import', 'tsx', CHILD, file, String(count), readyDir, '2'], { cwd: REPO_ROOT, timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) rej(new Error(`${err.message}\n${stderr}`));
      else res(JSON.parse(stdout) as number[]);
    });
  });
}

/** A pid that ran on this host and has ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  const pid = Number(r.stdout.toString());
  expect(processAlive(pid)).toBe(false);
  return pid;
}

describe('InvocationCounterLedger lock across processes', () => {
  it('two processes taking counters at the same moment never get the same one', async () => {
    const file = newLedger();
    const count = 250;
    const ready = mkdtempSync(join(tmpdir(), 'ledger-ready-')); // both children start together
    const [a, b] = await Promise.all([hammer(file, count, ready), hammer(file, count, ready)]);
    // each process sees its own counters strictly increasing
    for (const got of [a, b]) for (let i = 1; i < got.length; i++) expect(got[i]!).toBeGreaterThan(got[i - 1]!);
    const all = [...a, ...b].sort((x, y) => x - y);
    // no counter twice, none lost: exactly 0 .. 2*count-1
    expect(all).toEqual(Array.from({ length: 2 * count }, (_v, i) => i));
    // they really ran at the same time: one got counters on both sides of the other's run
    const interleaved = (x: number[], y: number[]): boolean => y.some((v) => v > x[0]! && v < x[x.length - 1]!);
    expect(interleaved(a, b) || interleaved(b, a)).toBe(true);
    expect(new InvocationCounterLedger(file).peek(ST, EK)).toBe(2 * count);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });
});

describe('LedgerLock', () => {
  it('breaks the lock of a holder that no longer runs', () => {
    const file = newLedger();
    const ledger = new InvocationCounterLedger(file);
    ledger.take(ST, EK);
    writeFileSync(ledger.lockFile, JSON.stringify({ pid: deadPid(), host: hostname(), token: 'dead', at: Date.now() }));
    const t0 = Date.now();
    expect(ledger.take(ST, EK)).toBe(1);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(existsSync(ledger.lockFile)).toBe(false);
  });

  it('waits for a live holder, gives up after the timeout naming it, and never breaks its lock', () => {
    const file = newLedger();
    const ledger = new InvocationCounterLedger(file, { timeoutMs: 150 });
    const holder = { pid: process.pid === 1 ? 2 : 1, host: hostname(), token: 'live', at: Date.now() };
    expect(processAlive(holder.pid)).toBe(true); // init runs
    writeFileSync(ledger.lockFile, JSON.stringify(holder));
    const t0 = Date.now();
    expect(() => ledger.take(ST, EK)).toThrow(LedgerError);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(150);
    expect(() => ledger.take(ST, EK)).toThrow(new RegExp(`locked by process ${holder.pid} on `));
    expect(JSON.parse(readFileSync(ledger.lockFile, 'utf8'))).toEqual(holder);
    expect(existsSync(file)).toBe(false); // nothing taken
  });

  it('a lock file older than the stale age is broken even if its pid runs (pid reuse, another host)', () => {
    const file = newLedger();
    const ledger = new InvocationCounterLedger(file, { timeoutMs: 2000, staleMs: 1000 });
    writeFileSync(ledger.lockFile, JSON.stringify({ pid: 1, host: 'elsewhere', token: 'old', at: 0 }));
    const old = (Date.now() - 5000) / 1000;
    utimesSync(ledger.lockFile, old, old);
    expect(ledger.take(ST, EK)).toBe(0);
    expect(existsSync(ledger.lockFile)).toBe(false);
  });

  it('an empty lock file (holder between create and write) is waited for, not broken, until it is old', () => {
    const file = newLedger();
    const lock = new LedgerLock(`${file}.lock`, { timeoutMs: 100, staleMs: 60_000 });
    writeFileSync(lock.path, '');
    expect(() => lock.acquire()).toThrow(/locked by another process/);
    const old = (Date.now() - 120_000) / 1000;
    utimesSync(lock.path, old, old);
    lock.acquire();
    lock.assertHeld();
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
  });

  it('a holder whose lock was taken over notices before it commits (assertHeld)', () => {
    const file = newLedger();
    const lock = new LedgerLock(`${file}.lock`);
    lock.acquire();
    writeFileSync(lock.path, JSON.stringify({ pid: process.pid, host: hostname(), token: 'someone-else', at: Date.now() }));
    expect(() => lock.assertHeld()).toThrow(/lost the ledger lock/);
    lock.release(); // not ours: left alone
    expect(existsSync(lock.path)).toBe(true);
  });
});
