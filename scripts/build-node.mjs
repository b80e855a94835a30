// Bundles the CLI for Node: src-main/cli/index.ts -> dist/cli.cjs (cjs, node20, with sourcemap).
// bin/meterscope.cjs requires it. Runs in `npm test` before vitest (the CLI tests spawn the bundle).
import { bundleForNode } from './lib/bundle.mjs';

const started = performance.now();
await bundleForNode('src-main/cli/index.ts', 'dist/cli.cjs');
console.log(`built dist/cli.cjs in ${Math.round(performance.now() - started)} ms`);
