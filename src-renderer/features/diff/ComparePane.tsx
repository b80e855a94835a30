// The Compare tab: paste two inputs (your client's frame and the vendor tool's), read which
// fields differ. Settings first, per-connection differences after; selecting a row shows that
// field in both frames' trees with its bytes lit in both hex views.

import { useCallback, useMemo } from 'react';
import type { TranslatedFrame, TranslatorDecodeResponse } from '../../../src-shared/ipc/contract';
import type { FieldNode } from '../../../src-shared/trace';
import { FieldTree } from '../../components/field-tree/FieldTree';
import { byteSpaces, innermostAt, locate, spaceRootId } from '../../components/field-tree/tree-model';
import { HexView } from '../../components/hex-view/HexView';
import { DiffTable } from './DiffTable';
import { orderedDiffs, useCompare, type Side } from './store';
import './compare.css';

export function ComparePane() {
  const { result, error } = useCompare();
  return (
    <main className="compare">
      <CompareInput />
      {error && (
        <div className="error-banner" role="alert">
          {error}
        </div>
      )}
      {result && <InputProblems side="a" decoded={result.a} />}
      {result && <InputProblems side="b" decoded={result.b} />}
      {result && <Differences />}
    </main>
  );
}

function CompareInput() {
  const { a, b, lenient, busy, setText, setLenient, compare } = useCompare();
  const input = (side: Side, value: string, label: string) => (
    <div className="compare-field">
      <label className="field-label" htmlFor={`compare-${side}`}>
        {label}
      </label>
      <textarea
        id={`compare-${side}`}
        spellCheck={false}
        autoComplete="off"
        rows={5}
        value={value}
        placeholder="00 01 00 01 00 01 00 44 60 42 A1 09 ..."
        onChange={(e) => setText(side, e.target.value)}
      />
    </div>
  );
  return (
    <form
      className="compare-input"
      onSubmit={(e) => {
        e.preventDefault();
        void compare();
      }}
    >
      <div className="compare-fields">
        {input('a', a, 'A (e.g. your client’s frame)')}
        {input('b', b, 'B (e.g. the vendor tool’s frame)')}
      </div>
      <div className="options-row">
        <label className="check">
          <input type="checkbox" checked={lenient} onChange={(e) => setLenient(e.target.checked)} />
          Lenient (accept OCR look-alikes and report them)
        </label>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Comparing…' : 'Compare'}
        </button>
      </div>
    </form>
  );
}

function InputProblems({ side, decoded }: { side: Side; decoded: TranslatorDecodeResponse }) {
  if (decoded.errors.length === 0 && decoded.substitutions.length === 0) return null;
  return (
    <section className="input-report" data-testid={`compare-input-${side}`} aria-label={`Input ${side.toUpperCase()} report`}>
      {decoded.errors.map((e, i) => (
        <span key={i} className="input-error">
          {side.toUpperCase()} at {e.index}: {e.message}
        </span>
      ))}
      {decoded.substitutions.length > 0 && (
        <span>
          {side.toUpperCase()}: {decoded.substitutions.length} lenient substitution(s){' '}
          {decoded.substitutions.map((s, i) => (
            <span key={i} className="subst">
              ‘{s.from}’→‘{s.to}’ at {s.index}
            </span>
          ))}
        </span>
      )}
    </section>
  );
}

function Differences() {
  const { result, pairIndex, diffIndex, selectPair, selectDiff } = useCompare();
  const pair = result?.pairs[pairIndex];
  const diffs = useMemo(() => orderedDiffs(pair?.diffs ?? []), [pair]);
  if (!result) return null;
  if (result.pairs.length === 0) return <p className="muted">Nothing to compare: an input holds no readable frame.</p>;
  const settings = diffs.filter((d) => d.class === 'setting').length;
  const perConnection = diffs.length - settings;
  return (
    <>
      {result.pairs.length > 1 && (
        <ol className="frame-list" aria-label="Frame pairs">
          {result.pairs.map((p, i) => (
            <li key={i} className={`frame-item${i === pairIndex ? ' selected' : ''}`} onClick={() => selectPair(i)} aria-current={i === pairIndex}>
              <span className="frame-no">#{i + 1}</span>
              <span className="summary">{p.diffs.filter((d) => d.class === 'setting').length} setting difference(s)</span>
            </li>
          ))}
        </ol>
      )}
      <section className="diff-section" aria-label="Differences">
        <h2 className="diff-summary" data-testid="compare-summary">
          {settings === 0 ? 'No setting differs' : `${settings} setting difference${settings === 1 ? '' : 's'}`}
          <span className="muted"> · {perConnection} per-connection (expected on every association)</span>
        </h2>
        {diffs.length > 0 && <DiffTable diffs={diffs} selected={diffIndex} onSelect={selectDiff} />}
      </section>
      <div className="compare-sides">
        <FrameSide side="a" frame={pair?.a !== undefined ? result.a.frames[pair.a] : undefined} />
        <FrameSide side="b" frame={pair?.b !== undefined ? result.b.frames[pair.b] : undefined} />
      </div>
    </>
  );
}

function spaceRoot(tree: FieldNode, spaceId: string): FieldNode | undefined {
  return spaceId === '' ? tree : locate(tree, spaceId)?.node.decrypted?.tree;
}

/** One frame of the pair: its summary, its field tree and hex view(s), linked both ways. */
function FrameSide({ side, frame }: { side: Side; frame: TranslatedFrame | undefined }) {
  const view = useCompare((s) => s.view[side]);
  const selectNode = useCompare((s) => s.selectNode);
  const toggle = useCompare((s) => s.toggle);
  const tree = frame?.frame.tree;
  const hover = useCallback(
    (spaceId: string, offset: number) => {
      const root = tree && spaceRoot(tree, spaceId);
      const id = root && innermostAt(root, spaceRootId(spaceId), offset);
      if (id) selectNode(side, id);
    },
    [tree, selectNode, side],
  );
  const name = side.toUpperCase();
  if (!frame || !tree) {
    return (
      <section className="compare-side" data-side={side} aria-label={`Frame ${name}`}>
        <h3>{name}: no frame</h3>
      </section>
    );
  }
  const selected = view.selectedId ? locate(tree, view.selectedId) : undefined;
  return (
    <section className="compare-side" data-side={side} aria-label={`Frame ${name}`}>
      <h3 className="compare-side-title">
        {name}: <span className="summary">{frame.frame.summary}</span>
      </h3>
      <FieldTree
        root={tree}
        selectedId={view.selectedId}
        collapsed={view.collapsed}
        onSelect={(id) => selectNode(side, id)}
        onToggle={(id) => toggle(side, id)}
      />
      {byteSpaces(frame.hex, tree).map((space) => (
        <HexView
          key={space.id}
          spaceId={space.id}
          title={`${name} · ${space.title}`}
          hex={space.hex}
          range={selected && selected.spaceId === space.id ? selected.node : undefined}
          malformedAt={space.id === '' ? frame.frame.malformedAt : undefined}
          onHoverByte={(offset) => hover(space.id, offset)}
        />
      ))}
    </section>
  );
}
