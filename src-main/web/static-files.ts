// Serving the built renderer from a directory without ever leaving it.

import { readFile, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';

/** Resolves a URL path inside root; undefined when it would escape root or is malformed. */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const base = resolve(root);
  const full = resolve(base, '.' + (decoded.startsWith('/') ? decoded : '/' + decoded));
  return full === base || full.startsWith(base + sep) ? full : undefined;
}

export async function readStaticFile(root: string, urlPath: string): Promise<Uint8Array | undefined> {
  const file = resolveInside(root, urlPath);
  if (!file) return undefined;
  try {
    const s = await stat(file);
    if (!s.isFile()) return undefined;
    return new Uint8Array(await readFile(file));
  } catch {
    return undefined;
  }
}
