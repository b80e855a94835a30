// The Settings tab: the form on the left, the live AARQ preview on the right (the first frame the
// settings put on the wire, dissected: field tree and hex view linked as in the translator).

import { useCallback, useEffect } from 'react';
import { FieldTree } from '../../components/field-tree/FieldTree';
import { innermostAt, locate, ROOT_ID } from '../../components/field-tree/tree-model';
import { HexView } from '../../components/hex-view/HexView';
import { SettingsForm } from './SettingsForm';
import { useSettings } from './store';
import './settings.css';

export function SettingsPane() {
  const refresh = useSettings((s) => s.refresh);
  const hasPreview = useSettings((s) => s.preview !== undefined);
  useEffect(() => {
    if (!hasPreview) void refresh();
  }, [hasPreview, refresh]);
  return (
    <main className="settings-pane">
      <SettingsForm />
      <AarqPreview />
    </main>
  );
}

function AarqPreview() {
  const { preview, stale, error, problems, selectedId, collapsed, pinned, selectNode, toggle } = useSettings();
  const tree = preview?.frame.tree;
  const hover = useCallback(
    (offset: number) => {
      const id = tree && innermostAt(tree, ROOT_ID, offset);
      if (id) selectNode(id);
    },
    [tree, selectNode],
  );
  const refused = Object.keys(problems);
  const selected = tree && selectedId ? locate(tree, selectedId) : undefined;
  const range = pinned ?? (selected && selected.spaceId === '' ? selected.node : undefined);
  return (
    <aside className="aarq-preview" aria-label="AARQ preview">
      <h3>AARQ preview</h3>
      {error && (
        <div className="error-banner" role="alert">
          {error}
        </div>
      )}
      {refused.length > 0 && (
        <p className="preview-refused" data-testid="preview-refused">
          Not updated: {refused.length} setting{refused.length === 1 ? '' : 's'} refused ({refused.join(', ')}).
        </p>
      )}
      {preview && tree && (
        <div className={stale ? 'preview-body stale' : 'preview-body'}>
          <p className="preview-summary" data-testid="preview-summary">
            {preview.frame.summary}
          </p>
          {preview.challengePlaceholder && (
            <p className="preview-note" data-testid="challenge-placeholder">
              The challenge shown (3F…) is a placeholder: it is random at connect time.
            </p>
          )}
          <dl className="preview-hex">
            <dt>AARQ</dt>
            <dd>
              <code data-testid="aarq-hex">{preview.aarqHex}</code>
            </dd>
            <dt>{preview.framing === 'wrapper' ? 'Wrapper frame' : 'HDLC I-frame'}</dt>
            <dd>
              <code data-testid="wire-hex">{preview.wrapperOrHdlcHex}</code>
            </dd>
          </dl>
          <FieldTree root={tree} selectedId={selectedId} collapsed={collapsed} onSelect={selectNode} onToggle={toggle} />
          <HexView spaceId="" title="Wire frame" hex={preview.wrapperOrHdlcHex} range={range} malformedAt={preview.frame.malformedAt} onHoverByte={hover} />
        </div>
      )}
    </aside>
  );
}
