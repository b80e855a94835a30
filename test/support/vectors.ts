// Loads the shared test vectors (shared/ sits beside the repo: locally and in CI).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED_DIR = resolve(REPO_ROOT, '../shared');

export interface CorpusVector {
  id: string;
  category: string;
  hex: string;
  meaning: string;
  source: string;
  structure_ok: boolean;
  checks: string[];
  negative?: boolean;
  quirk?: boolean;
  keys?: Record<string, string>;
  plaintext?: string;
  expect?: string;
  expect_full_16byte_tag?: string;
  crypto_note?: string;
  verified?: boolean;
  derived?: unknown;
  derived_from?: unknown;
}

export interface SeedVector {
  id: string;
  layer: 'apdu' | 'wrapper' | 'hdlc';
  direction: string;
  source: string;
  hex: string;
  expect: Record<string, unknown>;
  crypto?: Record<string, unknown>;
}

export function loadCorpus(): CorpusVector[] {
  return (JSON.parse(readFileSync(resolve(SHARED_DIR, 'vectors/corpus.json'), 'utf8')) as { vectors: CorpusVector[] }).vectors;
}

export function loadSeedTraces(): SeedVector[] {
  return (JSON.parse(readFileSync(resolve(SHARED_DIR, 'vectors/seed-traces.json'), 'utf8')) as { vectors: SeedVector[] }).vectors;
}

export function corpusVector(id: string): CorpusVector {
  const v = loadCorpus().find((x) => x.id === id);
  if (!v) throw new Error(`no corpus vector ${id}`);
  return v;
}

export function seedVector(id: string): SeedVector {
  const v = loadSeedTraces().find((x) => x.id === id);
  if (!v) throw new Error(`no seed vector ${id}`);
  return v;
}
