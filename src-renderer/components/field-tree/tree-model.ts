// Addressing nodes of a dissected frame. A node id is the path of child indices from the root
// ("0", "0.2.1"); a decrypted subtree opens a new byte space whose ids continue after "~d"
// ("0.4~d.0.1"): its offsets index the plaintext, not the frame.

import type { FieldNode } from '../../../src-shared/trace';

export const ROOT_ID = '0';
const DECRYPTED = '~d';

export interface ByteSpace {
  /** '' for the frame itself, else the id of the node carrying the decrypted subtree. */
  id: string;
  hex: string;
  title: string;
}

export interface LocatedNode {
  node: FieldNode;
  /** The byte space the node's start/length index. */
  spaceId: string;
}

export function childId(parentId: string, index: number): string {
  return `${parentId}.${index}`;
}

export function decryptedRootId(carrierId: string): string {
  return `${carrierId}${DECRYPTED}.0`;
}

/** The node with that id, and which byte space it lives in; undefined if the id is stale. */
export function locate(root: FieldNode, id: string): LocatedNode | undefined {
  let node: FieldNode | undefined;
  for (const [k, segment] of id.split(DECRYPTED).entries()) {
    const steps = segment.split('.').filter((s) => s !== '');
    if (steps.shift() !== '0') return undefined;
    node = k === 0 ? root : node?.decrypted?.tree;
    for (const s of steps) node = node?.children?.[Number(s)];
    if (!node) return undefined;
  }
  const cut = id.lastIndexOf(DECRYPTED);
  return node ? { node, spaceId: cut < 0 ? '' : id.slice(0, cut) } : undefined;
}

/** The ids of every ancestor of id (to expand them when the id gets selected from the hex view). */
export function ancestorIds(id: string): string[] {
  const out: string[] = [];
  let cut = id.lastIndexOf('.');
  while (cut > 0) {
    const prefix = id.slice(0, cut);
    out.push(prefix.endsWith(DECRYPTED) ? prefix.slice(0, -DECRYPTED.length) : prefix);
    cut = id.lastIndexOf('.', cut - 1);
  }
  return out;
}

/**
 * The innermost node covering byte `offset` within the tree rooted at rootId (one byte space):
 * children win over parents, later siblings over earlier ones only when they are narrower.
 */
export function innermostAt(root: FieldNode, rootId: string, offset: number): string | undefined {
  const covers = (n: FieldNode) => n.length > 0 && offset >= n.start && offset < n.start + n.length;
  if (!covers(root)) return undefined;
  let id = rootId;
  let node = root;
  for (;;) {
    let next: { node: FieldNode; id: string } | undefined;
    (node.children ?? []).forEach((c, i) => {
      if (covers(c) && (!next || c.length < next.node.length)) next = { node: c, id: childId(id, i) };
    });
    if (!next) return id;
    id = next.id;
    node = next.node;
  }
}

/** Every byte space of a frame: the frame itself and each decrypted subtree's plaintext. */
export function byteSpaces(frameHex: string, root: FieldNode): ByteSpace[] {
  const spaces: ByteSpace[] = [{ id: '', hex: frameHex, title: 'Frame bytes' }];
  const walk = (n: FieldNode, id: string) => {
    if (n.decrypted) {
      spaces.push({ id, hex: n.decrypted.plaintextHex, title: `Decrypted APDU (${n.decrypted.key})` });
      walk(n.decrypted.tree, decryptedRootId(id));
    }
    (n.children ?? []).forEach((c, i) => walk(c, childId(id, i)));
  };
  walk(root, ROOT_ID);
  return spaces;
}

/** The root id of the tree that indexes a byte space. */
export function spaceRootId(spaceId: string): string {
  return spaceId === '' ? ROOT_ID : decryptedRootId(spaceId);
}
