// Runs one decoder over a byte range with a FieldTreeSink attached and never lets an exception
// out: a DlmsDecodeError becomes the problem node at its offset (the sink already recorded it), any
// other error (a decoder bug) is recorded the same way so the dissector can still answer.

import type { FieldNode } from '../../../src-shared/trace';
import { ByteReader } from '../codec/byte-reader';
import { isDlmsDecodeError } from '../errors';
import { FieldTreeSink } from './field-sink';

export interface RunResult<T> {
  roots: FieldNode[];
  value?: T;
  /** Where the reader stopped (end of what was decoded). */
  end: number;
  error?: { offset: number; message: string };
}

export function runDecoder<T>(bytes: Uint8Array, start: number, end: number, fn: (r: ByteReader) => T): RunResult<T> {
  const sink = new FieldTreeSink();
  const r = new ByteReader(bytes, start, end, sink);
  try {
    const value = fn(r);
    return { roots: sink.roots, value, end: r.pos };
  } catch (e) {
    if (isDlmsDecodeError(e)) {
      sink.abort(e.offset, e.message);
      if (!hasProblem(sink.roots)) sink.roots.push({ label: 'malformed', start: clamp(e.offset, start, end), length: 0, problem: e.message });
      return { roots: sink.roots, end: r.pos, error: { offset: clamp(e.offset, start, end), message: e.message } };
    }
    const message = `decoder error: ${e instanceof Error ? e.message : String(e)}`;
    const offset = clamp(r.pos, start, end);
    sink.abort(offset, message);
    if (!hasProblem(sink.roots)) sink.roots.push({ label: 'malformed', start: offset, length: 0, problem: message });
    return { roots: sink.roots, end: r.pos, error: { offset, message } };
  }
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(Math.max(x, lo), hi);
}

export function hasProblem(nodes: readonly FieldNode[]): boolean {
  return nodes.some((n) => n.problem !== undefined || hasProblem(n.children ?? []));
}

/** One node covering [start, end) holding `roots`, unless a single root already covers exactly that. */
export function wrapRoots(label: string, roots: FieldNode[], start: number, end: number, info: { value?: string; meaning?: string } = {}): FieldNode {
  const only = roots[0];
  if (roots.length === 1 && only && only.start === start && only.length === end - start) return only;
  const node: FieldNode = { label, start, length: end - start, children: roots };
  if (info.value !== undefined) node.value = info.value;
  if (info.meaning !== undefined) node.meaning = info.meaning;
  return node;
}
