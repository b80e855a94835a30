// The CLI as users run it: the built bundle (dist/cli.cjs, from `npm run build:cli`) in a real
// process, with real stdin, stdout, stderr and exit codes.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DissectedFrame } from '../../../src-shared/trace';
import { corpusVector, REPO_ROOT, SHARED_DIR, seedVector } from '../../support/vectors';

const CLI = resolve(REPO_ROOT, 'dist/cli.cjs');
const BIN = resolve(REPO_ROOT, 'bin/meterscope.cjs');

beforeAll(() => {
  if (!existsSync(CLI)) execFileSync(process.execPath, [resolve(REPO_ROOT, 'scripts/build-node.mjs')], { stdio: 'ignore' });
});

function run(args: string[], input?: string, entry = CLI): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [entry, ...args], { input: input ?? '', encoding: 'utf8', timeout: 15_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const mech2 = seedVector('client-aarq-wrapped-sn-ciphered-mech2');
const crypto = mech2.crypto as Record<string, string>;

describe('meterscope decode', () => {
  it('prints the text tree for hex given as arguments and exits 0', () => {
    const r = run(['decode', ...seedVector('vendor-aarq-wrapped').hex.match(/../g)!]);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('#1 wrapper: wrapper 1->1 · AARQ LN, high-gmac, initiateRequest');
    expect(r.out).toMatch(/^ +mechanism-name \[37\+9\] 2\.16\.756\.5\.8\.2\.5 — high level security, GMAC {2}\(8B07608574050802 ?05\)$/m);
  });

  it('--json gives the DissectedFrame[] for stdin input', () => {
    const r = run(['decode', '--json', '-'], `RX: ${corpusVector('hdlc-iframe-aare').hex}\n`);
    expect(r.code).toBe(0);
    const frames = JSON.parse(r.out) as DissectedFrame[];
    expect(frames).toHaveLength(1);
    expect(frames[0]!.layer).toBe('hdlc');
    expect(frames[0]!.summary).toBe('HDLC I(N(S)=0,N(R)=1,P/F=1) · AARE accepted');
    expect(frames[0]!.tree.hex).toBe(corpusVector('hdlc-iframe-aare').hex.toUpperCase());
  });

  it('reads stdin when no HEX is given, one frame per log entry', () => {
    const log = `-> ${seedVector('vendor-aarq-wrapped').hex}\n<- ${corpusVector('rlre-normal').hex}\n`;
    const r = run(['decode'], log);
    expect(r.code).toBe(0);
    expect(r.out).toContain('#1 wrapper: wrapper 1->1 · AARQ');
    expect(r.out).toContain('#2 apdu: RLRE normal');
  });

  it('exits 1 when a frame is malformed, still printing the tree up to the failure', () => {
    const r = run(['decode', corpusVector('hdlc-bad-hcs-negative').hex]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/MALFORMED at byte 4/);
    expect(r.out).toContain('destination address');
  });

  it('exits 2 on bad hex with line and column', () => {
    const r = run(['decode', '-'], '00 01\n00 0G\n');
    expect(r.code).toBe(2);
    expect(r.err).toContain("not hex: line 2, column 5: 'G' is not a hex digit");
    expect(r.out).toBe('');
  });

  it('exits 2 on bad usage', () => {
    expect(run(['decode', '--layer', 'tcp', '00']).code).toBe(2);
    expect(run(['decode', '--bogus', '00']).code).toBe(2);
    expect(run(['nosuchcommand']).code).toBe(2);
    const help = run(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('decode');
  });

  it('--lenient reads the seed OCR line and lists every substitution', () => {
    const thread = readFileSync(resolve(SHARED_DIR, 'seed/forum-thread-hls-gmac-tcpip.txt'), 'utf8');
    const line = thread.split('\n').find((l) => l.startsWith('— 16:51:23'))!;
    const first = line.slice(0, line.indexOf('— 16:51:28'));
    expect(run(['decode', '-'], first).code).toBe(2);
    const r = run(['decode', '--lenient', '--json', '-'], first);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^lenient: 10 substitution\(s\):\n {2}line 1, column 77: '•' -> '6'\n/);
    expect(r.err.split('\n').filter((l) => l.startsWith('  line 1,'))).toHaveLength(10); // • ; O R ; O S ; : ; S ; O S ; O
    const [frame] = JSON.parse(r.out) as DissectedFrame[];
    expect(frame!.tree.hex).toBe(mech2.hex.toUpperCase());
  });

  it('decrypts with keys, and never prints them', () => {
    const args = ['decode', '--ek', crypto.ek!, '--ak', crypto.ak!, '--system-title', 'ascii:ELS-0000', mech2.hex];
    const r = run(args);
    expect(r.code).toBe(0);
    expect(r.out).toContain('decrypted with global unicast encryption key, IV from the client system title, system title 454C532D30303030');
    for (const k of [crypto.ek!, crypto.ak!]) {
      expect(r.out.toUpperCase()).not.toContain(k.toUpperCase());
      expect(r.err.toUpperCase()).not.toContain(k.toUpperCase());
    }
    const json = run([...args.slice(0, -1), '--json', mech2.hex]);
    expect(json.out.toUpperCase()).not.toContain(crypto.ek!.toUpperCase());
    expect(json.out.toUpperCase()).not.toContain(crypto.ak!.toUpperCase());
  });

  it('a bad key is refused without echoing it', () => {
    const r = run(['decode', '--ek', 'C0FFEE', '00']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--ek must be 32 hex digits');
    expect(r.err).not.toContain('C0FFEE');
  });

  it('bin/meterscope.cjs runs the bundle', () => {
    const r = run(['decode', corpusVector('rlrq-normal').hex], undefined, BIN);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe('#1 apdu: RLRQ normal');
  });
});
