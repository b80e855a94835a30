// The translator pane: paste hex, read the dissection. Frames on top with their one-line
// summary; for the selected frame the field tree beside the hex view(s), linked both ways.

import { useCallback } from 'react';
import type { TranslatedFrame, TranslatorDecodeResponse } from '../../../src-shared/ipc/contract';
import type { FieldNode } from '../../../src-shared/trace';
import { FieldTree } from '../../components/field-tree/FieldTree';
import { byteSpaces, innermostAt, locate, spaceRootId } from '../../components/field-tree/tree-model';
import { HexView } from '../../components/hex-view/HexView';
import { useTranslator } from './store';
import { TranslatorInput } from './TranslatorInput';

export function TranslatorPane() {
  const { result, error } = useTranslator();
  return (
    <main className="translator">
      <TranslatorInput />
      {error && (
        <div className="error-banner" role="alert">
          {error}
        </div>
      )}
      {result && <InputReport result={result} />}
      {result && <FrameList frames={result.frames} />}
      {result && <FrameDetail frames={result.frames} />}
    </main>
  );
}

function InputReport({ result }: { result: TranslatorDecodeResponse }) {
  if (result.substitutions.length === 0 && result.errors.length === 0) return null;
  return (
    <section className="input-report" aria-label="Hex input report">
      {result.substitutions.length > 0 && (
        <div className="substitutions" data-testid="substitutions">
          <strong>
            {result.substitutions.length} substitution{result.substitutions.length === 1 ? '' : 's'} (lenient):
          </strong>{' '}
          {result.substitutions.map((s, i) => (
            <span key={i} className="subst" title={`character ${s.index} of the input`}>
              ‘{s.from}’→‘{s.to}’ at {s.index}
            </span>
          ))}
        </div>
      )}
      {result.errors.length > 0 && (
        <div className="input-errors" data-testid="input-errors">
          <strong>Not read as hex:</strong>{' '}
          {result.errors.map((e, i) => (
            <span key={i} className="input-error">
              at {e.index}: {e.message}
            </span>
          ))}
        </div>
      )}
    </section>
  );
}

function FrameList({ frames }: { frames: TranslatedFrame[] }) {
  const { frameIndex, selectFrame } = useTranslator();
  if (frames.length === 0) return <p className="muted">No frames found in the input.</p>;
  return (
    <ol className="frame-list" aria-label="Decoded frames">
      {frames.map((f, i) => (
        <li
          key={i}
          className={`frame-item${i === frameIndex ? ' selected' : ''}${f.frame.malformedAt !== undefined ? ' malformed' : ''}`}
          onClick={() => selectFrame(i)}
          aria-current={i === frameIndex}
        >
          <span className="frame-no">#{i + 1}</span>
          <span className="layer-badge">{f.frame.layer}</span>
          <span className="summary" data-testid="frame-summary">
            {f.frame.summary}
          </span>
          <span className="muted">{f.hex.length / 2} bytes</span>
          {f.frame.malformedAt !== undefined && (
            <span className="malformed-badge">
              malformed at byte {f.frame.malformedAt}
              {f.frame.problem ? `: ${f.frame.problem}` : ''}
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}

function spaceRoot(tree: FieldNode, spaceId: string): FieldNode | undefined {
  return spaceId === '' ? tree : locate(tree, spaceId)?.node.decrypted?.tree;
}

function FrameDetail({ frames }: { frames: TranslatedFrame[] }) {
  const { frameIndex, selectedId, collapsed, selectNode, toggle } = useTranslator();
  const frame = frames[frameIndex];
  const tree = frame?.frame.tree;
  const hover = useCallback(
    (spaceId: string, offset: number) => {
      const root = tree && spaceRoot(tree, spaceId);
      const id = root && innermostAt(root, spaceRootId(spaceId), offset);
      if (id) selectNode(id);
    },
    [tree, selectNode],
  );
  if (!frame || !tree) return null;
  const selected = selectedId ? locate(tree, selectedId) : undefined;
  return (
    <div className="frame-detail">
      <FieldTree root={tree} selectedId={selectedId} collapsed={collapsed} onSelect={selectNode} onToggle={toggle} />
      <div className="hex-column">
        {byteSpaces(frame.hex, tree).map((space) => (
          <HexView
            key={space.id}
            spaceId={space.id}
            title={space.title}
            hex={space.hex}
            range={selected && selected.spaceId === space.id ? selected.node : undefined}
            malformedAt={space.id === '' ? frame.frame.malformedAt : undefined}
            onHoverByte={(offset) => hover(space.id, offset)}
          />
        ))}
        {selected && <SelectedNode node={selected.node} />}
      </div>
    </div>
  );
}

function SelectedNode({ node }: { node: FieldNode }) {
  return (
    <dl className="node-detail" aria-label="Selected field">
      <dt>Field</dt>
      <dd>{node.label}</dd>
      <dt>Bytes</dt>
      <dd>
        {node.start}..{node.start + Math.max(node.length, 1) - 1} ({node.length} byte{node.length === 1 ? '' : 's'})
        {node.hex ? ` · ${node.hex}` : ''}
      </dd>
      {node.value !== undefined && (
        <>
          <dt>Value</dt>
          <dd>{node.value}</dd>
        </>
      )}
      {node.meaning !== undefined && (
        <>
          <dt>Meaning</dt>
          <dd>{node.meaning}</dd>
        </>
      )}
      {node.problem !== undefined && (
        <>
          <dt>Problem</dt>
          <dd className="problem-text">{node.problem}</dd>
        </>
      )}
    </dl>
  );
}
