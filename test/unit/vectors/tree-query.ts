// A small query over dissected field trees: q(tree, 'AARQ > calling-AP-title') finds the first node
// labelled 'calling-AP-title' anywhere below a node labelled 'AARQ' (decrypted subtrees included).
import type { DissectedFrame, FieldNode } from '../../../src-shared/trace';

function kids(n: FieldNode): FieldNode[] {
  return [...(n.children ?? []), ...(n.decrypted ? [n.decrypted.tree] : [])];
}

function descendants(n: FieldNode): FieldNode[] {
  const out: FieldNode[] = [];
  const visit = (x: FieldNode): void => {
    for (const c of kids(x)) {
      out.push(c);
      visit(c);
    }
  };
  visit(n);
  return out;
}

export function queryAll(root: FieldNode, path: string): FieldNode[] {
  const steps = path.split('>').map((s) => s.trim());
  let current = [root, ...descendants(root)].filter((n) => n.label === steps[0]);
  for (const step of steps.slice(1)) current = current.flatMap((n) => descendants(n).filter((d) => d.label === step));
  return current;
}

export function q(root: FieldNode | DissectedFrame, path: string): FieldNode {
  const tree = 'tree' in root ? root.tree : root;
  const hit = queryAll(tree, path)[0];
  if (!hit) throw new Error(`no node at '${path}'`);
  return hit;
}

export function allNodes(root: FieldNode): FieldNode[] {
  return [root, ...descendants(root)];
}
