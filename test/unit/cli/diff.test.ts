// `meterscope diff` as users run it: the built bundle (dist/cli.cjs) in a real process, with real
// stdin, stdout, stderr, files and exit codes.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FieldDiff } from '../../../src-shared/diff';
import { REPO_ROOT, seedVector } from '../../support/vectors';

const CLI = resolve(REPO_ROOT, 'dist/cli.cjs');
const SOURCES = ['src-main/cli/diff.ts', 'src-main/cli/registry.ts', 'src-main/dlms/dissect/diff.ts', 'src-main/dlms/dissect/diff-explain.ts'];
let work: string;

beforeAll(() => {
  // Rebuild when the bundle is missing or older than the diff sources (npm test builds it first).
  const stale = !existsSync(CLI) || SOURCES.some((s) => statSync(resolve(REPO_ROOT, s)).mtimeMs > statSync(CLI).mtimeMs);
  if (stale) execFileSync(process.execPath, [resolve(REPO_ROOT, 'scripts/build-node.mjs')], { stdio: 'ignore' });
  work = mkdtempSync(join(tmpdir(), 'meterscope-diff-'));
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function run(args: string[], input = ''): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', timeout: 15_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const client = seedVector('client-aarq-wrapped-sn-plain-dest145');
const vendor = seedVector('vendor-aarq-wrapped');
const stated = client.expect.diffAgainstVendor as string[];

/** The explanation lines of a section ("N setting differences:" up to the next blank line). */
function section(out: string, heading: RegExp): string[] {
  const lines = out.split('\n');
  const at = lines.findIndex((l) => heading.test(l));
  if (at < 0) return [];
  const end = lines.indexOf('', at);
  return lines.slice(at + 1, end < 0 ? undefined : end).filter((l) => /^ {2}\S/.test(l)).map((l) => l.trim());
}

describe('meterscope diff', () => {
  it('the seed pair: the four setting differences the vector states, exit 1, the challenge only counted', () => {
    const r = run(['diff', client.hex, vendor.hex]);
    expect(r.code).toBe(1);
    expect(r.err).toBe('');
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('A: wrapper 1->145 · AARQ SN, high-gmac, initiateRequest');
    expect(lines[1]).toBe('B: wrapper 1->1 · AARQ LN, high-gmac, initiateRequest');
    const settings = section(r.out, /^4 setting differences:$/);
    expect(settings).toHaveLength(4);
    for (const s of stated) {
      const head = s.replace(/\s*\(.*\)$/, '').toLowerCase();
      expect(settings.filter((l) => l.toLowerCase().startsWith(head)), s).toHaveLength(1);
    }
    // Each difference names its field path and both byte ranges with their bytes.
    expect(r.out).toContain('wrapper / wrapper header / destination wPort   A [4+2] 0091   B [4+2] 0001');
    expect(r.out).toContain('1 per-connection difference (expected on every association; --all lists them)');
    expect(r.out).not.toContain('challenge');
  });

  it('--all lists the per-connection differences after the settings', () => {
    const r = run(['diff', '--all', client.hex, vendor.hex]);
    expect(r.code).toBe(1);
    const settingsAt = r.out.indexOf('4 setting differences:');
    const perAt = r.out.indexOf('1 per-connection difference (expected on every association):');
    expect(settingsAt).toBeGreaterThan(0);
    expect(perAt).toBeGreaterThan(settingsAt);
    const pc = section(r.out, /per-connection difference/);
    expect(pc).toEqual(['client-to-server challenge (HLS): random for every association']);
    expect(r.out).toContain(`B [46+12] AC0A8008${String(vendor.expect.callingAuthenticationValue).toUpperCase()}`);
  });

  it('--json gives every difference with its class, offsets and bytes', () => {
    const r = run(['diff', '--json', client.hex, vendor.hex]);
    expect(r.code).toBe(1);
    const parsed = JSON.parse(r.out) as { pairs: { a: number; b: number; aSummary: string; bSummary: string; diffs: FieldDiff[] }[] };
    expect(parsed.pairs).toHaveLength(1);
    const p = parsed.pairs[0]!;
    expect(p.aSummary).toMatch(/^wrapper 1->145 · AARQ SN/);
    expect(p.diffs.filter((d) => d.class === 'setting')).toHaveLength(4);
    expect(p.diffs.filter((d) => d.class === 'per-connection').map((d) => d.path)).toEqual(['wrapper / APDU / AARQ / calling-authentication-value']);
    const conf = p.diffs.find((d) => d.path.endsWith('proposed-conformance'))!;
    expect(client.hex.toUpperCase().slice(conf.a!.start * 2, (conf.a!.start + conf.a!.length) * 2)).toBe(conf.a!.hex);
  });

  it('reads @FILE and stdin (-), in the forms a log gives', () => {
    const file = join(work, 'vendor.log');
    writeFileSync(file, `14.04.2016 08:14:00 -> ${vendor.hex.match(/../g)!.join(':')}\n`);
    const r = run(['diff', '-', `@${file}`], `${client.hex.match(/../g)!.join(' ')}\n`);
    expect(r.code).toBe(1);
    expect(section(r.out, /setting differences:$/)).toHaveLength(4);
  });

  it('--lenient reads OCR look-alikes and lists each substitution on stderr', () => {
    const ocr = vendor.hex.toUpperCase().replace(/^0001/, 'OOO1');
    expect(run(['diff', ocr, vendor.hex]).code).toBe(2);
    const r = run(['diff', '--lenient', ocr, vendor.hex]);
    expect(r.code).toBe(0);
    expect(r.err).toBe("lenient: A: 3 substitution(s):\n  line 1, column 1: 'O' -> '0'\n  line 1, column 2: 'O' -> '0'\n  line 1, column 3: 'O' -> '0'\n");
    expect(r.out).toContain('no setting differs');
  });

  it('exits 0 when only per-connection fields differ (another challenge), and for a frame against itself', () => {
    const challenge = String(vendor.expect.callingAuthenticationValue).toLowerCase();
    expect(vendor.hex).toContain(challenge);
    const other = vendor.hex.replace(challenge, '0123456789abcdef');
    const r = run(['diff', other, vendor.hex]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('no setting differs');
    expect(r.out).toContain('1 per-connection difference');
    const same = run(['diff', vendor.hex, vendor.hex]);
    expect(same.code).toBe(0);
    expect(same.out).toContain('no setting differs');
    expect(same.out).not.toContain('per-connection');
  });

  it('pairs the frames of multi-frame inputs and reports a frame only one side has', () => {
    const r = run(['diff', `${client.hex}\n${vendor.hex}`, vendor.hex]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^frame #1\nA: wrapper 1->145/);
    expect(r.out).toContain('frame #2\nA: wrapper 1->1 · AARQ LN, high-gmac, initiateRequest\nB: (no frame)');
    expect(r.out).toMatch(/wrapper only in A: wPort 1 -> 1/);
  });

  it('exits 2 on bad input, saying which and where', () => {
    const bad = run(['diff', vendor.hex, '60 0G']);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe("meterscope diff: B: not hex: line 1, column 5: 'G' is not a hex digit\n");
    expect(run(['diff', vendor.hex]).code).toBe(2);
    expect(run(['diff', '-', '-']).err).toMatch(/only one of A and B/);
    const missing = run(['diff', `@${join(work, 'nope.txt')}`, vendor.hex]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/cannot read .*nope\.txt: ENOENT/);
    expect(run(['diff', '--layer', 'pdu', vendor.hex, vendor.hex]).code).toBe(2);
  });

  it('is listed in meterscope --help and has its own --help', () => {
    expect(run(['--help']).out).toMatch(/^ {2}diff +compare two frames field by field/m);
    const help = run(['diff', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^Usage: meterscope diff A B/);
  });
});
