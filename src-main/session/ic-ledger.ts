// The invocation-counter ledger: for each (client system title, key) the next invocation counter
// the client may use, persisted in a JSON file under the user's data directory. An AES-GCM
// counter must never repeat under one key (a repeated IV with GCM leaks the authentication key
// and the XOR of plaintexts; the meter also refuses it as a replay), so:
//   - the counter is written to disk *before* the frame that uses it is sent (take());
//   - the file is replaced atomically: write a temp file, fsync, rename over the old one;
//   - counters only grow (raiseTo after reading the meter's frame counter 0.0.43.1.x.255);
//   - an unreadable ledger file is an error, never a silent restart from 0;
//   - each read-modify-write holds an advisory lock file beside the ledger (ledger-lock.ts), so two
//     processes taking counters at the same moment never both hand out the same one.
// Keys are never stored: the entry name holds a SHA-256 fingerprint (8 bytes) of the key.

import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { toHex } from '../../src-shared/hex';
import { LedgerLock, type LedgerLockOptions, LockError } from './ledger-lock';

export const MAX_INVOCATION_COUNTER = 0xffffffff;

interface LedgerFile {
  version: 1;
  /** "<system title hex>/<key fingerprint>" -> next counter to use */
  counters: Record<string, number>;
}

/** The user's data directory for Meterscope (XDG on Linux, Application Support on macOS, APPDATA on Windows). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.METERSCOPE_DATA_DIR) return env.METERSCOPE_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Meterscope');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Meterscope');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'meterscope');
}

export function defaultLedgerFile(): string {
  return join(defaultDataDir(), 'invocation-counters.json');
}

/** SHA-256 of the key bytes, first 8 bytes in hex: names the key without revealing it. */
export function keyFingerprint(key: Uint8Array): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16).toUpperCase();
}

export class LedgerError extends Error {
  override readonly name = 'LedgerError';
}

export class InvocationCounterLedger {
  private counters: Record<string, number> | undefined;
  private readonly lock: LedgerLock;

  constructor(
    readonly file: string = defaultLedgerFile(),
    lockOptions: LedgerLockOptions = {},
  ) {
    this.lock = new LedgerLock(`${file}.lock`, lockOptions);
  }

  /** The lock file beside the ledger ("<ledger>.lock"). */
  get lockFile(): string {
    return this.lock.path;
  }

  static entryName(systemTitle: Uint8Array, key: Uint8Array): string {
    return `${toHex(systemTitle, '')}/${keyFingerprint(key)}`;
  }

  /** The next counter take() would return (0 for a pair never used). */
  peek(systemTitle: Uint8Array, key: Uint8Array): number {
    return this.load()[InvocationCounterLedger.entryName(systemTitle, key)] ?? 0;
  }

  /** Returns the next counter and persists its successor before returning. */
  take(systemTitle: Uint8Array, key: Uint8Array): number {
    const name = InvocationCounterLedger.entryName(systemTitle, key);
    return this.update((counters) => {
      const ic = counters[name] ?? 0;
      if (ic > MAX_INVOCATION_COUNTER) throw new LedgerError(`invocation counter exhausted for system title ${toHex(systemTitle, '')}: a new key is needed`);
      return { next: { ...counters, [name]: ic + 1 }, result: ic };
    });
  }

  /** Never go below `atLeast` (e.g. the meter's frame counter + 1). Counters never go down. */
  raiseTo(systemTitle: Uint8Array, key: Uint8Array, atLeast: number): number {
    const name = InvocationCounterLedger.entryName(systemTitle, key);
    return this.update((counters) => {
      const now = counters[name] ?? 0;
      return { ...(atLeast > now ? { next: { ...counters, [name]: atLeast } } : {}), result: Math.max(now, atLeast) };
    });
  }

  /**
   * One read-modify-write under the lock, from a fresh read (another process may have taken
   * counters since). A lock lost to a stale-lock break before the commit makes it start over.
   */
  private update<T>(step: (counters: Record<string, number>) => { next?: Record<string, number>; result: T }): T {
    mkdirSync(dirname(this.file), { recursive: true });
    for (let attempt = 0; ; attempt++) {
      try {
        return this.lock.withLock(() => {
          this.counters = undefined;
          const { next, result } = step(this.load());
          if (next) this.persist(next);
          return result;
        });
      } catch (e) {
        if (e instanceof LockError && e.message.startsWith('lost') && attempt < 3) continue;
        if (e instanceof LockError) throw new LedgerError(e.message);
        throw e;
      }
    }
  }

  /** The engine's view (`next()`), bound to one system title and key. */
  forKey(systemTitle: Uint8Array, key: Uint8Array): { next(): number } {
    const st = systemTitle.slice();
    const k = key.slice();
    return { next: () => this.take(st, k) };
  }

  private load(): Record<string, number> {
    if (this.counters) return this.counters;
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return (this.counters = {});
      throw new LedgerError(`cannot read the invocation-counter ledger ${this.file}: ${(e as Error).message}`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new LedgerError(`the invocation-counter ledger ${this.file} is not valid JSON; fix or remove it (counters must never be reused)`);
    }
    const counters = (parsed as Partial<LedgerFile> | null)?.counters;
    if ((parsed as Partial<LedgerFile> | null)?.version !== 1 || typeof counters !== 'object' || counters === null) {
      throw new LedgerError(`the invocation-counter ledger ${this.file} has an unknown format`);
    }
    for (const [k, v] of Object.entries(counters)) {
      if (!Number.isSafeInteger(v) || v < 0) throw new LedgerError(`the invocation-counter ledger ${this.file}: entry ${k} is not a counter`);
    }
    return (this.counters = { ...counters });
  }

  /** Atomic replace: temp file in the same directory, fsync, rename. */
  private persist(counters: Record<string, number>): void {
    const body: LedgerFile = { version: 1, counters };
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(body, null, 1)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.lock.assertHeld();
    renameSync(tmp, this.file);
    this.counters = counters;
  }
}

/** A ledger that lives only as long as the process (tests, the bench, throw-away CLI runs with --no-ledger). */
export class MemoryCounterLedger {
  private readonly counters = new Map<string, number>();
  peek(systemTitle: Uint8Array, key: Uint8Array): number {
    return this.counters.get(InvocationCounterLedger.entryName(systemTitle, key)) ?? 0;
  }
  take(systemTitle: Uint8Array, key: Uint8Array): number {
    const name = InvocationCounterLedger.entryName(systemTitle, key);
    const ic = this.counters.get(name) ?? 0;
    if (ic > MAX_INVOCATION_COUNTER) throw new LedgerError('invocation counter exhausted: a new key is needed');
    this.counters.set(name, ic + 1);
    return ic;
  }
  raiseTo(systemTitle: Uint8Array, key: Uint8Array, atLeast: number): number {
    const name = InvocationCounterLedger.entryName(systemTitle, key);
    const now = Math.max(this.counters.get(name) ?? 0, atLeast);
    this.counters.set(name, now);
    return now;
  }
  forKey(systemTitle: Uint8Array, key: Uint8Array): { next(): number } {
    const st = systemTitle.slice();
    const k = key.slice();
    return { next: () => this.take(st, k) };
  }
}

/** What a Session needs of a ledger (the file ledger and the memory ledger both are one). */
export interface CounterStore {
  peek(systemTitle: Uint8Array, key: Uint8Array): number;
  take(systemTitle: Uint8Array, key: Uint8Array): number;
  raiseTo(systemTitle: Uint8Array, key: Uint8Array, atLeast: number): number;
  forKey(systemTitle: Uint8Array, key: Uint8Array): { next(): number };
}
