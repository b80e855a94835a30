// FieldNode tree helpers: walk, fill hex, query by label path.

import type { FieldNode } from '../../../src-shared/trace';
import { toHex } from '../../../src-shared/hex';

export function walk(node: FieldNode, visit: (n: FieldNode, parent: FieldNode | undefined) => void, parent?: FieldNode): void {
  visit(node, parent);
  for (const c of node.children ?? []) walk(c, visit, node);
}

/** Fills `hex` of every node from the bytes its offsets index (decrypted subtrees from their plaintext). */
export function fillHex(node: FieldNode, bytes: Uint8Array): void {
  walk(node, (n) => {
    if (n.start >= 0 && n.start + n.length <= bytes.length) n.hex = toHex(bytes.subarray(n.start, n.start + n.length));
    if (n.decrypted) {
      const plain = hexBytes(n.decrypted.plaintextHex);
      fillHex(n.decrypted.tree, plain);
    }
  });
}

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * Finds the first node (depth first) whose labels match `path` as a chain of descendants:
 * findNode(tree, 'AARQ', 'calling-AP-title') finds a calling-AP-title anywhere below an AARQ.
 * The search also enters decrypted subtrees.
 */
export function findNode(root: FieldNode, ...path: string[]): FieldNode | undefined {
  if (path.length === 0) return root;
  const [head, ...rest] = path;
  let found: FieldNode | undefined;
  const search = (n: FieldNode): void => {
    if (found) return;
    if (n.label === head) {
      const hit = rest.length === 0 ? n : findBelow(n, rest);
      if (hit) {
        found = hit;
        return;
      }
    }
    for (const c of children(n)) search(c);
  };
  search(root);
  return found;
}

function findBelow(n: FieldNode, path: string[]): FieldNode | undefined {
  for (const c of children(n)) {
    const hit = findNode(c, ...path);
    if (hit) return hit;
  }
  return undefined;
}

/** Children including a decrypted subtree's root (so queries see through ciphering). */
export function children(n: FieldNode): FieldNode[] {
  const c = n.children ?? [];
  return n.decrypted ? [...c, n.decrypted.tree] : c;
}

/** Every node with this label (depth first, decrypted subtrees included). */
export function findAll(root: FieldNode, label: string): FieldNode[] {
  const out: FieldNode[] = [];
  const visit = (n: FieldNode): void => {
    if (n.label === label) out.push(n);
    for (const c of children(n)) visit(c);
  };
  visit(root);
  return out;
}

/** The first node carrying a problem (the malformed spot), if any. */
export function firstProblem(root: FieldNode): FieldNode | undefined {
  let hit: FieldNode | undefined;
  walk(root, (n) => {
    if (!hit && n.problem !== undefined && (n.children ?? []).every((c) => c.problem === undefined)) hit = n;
  });
  return hit;
}
