#!/usr/bin/env node
// `npm run build`: the renderer, then Electron main + web bridge, then the preload, all with
// vite.config.ts (modes: default = renderer, "main", "preload"). Output in dist/.

import { rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING ??= 'true';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const configFile = resolve(root, 'vite.config.ts');

// main/preload builds share dist/main (emptyOutDir off there): start it clean.
rmSync(resolve(root, 'dist/main'), { recursive: true, force: true });

for (const mode of ['production', 'main', 'preload']) {
  const started = Date.now();
  await build({ configFile, mode });
  process.stdout.write(`built ${mode === 'production' ? 'renderer' : mode} in ${Date.now() - started} ms\n`);
}
