// The field tree as text for a terminal, and as JSON (the FieldNode tree as is).
//
//   wrapper [0+8]
//     version [0+2] 1  (0001)
//   ...
// Each line: label, [offset+length], value, "— meaning", then the field's hex (long hex is cut).

import type { DissectedFrame, FieldNode } from '../../../src-shared/trace';

export interface RenderTextOptions {
  /** Hex longer than this many bytes is shown as the first bytes and "…(+n)". Default 16. */
  maxHexBytes?: number;
  /** Indentation per level. Default two spaces. */
  indent?: string;
}

export function renderFrameText(frame: DissectedFrame, index = 0, options: RenderTextOptions = {}): string {
  const lines: string[] = [];
  const head = `#${index + 1} ${frame.layer}: ${frame.summary}`;
  lines.push(frame.malformedAt !== undefined ? `${head}  [MALFORMED at byte ${frame.malformedAt}: ${frame.problem ?? ''}]` : head);
  renderNode(frame.tree, 1, lines, options);
  return lines.join('\n');
}

export function renderFramesText(frames: readonly DissectedFrame[], options: RenderTextOptions = {}): string {
  return frames.map((f, i) => renderFrameText(f, i, options)).join('\n\n') + '\n';
}

export function renderNodeText(node: FieldNode, options: RenderTextOptions = {}): string {
  const lines: string[] = [];
  renderNode(node, 0, lines, options);
  return lines.join('\n');
}

function renderNode(node: FieldNode, depth: number, out: string[], options: RenderTextOptions): void {
  const pad = (options.indent ?? '  ').repeat(depth);
  let line = `${pad}${node.label} [${node.start}+${node.length}]`;
  if (node.value !== undefined && node.value !== '') line += ` ${node.value}`;
  if (node.meaning !== undefined && node.meaning !== '') line += ` — ${node.meaning}`;
  if (node.hex !== undefined && node.hex !== '') line += `  (${shortHex(node.hex, options.maxHexBytes ?? 16)})`;
  if (node.problem !== undefined && node.label !== 'malformed') line += `  !! ${node.problem}`;
  else if (node.problem !== undefined) line = `${pad}!! malformed at byte ${node.start}: ${node.problem}`;
  out.push(line);
  for (const child of node.children ?? []) renderNode(child, depth + 1, out, options);
  if (node.decrypted) {
    const d = node.decrypted;
    out.push(`${pad}  decrypted with ${d.key}, system title ${d.systemTitle}, invocation counter ${d.invocationCounter}`);
    out.push(`${pad}    plaintext (${d.plaintextHex.length / 2} bytes) ${shortHex(d.plaintextHex, options.maxHexBytes ?? 16)}`);
    renderNode(d.tree, depth + 2, out, options);
  }
}

function shortHex(hex: string, maxBytes: number): string {
  if (hex.length <= maxBytes * 2) return hex;
  return `${hex.slice(0, maxBytes * 2)}…(+${hex.length / 2 - maxBytes})`;
}

/** JSON of the frames: the DissectedFrame / FieldNode trees as they are. */
export function renderFramesJson(frames: readonly DissectedFrame[]): string {
  return JSON.stringify(frames, null, 2) + '\n';
}
