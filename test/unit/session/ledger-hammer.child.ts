// Child process of ledger-lock.test.ts: announces itself in READY_DIR, waits until PEERS children
// have, then takes COUNT counters from the ledger FILE as fast as it can and prints them as JSON.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvocationCounterLedger } from '../../../src-main/session/ic-ledger';
import { fromHex } from '../../../src-shared/hex';

const [file, countText, readyDir, peersText] = process.argv.slice(2);
const ledger = new InvocationCounterLedger(file!);
const st = fromHex('4D53433030303031');
const ek = fromHex('000102030405060708090A0B0C0D0E0F');
writeFileSync(join(readyDir!, String(process.pid)), '');
const deadline = Date.now() + 20_000;
while (readdirSync(readyDir!).length < Number(peersText) && Date.now() < deadline) {
  // spin until every child is loaded, so they hammer at the same moment
}
const got: number[] = [];
for (let i = 0; i < Number(countText); i++) got.push(ledger.take(st, ek));
process.stdout.write(JSON.stringify(got));
