// Child process of ledger-lock.test.ts: acquires the lock LOCK (queueing behind the parent's hold),
// prints {"got": true} once it holds it, waits for the file GO, then releases and exits.
import { existsSync } from 'node:fs';
import { LedgerLock } from '../../../src-main/session/ledger-lock';

const [lockPath, go] = process.argv.slice(2);
const lock = new LedgerLock(lockPath!, { timeoutMs: 15_000 });
lock.acquire();
process.stdout.write(`${JSON.stringify({ got: true, pid: process.pid })}\n`);
const deadline = Date.now() + 15_000;
while (!existsSync(go!) && Date.now() < deadline) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
lock.release();
