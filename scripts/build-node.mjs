// Bundles the CLI for Node: src-main/cli/index.ts -> dist/cli.cjs (cjs, node20, with sourcemap).
// bin/meterscope.cjs requires it. Runs in `npm test` before vitest (the CLI tests spawn the bundle).
import { build } from 'esbuild';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const CLI_BUILD = {
  entryPoints: [resolve(root, 'src-main/cli/index.ts')],
  outfile: resolve(root, 'dist/cli.cjs'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // Optional native and desktop dependencies stay outside the bundle.
  external: ['electron', 'serialport', '@serialport/*'],
};

const started = performance.now();
await build(CLI_BUILD);
console.log(`built dist/cli.cjs in ${Math.round(performance.now() - started)} ms`);
