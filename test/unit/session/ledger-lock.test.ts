// The ledger's advisory lock: two processes hammering one ledger never get the same counter and
// take turns (a waiter queues and is handed the lock, instead of polling for a free moment that a
// looping holder almost never leaves: that starved one process under load); a stale lock (dead
// holder, or too old) is broken; a live holder makes the other wait or give up.
import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvocationCounterLedger, LedgerError } from '../../../src-main/session/ic-ledger';
import { LedgerLock, processAlive } from '../../../src-main/session/ledger-lock';
import { fromHex } from '../../../src-shared/hex';
import { REPO_ROOT } from '../../support/vectors';

const ST = fromHex('4D53433030303031');
const EK = fromHex('000102030405060708090A0B0C0D0E0F');
const CHILD = resolve(REPO_ROOT, 'test/unit/session/ledger-hammer.child.ts');
const newLedger = (): string => join(mkdtempSync(join(tmpdir(), 'ledger-lock-')), 'ic.json');
/** The files beside a ledger other than the ledger itself (lock, wait files, temp files). */
const leftovers = (file: string): string[] => readdirSync(dirname(file)).filter((n) => n !== basename(file));
/** A wait file as a queued waiter leaves it: its holder record, named by time, pid and token. */
function waitFile(lock: string, at: number, holder: { pid: number; host: string; token: string }): string {
  const path = `${lock}.wait.${String(at).padStart(15, '0')}.${holder.pid}.${holder.token}`;
  writeFileSync(path, JSON.stringify({ ...holder, at }));
  return path;
}
/** A pid of this host that runs (init). */
const livePid = (): number => (process.pid === 1 ? 2 : 1);

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
    // They took turns: each got counters on both sides of some of the other's. (With a lock that
    // a looping holder takes back at once, one process often ran only after the other was done.)
    const interleaved = (x: number[], y: number[]): boolean => y.some((v) => v > x[0]! && v < x[x.length - 1]!);
    expect(interleaved(a, b) && interleaved(b, a)).toBe(true);
    expect(new InvocationCounterLedger(file).peek(ST, EK)).toBe(2 * count);
    expect(leftovers(file)).toEqual([]); // no lock, no wait file, no temp file
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
    expect(leftovers(file)).toEqual([basename(ledger.lockFile)]); // the waiter left the queue
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

describe('LedgerLock handover', () => {
  it('release hands the lock to the oldest live waiter (its record becomes the lock, fresh); nobody waits: the lock is freed', () => {
    const lock = new LedgerLock(`${newLedger()}.lock`);
    lock.acquire();
    const host = hostname();
    const older = waitFile(lock.path, 1000, { pid: livePid(), host, token: 'first' });
    const newer = waitFile(lock.path, 2000, { pid: livePid(), host, token: 'second' });
    const past = (Date.now() - 3_600_000) / 1000;
    utimesSync(older, past, past);
    lock.release();
    expect(JSON.parse(readFileSync(lock.path, 'utf8'))).toMatchObject({ token: 'first' });
    expect(Date.now() - statMs(lock.path)).toBeLessThan(60_000); // not stale by age once handed
    expect(existsSync(older)).toBe(false);
    expect(existsSync(newer)).toBe(true);

    // the next release (as the 'first' holder would) goes to 'second'; then to nobody
    const next = new LedgerLock(lock.path);
    writeFileSync(lock.path, JSON.stringify({ pid: process.pid, host, token: 'mine', at: Date.now() }));
    Object.assign(next, { token: 'mine' });
    next.release();
    expect(JSON.parse(readFileSync(lock.path, 'utf8'))).toMatchObject({ token: 'second' });
    writeFileSync(lock.path, JSON.stringify({ pid: process.pid, host, token: 'mine', at: Date.now() }));
    Object.assign(next, { token: 'mine' });
    next.release();
    expect(existsSync(lock.path)).toBe(false);
  });

  it('a waiter that died waiting is skipped and its wait file removed', () => {
    const lock = new LedgerLock(`${newLedger()}.lock`);
    lock.acquire();
    const dead = waitFile(lock.path, 1000, { pid: deadPid(), host: hostname(), token: 'dead' });
    const torn = `${lock.path}.wait.000000000001500.${livePid()}.torn`;
    writeFileSync(torn, '{"pid":');
    lock.release();
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(torn)).toBe(false);
    expect(existsSync(lock.path)).toBe(false);
  });

  it('a waiter in another process is queued and handed the lock at the release, never finding it free', async () => {
    const lock = new LedgerLock(`${newLedger()}.lock`);
    const go = `${lock.path}.go`;
    lock.acquire();
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(REPO_ROOT, 'test/unit/session/lock-waiter.child.ts'), lock.path, go], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      let out = '';
      child.stdout.on('data', (b: Buffer) => (out += b.toString()));
      const queued = (): string[] => readdirSync(dirname(lock.path)).filter((n) => n.startsWith(`${basename(lock.path)}.wait.`));
      const until = async (what: () => boolean, ms: number): Promise<void> => {
        for (const end = Date.now() + ms; !what(); ) {
          if (Date.now() > end) throw new Error('timed out');
          await new Promise((ok) => setTimeout(ok, 10));
        }
      };
      await until(() => queued().length === 1, 15_000);
      expect(queued()[0]).toContain(`.${child.pid}.`);
      lock.release();
      // at once, before the child looks again: the lock is the child's record, not free
      expect(JSON.parse(readFileSync(lock.path, 'utf8'))).toMatchObject({ pid: child.pid });
      expect(queued()).toEqual([]);
      await until(() => out.includes('\n'), 15_000);
      expect(JSON.parse(out)).toEqual({ got: true, pid: child.pid });
      writeFileSync(go, '');
      await new Promise((ok) => child.once('exit', ok));
      expect(existsSync(lock.path)).toBe(false);
    } finally {
      child.kill();
    }
  });
});

function statMs(path: string): number {
  return statSync(path).mtimeMs;
}
