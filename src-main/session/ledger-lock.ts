// An advisory lock for the invocation-counter ledger file, so that two processes taking counters
// from one ledger at the same moment (two CLI runs, the app and a CLI run) cannot both read N and
// both hand out N: a repeated AES-GCM counter under one key is the one thing the ledger exists to
// prevent.
//
// The lock is a file created with O_EXCL ('wx') beside the ledger, holding the holder's pid, host
// and a random token. It is held for the read-modify-write of one take()/raiseTo() (milliseconds),
// so waiting is a short synchronous sleep (Atomics.wait: the engine asks for counters
// synchronously). Stale-lock rule: a lock whose holder is a process of this host that no longer
// runs, or whose file is older than `staleMs` (no live holder keeps it that long), is broken.
// Breaking moves the lock aside under a unique name (rename is atomic) and deletes it only if it is
// still the lock that was judged stale; if another process took the lock in between, it is put
// back with link() (which never overwrites). The holder checks that the lock is still its own right
// before it commits the ledger (assertHeld), so a lock lost to a mistaken break makes that write
// retry instead of racing.

import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

export interface LedgerLockOptions {
  /** Give up waiting after this long (default 10 s). */
  timeoutMs?: number;
  /** A lock file older than this is stale whoever holds it (default 30 s). */
  staleMs?: number;
}

export class LockError extends Error {
  override readonly name = 'LockError';
}

interface Holder {
  pid: number;
  host: string;
  token: string;
  at: number;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number): void => void Atomics.wait(sleeper, 0, 0, ms);

/** Whether a process of this host with that pid runs (EPERM: it runs, under another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class LedgerLock {
  private token: string | undefined;
  private readonly timeoutMs: number;
  private readonly staleMs: number;

  constructor(
    readonly path: string,
    opts: LedgerLockOptions = {},
  ) {
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.staleMs = opts.staleMs ?? 30_000;
  }

  /** Runs `fn` holding the lock. */
  withLock<T>(fn: () => T): T {
    this.acquire();
    try {
      return fn();
    } finally {
      this.release();
    }
  }

  acquire(): void {
    const token = randomBytes(8).toString('hex');
    const body = JSON.stringify({ pid: process.pid, host: hostname(), token, at: Date.now() } satisfies Holder);
    const deadline = Date.now() + this.timeoutMs;
    for (let attempt = 0; ; attempt++) {
      let fd: number | undefined;
      try {
        fd = openSync(this.path, 'wx', 0o600);
        writeSync(fd, body);
        this.token = token;
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new LockError(`cannot create the ledger lock ${this.path}: ${(e as Error).message}`);
      } finally {
        if (fd !== undefined) closeSync(fd);
      }
      const seen = this.look();
      if (seen && this.isStale(seen)) {
        this.breakStale(seen.raw);
        continue;
      }
      if (Date.now() > deadline) {
        const who = seen?.holder ? `process ${seen.holder.pid} on ${seen.holder.host}` : 'another process';
        throw new LockError(`the invocation-counter ledger is locked by ${who} (${this.path}); if no Meterscope runs, remove the lock file`);
      }
      sleep(Math.min(1 + attempt, 10) + Math.random() * 3);
    }
  }

  /** Throws if the lock file is no longer ours (broken as stale by another process). */
  assertHeld(): void {
    if (!this.token || this.look()?.holder?.token !== this.token) throw new LockError(`lost the ledger lock ${this.path}`);
  }

  release(): void {
    const token = this.token;
    this.token = undefined;
    if (token && this.look()?.holder?.token === token) {
      try {
        unlinkSync(this.path);
      } catch {
        // already gone: nothing to release
      }
    }
  }

  /** The lock file as it is now: its text, its holder if the text is whole, and its age. */
  private look(): { raw: string; holder?: Holder; ageMs: number } | undefined {
    let raw: string;
    let mtime: number;
    try {
      raw = readFileSync(this.path, 'utf8');
      mtime = statSync(this.path).mtimeMs;
    } catch {
      return undefined; // released meanwhile
    }
    let holder: Holder | undefined;
    try {
      const h = JSON.parse(raw) as Partial<Holder>;
      if (typeof h.pid === 'number' && typeof h.host === 'string' && typeof h.token === 'string') holder = h as Holder;
    } catch {
      holder = undefined; // created, not yet written (or left torn by a crash): judged by age only
    }
    return { raw, ...(holder ? { holder } : {}), ageMs: Date.now() - mtime };
  }

  private isStale(seen: { holder?: Holder; ageMs: number }): boolean {
    if (seen.ageMs > this.staleMs) return true;
    const h = seen.holder;
    return h !== undefined && h.host === hostname() && h.pid !== process.pid && !processAlive(h.pid);
  }

  private breakStale(seenRaw: string): void {
    const aside = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
    try {
      renameSync(this.path, aside);
    } catch {
      return; // gone already: released, or broken by another process
    }
    let moved = '';
    try {
      moved = readFileSync(aside, 'utf8');
    } catch {
      moved = '';
    }
    if (moved !== seenRaw) {
      // Another process took the lock after we looked: give it back (link never overwrites).
      try {
        linkSync(aside, this.path);
      } catch {
        // a newer lock exists; its holder's assertHeld() will notice
      }
    }
    try {
      unlinkSync(aside);
    } catch {
      // nothing to clean
    }
  }
}
