// Builds the FieldNode tree while a decoder runs with this sink attached to its ByteReader.

import type { FieldNode } from '../../../src-shared/trace';
import type { FieldSink, NodeInfo } from '../codec/byte-reader';

export class FieldTreeSink implements FieldSink {
  readonly roots: FieldNode[] = [];
  private readonly stack: FieldNode[] = [];

  get depth(): number {
    return this.stack.length;
  }

  open(label: string, start: number): void {
    const node: FieldNode = { label, start, length: 0 };
    const parent = this.stack[this.stack.length - 1];
    if (parent) (parent.children ??= []).push(node);
    else this.roots.push(node);
    this.stack.push(node);
  }

  close(end: number, info: NodeInfo | undefined): void {
    const node = this.stack.pop();
    if (!node) return;
    node.length = end - node.start;
    if (info?.value !== undefined) node.value = info.value;
    if (info?.meaning !== undefined) node.meaning = info.meaning;
  }

  fail(offset: number, problem: string, depth: number): void {
    // Only the innermost failing node records the problem; outer nodes just close at the offset.
    let first = true;
    while (this.stack.length > depth) {
      const node = this.stack.pop()!;
      node.length = Math.max(0, offset - node.start);
      if (first && !hasProblem(node)) {
        (node.children ??= []).push({ label: 'malformed', start: offset, length: 0, problem });
        node.problem = problem;
      }
      first = false;
    }
  }

  /**
   * Closes every node still open at `offset` after an error that did not go through
   * ByteReader.node's DlmsDecodeError path (a bug in a decoder), marking the innermost.
   */
  abort(offset: number, problem: string): void {
    if (this.stack.length > 0) this.fail(offset, problem, 0);
  }

  attach(node: FieldNode): void {
    const parent = this.stack[this.stack.length - 1];
    if (parent) (parent.children ??= []).push(node);
    else this.roots.push(node);
  }
}

function hasProblem(n: FieldNode): boolean {
  return n.problem !== undefined || (n.children ?? []).some(hasProblem);
}
