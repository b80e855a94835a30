// npm run bench: decode throughput, whole-process figures. Bundles src-main/bench/run.ts to
// dist/bench.cjs, generates a deterministic capture (>= 100,000 mixed HDLC and wrapper frames),
// then runs each mode in its own child process: wall time (measured here), CPU time and peak RSS
// (the child's own resource usage, startup included). No thresholds: figures to compare.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const frames = Number(process.env.BENCH_FRAMES ?? 100_000);
const outfile = resolve(root, 'dist/bench.cjs');
await build({
  entryPoints: [resolve(root, 'src-main/bench/run.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
});

const dir = mkdtempSync(join(tmpdir(), 'meterscope-bench-'));
const capture = join(dir, 'capture.bin');

function child(args) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [outfile, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`bench child ${args[0]} failed (${r.status}): ${r.stderr}`);
  return { ...JSON.parse(r.stdout.trim().split('\n').pop()), wallMs };
}

try {
  const gen = child(['gen', capture, String(frames)]);
  console.log(`capture: ${gen.frames} frames, ${(gen.bytes / 1e6).toFixed(2)} MB (generated in ${(gen.wallMs / 1000).toFixed(2)} s)\n`);
  const rows = ['baseline', 'dissect', 'dissect-keys'].map((m) => child([m, capture]));
  const base = rows[0];
  const head = ['mode', 'frames', 'malformed', 'wall s', 'CPU s', 'peak RSS MB', 'MB/s', 'frames/s', 'wall vs baseline'];
  const table = rows.map((r) => [
    r.mode,
    String(r.frames),
    String(r.malformed),
    (r.wallMs / 1000).toFixed(2),
    (r.cpuMs / 1000).toFixed(2),
    (r.maxRssKb / 1024).toFixed(0),
    (r.bytes / 1e6 / (r.wallMs / 1000)).toFixed(2),
    Math.round(r.frames / (r.wallMs / 1000)).toLocaleString('en-US'),
    `${(r.wallMs / base.wallMs).toFixed(2)}x`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of table) console.log(line(row));
  console.log('\nbaseline: frame + APDU decoders without a sink; dissect: field tree, hex, summary; dissect-keys: plus decryption.');
  console.log('Figures are whole-process (startup and file read included); MB/s and frames/s use wall time.');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
