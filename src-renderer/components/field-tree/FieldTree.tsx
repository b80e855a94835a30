// The dissector's field tree: expandable rows with the spec's label, the value and its meaning;
// a node where decoding broke carries its problem in red; a decrypted subtree hangs under its
// ciphered envelope. Selecting a row highlights its byte range in the hex view.

import { useEffect, useRef } from 'react';
import type { FieldNode } from '../../../src-shared/trace';
import { ROOT_ID, childId, decryptedRootId } from './tree-model';

export interface FieldTreeProps {
  root: FieldNode;
  selectedId: string | undefined;
  collapsed: ReadonlySet<string>;
  onSelect(id: string): void;
  onToggle(id: string): void;
}

export function FieldTree(props: FieldTreeProps) {
  return (
    <div className="field-tree" role="tree" aria-label="Field tree">
      <TreeRow {...props} node={props.root} id={ROOT_ID} depth={0} />
    </div>
  );
}

interface RowProps extends FieldTreeProps {
  node: FieldNode;
  id: string;
  depth: number;
}

function TreeRow(props: RowProps) {
  const { node, id, depth, selectedId, collapsed, onSelect, onToggle } = props;
  const children = node.children ?? [];
  const expandable = children.length > 0 || node.decrypted !== undefined;
  const open = expandable && !collapsed.has(id);
  const selected = selectedId === id;
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (selected) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  return (
    <div role="treeitem" aria-expanded={expandable ? open : undefined} aria-selected={selected}>
      <div
        ref={ref}
        className={`tree-row${selected ? ' selected' : ''}${node.problem ? ' problem' : ''}`}
        data-node-id={id}
        data-label={node.label}
        onClick={() => onSelect(id)}
        title={`bytes ${node.start}..${node.start + node.length - 1} (${node.length})`}
      >
        <span className="indent" style={{ width: depth * 16 }} />
        {expandable ? (
          <button
            type="button"
            className="toggle"
            aria-label={open ? 'Collapse' : 'Expand'}
            onClick={(e) => {
              e.stopPropagation();
              onToggle(id);
            }}
          >
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span className="toggle-spacer" />
        )}
        <span className="label">{node.label}</span>
        {node.value !== undefined && <span className="value">{node.value}</span>}
        {node.meaning !== undefined && <span className="meaning">{node.meaning}</span>}
        {node.problem !== undefined && <span className="problem-text">{node.problem}</span>}
        <span className="range">
          [{node.start}+{node.length}]
        </span>
      </div>
      {open && (
        <div role="group" className="tree-children">
          {children.map((c, i) => (
            <TreeRow key={i} {...props} node={c} id={childId(id, i)} depth={depth + 1} />
          ))}
          {node.decrypted && (
            <div className="decrypted" data-decrypted-of={id}>
              <div className="decrypted-caption">
                decrypted with {node.decrypted.key}
                {node.decrypted.key.includes(node.decrypted.systemTitle) ? '' : ` · system title ${node.decrypted.systemTitle}`} ·
                invocation counter {node.decrypted.invocationCounter}
              </div>
              <TreeRow {...props} node={node.decrypted.tree} id={decryptedRootId(id)} depth={depth + 1} />
            </div>
          )}
        </div>
      )}
    </div>
  );
}
