#!/usr/bin/env node
// `npm start` (after the build): make sure the Electron binary is present, then launch the app.
//
// `npm ci` runs no dependency install scripts (package.json allowScripts denies electron's
// postinstall on purpose: no install step may download anything). So the first `npm start`
// on a machine runs electron's own installer once, saying so, and then launches. Without
// network access that download fails, and we say exactly that instead of a stack trace.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = join(root, 'node_modules', 'electron');
const INSTALL_TIMEOUT_MS = 10 * 60_000;

function fail(message) {
  process.stderr.write(`\nmeterscope: ${message}\n`);
  process.exit(1);
}

/** The binary path electron's index.js would give, or undefined when it is not installed. */
function electronBinary() {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(join(electronDir, 'dist')) || !existsSync(pathFile)) return undefined;
  const bin = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : undefined;
}

if (!existsSync(join(electronDir, 'package.json'))) fail('the electron package is missing: run `npm ci` first.');
if (!existsSync(join(root, 'dist', 'main', 'main.cjs')) || !existsSync(join(root, 'dist', 'renderer', 'index.html'))) {
  fail('the app is not built: run `npm run build` (npm start does it for you).');
}

let binary = electronBinary();
if (!binary) {
  process.stdout.write(
    'The Electron binary is not installed yet (npm ci runs no install scripts, so it never downloads anything).\n' +
      'Running electron\'s own installer once: node node_modules/electron/install.js\n',
  );
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD; // the installer would silently do nothing
  const r = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    cwd: electronDir,
    env,
    stdio: ['ignore', 'inherit', 'pipe'],
    timeout: INSTALL_TIMEOUT_MS,
    encoding: 'utf8',
  });
  binary = electronBinary();
  if (!binary) {
    const why = r.error ? r.error.message : (r.stderr || '').split('\n').find((l) => l.trim()) || `exit code ${r.status}`;
    fail(
      'could not install the Electron binary, so the desktop app cannot start on this machine.\n' +
        `  The installer said: ${why.trim()}\n` +
        '  It downloads Electron from GitHub (or $ELECTRON_MIRROR): check the network/proxy and run `npm start` again.\n' +
        '  Without Electron, `npm run web` serves the same app in your browser on 127.0.0.1.',
    );
  }
  process.stdout.write('Electron installed.\n');
}

const child = spawn(binary, [root, ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
child.on('error', (e) => fail(`could not launch Electron (${binary}): ${e.message}`));
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
