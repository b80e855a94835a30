// esbuild bundling of a TypeScript entry for Node, as the CLI (scripts/build-node.mjs) and the
// bench (scripts/bench.mjs) need it: one CommonJS file for node20 with its sourcemap.
import { build } from 'esbuild';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (scripts/lib/../..). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Bundles `entry` into `outfile` (both relative to the root); returns the outfile's absolute path. */
export async function bundleForNode(entry, outfile) {
  const out = resolve(ROOT, outfile);
  await build({
    entryPoints: [resolve(ROOT, entry)],
    outfile: out,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    logLevel: 'warning',
    // Optional native and desktop dependencies stay outside the bundle.
    external: ['electron', 'serialport', '@serialport/*'],
  });
  return out;
}
