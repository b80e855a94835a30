#!/usr/bin/env node
// The installed `meterscope` command: runs the bundled CLI (npm run build:cli writes dist/cli.cjs).
'use strict';
const path = require('node:path');
let cli;
try {
  cli = require(path.join(__dirname, '..', 'dist', 'cli.cjs'));
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND') {
    process.stderr.write('meterscope: dist/cli.cjs is missing; run `npm run build:cli` first\n');
    process.exit(70);
  }
  throw e;
}
cli.main(process.argv.slice(2));
