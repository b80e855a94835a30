import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, InvocationCounterLedger, keyFingerprint, LedgerError } from '../../../src-main/session/ic-ledger';
import { fromHex } from '../../../src-shared/hex';

const ST = fromHex('4D53433030303031'); // 'MSC00001'
const EK = fromHex('000102030405060708090A0B0C0D0E0F');
const EK2 = fromHex('0F0E0D0C0B0A09080706050403020100');
const tmpFile = (): string => join(mkdtempSync(join(tmpdir(), 'ic-ledger-')), 'sub', 'ledger.json');

describe('InvocationCounterLedger', () => {
  it('hands out strictly increasing counters and persists the successor before returning', () => {
    const file = tmpFile();
    const ledger = new InvocationCounterLedger(file);
    expect(ledger.peek(ST, EK)).toBe(0);
    expect(ledger.take(ST, EK)).toBe(0);
    const onDisk = JSON.parse(readFileSync(file, 'utf8')) as { version: number; counters: Record<string, number> };
    expect(onDisk.version).toBe(1);
    expect(Object.values(onDisk.counters)).toEqual([1]);
    expect(ledger.take(ST, EK)).toBe(1);
    expect(ledger.take(ST, EK)).toBe(2);
    // Another ledger object on the same file (a restart) continues, never reuses.
    const again = new InvocationCounterLedger(file);
    expect(again.take(ST, EK)).toBe(3);
    // A second process taking counters in between is seen by the first (the file is re-read).
    expect(ledger.take(ST, EK)).toBe(4);
    // Only the ledger file remains (the temp file was renamed over it).
    expect(readdirSync(join(file, '..'))).toEqual(['ledger.json']);
  });

  it('keeps one counter per (system title, key) and never writes the key', () => {
    const file = tmpFile();
    const ledger = new InvocationCounterLedger(file);
    ledger.take(ST, EK);
    ledger.take(ST, EK);
    expect(ledger.take(ST, EK2)).toBe(0);
    expect(ledger.take(fromHex('454C531111111111'), EK)).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toMatch(/000102030405060708090A0B0C0D0E0F/i);
    expect(text).toContain(`4D53433030303031/${keyFingerprint(EK)}`);
    expect(keyFingerprint(EK)).toMatch(/^[0-9A-F]{16}$/);
    expect(keyFingerprint(EK)).not.toBe(keyFingerprint(EK2));
  });

  it('raiseTo follows the meter frame counter upwards only', () => {
    const ledger = new InvocationCounterLedger(tmpFile());
    expect(ledger.raiseTo(ST, EK, 1000)).toBe(1000);
    expect(ledger.take(ST, EK)).toBe(1000);
    expect(ledger.raiseTo(ST, EK, 10)).toBe(1001);
    expect(ledger.take(ST, EK)).toBe(1001);
  });

  it('any interleaving of take/raiseTo gives strictly increasing counters', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant<'take'>('take'), fc.nat(5000)), { maxLength: 30 }), (ops) => {
        const ledger = new InvocationCounterLedger(tmpFile());
        let last = -1;
        for (const op of ops) {
          if (op === 'take') {
            const ic = ledger.take(ST, EK);
            expect(ic).toBeGreaterThan(last);
            last = ic;
          } else ledger.raiseTo(ST, EK, op);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('refuses a damaged ledger instead of restarting at 0, and refuses an exhausted counter', () => {
    const file = tmpFile();
    new InvocationCounterLedger(file).take(ST, EK);
    writeFileSync(file, '{"version":1,"counters":');
    expect(() => new InvocationCounterLedger(file).take(ST, EK)).toThrow(LedgerError);
    writeFileSync(file, '{"version":2,"counters":{}}');
    expect(() => new InvocationCounterLedger(file).peek(ST, EK)).toThrow(/unknown format/);
    writeFileSync(file, '{"version":1,"counters":{"x":-1}}');
    expect(() => new InvocationCounterLedger(file).peek(ST, EK)).toThrow(/not a counter/);
    const ok = new InvocationCounterLedger(tmpFile());
    ok.raiseTo(ST, EK, 0xffffffff);
    expect(ok.take(ST, EK)).toBe(0xffffffff);
    expect(() => ok.take(ST, EK)).toThrow(/exhausted/);
  });

  it('forKey is the engine view: next() takes from the ledger', () => {
    const ledger = new InvocationCounterLedger(tmpFile());
    const view = ledger.forKey(ST, EK);
    expect([view.next(), view.next()]).toEqual([0, 1]);
    expect(ledger.peek(ST, EK)).toBe(2);
  });

  it('default data directory per platform, overridable', () => {
    expect(defaultDataDir({ METERSCOPE_DATA_DIR: '/x' }, 'linux')).toBe('/x');
    expect(defaultDataDir({ XDG_DATA_HOME: '/xdg' }, 'linux')).toBe('/xdg/meterscope');
    expect(defaultDataDir({ APPDATA: 'C:\\\\Users\\\\u\\\\AppData\\\\Roaming' }, 'win32')).toContain('Meterscope');
    expect(defaultDataDir({}, 'darwin')).toContain('Application Support');
  });
});
