// npm run bench: decode throughput, whole-process figures. Bundles src-main/bench/run.ts to
// dist/bench.cjs, generates a deterministic capture (>= 100,000 mixed HDLC and wrapper frames),
// then runs each mode in its own child process: wall time (measured here), CPU time and peak RSS
// (the child's own resource usage, startup included). No thresholds: figures to compare.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleForNode } from './lib/bundle.mjs';

const frames = Number(process.env.BENCH_FRAMES ?? 100_000);

const outfile = await bundleForNode('src-main/bench/run.ts', 'dist/bench.cjs');

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

// ---------------------------------------------------------------------------------------------------
// Sessions against the simulator (src-main/bench/session.ts): the simulator in one child process,
// each client scenario in its own child process, over loopback TCP (wrapper). Whole-process figures.
const sessionOut = await bundleForNode('src-main/bench/session.ts', 'dist/bench-session.cjs');
const simChild = spawn(process.execPath, [sessionOut, 'sim'], { stdio: ['ignore', 'pipe', 'inherit'] });
try {
  const port = await new Promise((resolvePort, reject) => {
    let text = '';
    simChild.stdout.on('data', (b) => {
      text += b;
      const line = text.split('\n')[0];
      if (text.includes('\n')) resolvePort(JSON.parse(line).port);
    });
    simChild.once('exit', (code) => reject(new Error(`simulator exited (${code})`)));
  });
  const runs = Number(process.env.BENCH_SESSION_RUNS ?? 3);
  const modes = ['all-one-by-one', 'all-with-list', 'year-classic', 'year-gbt'];
  const results = modes.map((mode) => {
    const samples = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [sessionOut, mode, String(port)], { encoding: 'utf8', maxBuffer: 1 << 20 });
      const wallMs = performance.now() - t0;
      if (r.status !== 0) throw new Error(`session bench ${mode} failed (${r.status}): ${r.stderr}`);
      samples.push({ ...JSON.parse(r.stdout.trim().split('\n').pop()), wallMs });
    }
    samples.sort((a, b) => a.wallMs - b.wallMs);
    return samples[Math.floor(samples.length / 2)]; // the median run
  });
  console.log(`\nsessions against the simulator (wrapper over loopback TCP, median of ${runs} run(s) per row):\n`);
  const head = ['scenario', 'requests', 'attributes', 'rows', 'KB in', 'frames in', 'session ms', 'wall s', 'CPU s', 'peak RSS MB'];
  const table = results.map((r) => [
    r.mode,
    String(r.requests),
    String(r.attributes),
    String(r.rows),
    (r.bytesIn / 1024).toFixed(0),
    String(r.framesIn),
    r.innerMs.toFixed(0),
    (r.wallMs / 1000).toFixed(2),
    (r.cpuMs / 1000).toFixed(2),
    (r.maxRssKb / 1024).toFixed(0),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of table) console.log(line(row));
  console.log('\nall-*: connect (reader, LLS) + object list + every readable attribute but profile buffers, GET normal one by one or GET with-list');
  console.log('       (attributes large by nature, e.g. object_list and capture_objects, always alone). requests: the client\'s APDUs after the AARQ, before the RLRQ.');
  console.log('year-*: the whole load profile buffer (35,040 rows of 15 minutes) by block transfer or general block transfer (window 8), client max PDU 1024.');
  console.log('session ms: connect to close inside the client; wall/CPU/RSS: the whole client process (startup included).');
} finally {
  simChild.kill('SIGTERM');
}
