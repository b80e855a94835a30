// One Vite config, three builds (ARCHITECTURE.md §3):
//   vite build                  the renderer: root src-renderer -> dist/renderer (React)
//   vite build --mode main      Electron main + the web bridge entry -> dist/main/{main,web}.cjs (Node, SSR/library)
//   vite build --mode preload   the preload -> dist/main/preload.cjs (one CommonJS file, so sandbox: true works)
// Main and preload keep 'electron', node:* and serialport external; everything else (zod, our
// code) is bundled. serialport loads its N-API prebuild from its own folder at run time, so it
// ships as the app's one production dependency (package.json "dependencies").

import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';

const here = import.meta.dirname;
const nodeExternal = ['electron', 'serialport', /^@serialport\//, ...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

function nodeBundle(entries: Record<string, string>, emptyOutDir: boolean): UserConfig {
  return {
    root: here,
    publicDir: false,
    logLevel: 'warn',
    build: {
      ssr: true,
      target: 'node20',
      outDir: resolve(here, 'dist/main'),
      emptyOutDir,
      sourcemap: true,
      minify: false,
      rollupOptions: {
        input: entries,
        external: nodeExternal,
        output: { format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs' },
      },
    },
    ssr: { noExternal: true, target: 'node' },
  };
}

export default defineConfig(({ mode }): UserConfig => {
  if (mode === 'main') {
    return nodeBundle({ main: resolve(here, 'src-main/app/main.ts'), web: resolve(here, 'src-main/web/main.ts') }, false);
  }
  if (mode === 'preload') {
    // A single file with no chunks: a sandboxed preload cannot require siblings.
    const config = nodeBundle({ preload: resolve(here, 'src-main/app/preload.ts') }, false);
    return { ...config, build: { ...config.build, rollupOptions: { ...config.build!.rollupOptions, output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false } } } };
  }
  return {
    root: resolve(here, 'src-renderer'),
    base: './',
    plugins: [react()],
    logLevel: 'warn',
    build: {
      outDir: resolve(here, 'dist/renderer'),
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: true,
      // No inline modulepreload polyfill or inline scripts: CSP has no 'unsafe-inline'.
      modulePreload: { polyfill: false },
      assetsInlineLimit: 0,
    },
  };
});
