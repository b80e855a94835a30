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
//
// Fairness: a process taking counters in a loop releases the lock and takes it again within
// microseconds, so a waiter that polls every few milliseconds almost never finds it free and
// starves (it gave up after timeoutMs on a loaded machine, or ran only after the other had
// finished). So a waiter queues: it writes its holder record to a wait file beside the lock
// ("<lock>.wait.<time>.<pid>.<token>"), and release() hands the lock to the oldest live waiter by
// renaming that file over the lock (atomic; the lock is never free while someone waits). The
// waiter sees its own token in the lock and holds it. A waiter that gives up removes its wait
// file; if the file is already gone, the lock was handed to it and it keeps it.

import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';

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
    let waitFile: string | undefined;
    for (;;) {
      let fd: number | undefined;
      try {
        fd = openSync(this.path, 'wx', 0o600);
        writeSync(fd, body);
        this.token = token;
        // Free when we asked: the wait file goes before anyone can hand us the lock again.
        if (waitFile) removeFile(waitFile);
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
          if (waitFile) removeFile(waitFile);
          throw new LockError(`cannot create the ledger lock ${this.path}: ${(e as Error).message}`);
        }
      } finally {
        if (fd !== undefined) closeSync(fd);
      }
      const seen = this.look();
      if (seen?.holder?.token === token) {
        this.token = token; // handed to us by the last holder
        return;
      }
      if (seen && this.isStale(seen)) {
        this.breakStale(seen.raw);
        continue;
      }
      waitFile ??= this.queue(token, body);
      if (Date.now() > deadline) {
        if (!removeFile(waitFile) && this.look()?.holder?.token === token) {
          this.token = token; // handed to us as we gave up
          return;
        }
        const who = seen?.holder ? `process ${seen.holder.pid} on ${seen.holder.host}` : 'another process';
        throw new LockError(`the invocation-counter ledger is locked by ${who} (${this.path}); if no Meterscope runs, remove the lock file`);
      }
      // Queued: the holder hands the lock over at its release; look again soon.
      sleep(1 + Math.random());
    }
  }

  /** Writes our wait file (whole, by rename, so a release never hands over a torn record). */
  private queue(token: string, body: string): string {
    const name = `${this.path}.wait.${String(Date.now()).padStart(15, '0')}.${process.pid}.${token}`;
    const tmp = `${this.path}.wtmp.${process.pid}.${token}`;
    writeFileSync(tmp, body, { mode: 0o600 });
    renameSync(tmp, name);
    return name;
  }

  /** The wait files beside the lock, oldest first. */
  private waiters(): string[] {
    const dir = dirname(this.path);
    const prefix = `${basename(this.path)}.wait.`;
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return [];
    }
    return names
      .filter((n) => n.startsWith(prefix))
      .sort()
      .map((n) => join(dir, n));
  }

  /** Throws if the lock file is no longer ours (broken as stale by another process). */
  assertHeld(): void {
    if (!this.token || this.look()?.holder?.token !== this.token) throw new LockError(`lost the ledger lock ${this.path}`);
  }

  /** Gives the lock to the oldest live waiter, or frees it when none waits. */
  release(): void {
    const token = this.token;
    this.token = undefined;
    if (!token || this.look()?.holder?.token !== token) return;
    for (const w of this.waiters()) {
      const holder = parseHolder(readText(w));
      const age = ageMs(w);
      // A waiter that died waiting: a pid of this host that no longer runs; on another host
      // (a shared ledger directory) only the age can tell.
      const gone = !holder || age === undefined || (holder.host === hostname() ? !processAlive(holder.pid) : age > this.staleMs);
      if (gone) {
        removeFile(w);
        continue;
      }
      try {
        // Fresh mtime first: the handed lock must not look stale to the stale-age rule.
        const now = new Date();
        utimesSync(w, now, now);
        renameSync(w, this.path);
        return;
      } catch {
        // it gave up meanwhile: the next one
      }
    }
    removeFile(this.path);
  }

  /** The lock file as it is now: its text, its holder if the text is whole, and its age. */
  private look(): { raw: string; holder?: Holder; ageMs: number } | undefined {
    const raw = readText(this.path);
    const age = raw === undefined ? undefined : ageMs(this.path);
    if (raw === undefined || age === undefined) return undefined; // released meanwhile
    // No whole record: created, not yet written (or left torn by a crash): judged by age only.
    const holder = parseHolder(raw);
    return { raw, ...(holder ? { holder } : {}), ageMs: age };
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

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function ageMs(path: string): number | undefined {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

function parseHolder(raw: string | undefined): Holder | undefined {
  if (raw === undefined) return undefined;
  try {
    const h = JSON.parse(raw) as Partial<Holder>;
    return typeof h.pid === 'number' && typeof h.host === 'string' && typeof h.token === 'string' ? (h as Holder) : undefined;
  } catch {
    return undefined;
  }
}

/** Removes a file; false when it was not there. */
function removeFile(path: string): boolean {
  try {
    unlinkSync(path);
    return true;
  } catch {
    return false;
  }
}
