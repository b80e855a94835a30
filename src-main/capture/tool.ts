// The tool name and version a capture header carries ("meterscope 0.1.0"), read from the package's
// package.json wherever the code runs from (the repository, the dist/ bundle, the packaged app).

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

let cached: string | undefined;

export function toolName(): string {
  if (cached !== undefined) return cached;
  const here = typeof __dirname === 'string' ? __dirname : dirname(process.argv[1] ?? '.');
  const candidates = [join(here, '..', 'package.json'), join(here, '..', '..', 'package.json'), join(here, '..', '..', '..', 'package.json'), resolve(process.cwd(), 'package.json')];
  for (const p of candidates) {
    if (!existsSync(p)) continue;
    try {
      const pkg = JSON.parse(readFileSync(p, 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'meterscope' && typeof pkg.version === 'string') return (cached = `meterscope ${pkg.version}`);
    } catch {
      // not ours or unreadable: try the next place
    }
  }
  return (cached = 'meterscope (unknown version)');
}
