// Compare state: the two pasted inputs, the last translator.diff result, the selected frame pair
// and difference, and per side the field-tree node shown and the collapsed nodes.

import { create } from 'zustand';
import type { FieldDiff } from '../../../src-shared/diff';
import type { TranslatorDiffResponse } from '../../../src-shared/ipc/contract';
import { api } from '../../api';
import { ancestorIds, ROOT_ID } from '../../components/field-tree/tree-model';

export type Side = 'a' | 'b';

interface SideView {
  selectedId: string | undefined;
  collapsed: ReadonlySet<string>;
}

interface CompareState {
  a: string;
  b: string;
  lenient: boolean;
  busy: boolean;
  error: string | undefined;
  result: TranslatorDiffResponse | undefined;
  pairIndex: number;
  /** Index of the selected difference in the shown (settings-first) list. */
  diffIndex: number | undefined;
  view: Record<Side, SideView>;
  setText(side: Side, text: string): void;
  setLenient(lenient: boolean): void;
  compare(): Promise<void>;
  selectPair(index: number): void;
  selectDiff(index: number, diff: FieldDiff): void;
  selectNode(side: Side, id: string): void;
  toggle(side: Side, id: string): void;
}

const fresh = (): Record<Side, SideView> => ({
  a: { selectedId: ROOT_ID, collapsed: new Set() },
  b: { selectedId: ROOT_ID, collapsed: new Set() },
});

/** Selecting a node expands its collapsed ancestors so the row is visible. */
function reveal(v: SideView, id: string): SideView {
  const hidden = ancestorIds(id).filter((x) => v.collapsed.has(x));
  if (hidden.length === 0) return { ...v, selectedId: id };
  const collapsed = new Set(v.collapsed);
  for (const x of hidden) collapsed.delete(x);
  return { selectedId: id, collapsed };
}

/** The differences as shown: settings first, then per-connection, each in tree order. */
export function orderedDiffs(diffs: readonly FieldDiff[]): FieldDiff[] {
  return [...diffs.filter((d) => d.class === 'setting'), ...diffs.filter((d) => d.class === 'per-connection')];
}

export const useCompare = create<CompareState>()((set, get) => ({
  a: '',
  b: '',
  lenient: false,
  busy: false,
  error: undefined,
  result: undefined,
  pairIndex: 0,
  diffIndex: undefined,
  view: fresh(),
  setText: (side, text) => set(side === 'a' ? { a: text } : { b: text }),
  setLenient: (lenient) => set({ lenient }),
  async compare() {
    const s = get();
    set({ busy: true, error: undefined });
    const r = await api.translator.diff({ a: s.a, b: s.b, lenient: s.lenient });
    if (r.ok) set({ busy: false, result: r.value, pairIndex: 0, diffIndex: undefined, view: fresh() });
    else set({ busy: false, error: `${r.error.code}: ${r.error.message}`, result: undefined });
  },
  selectPair: (pairIndex) => set({ pairIndex, diffIndex: undefined, view: fresh() }),
  selectDiff: (diffIndex, diff) =>
    set((s) => ({
      diffIndex,
      view: {
        a: diff.a ? reveal(s.view.a, diff.a.nodeId) : { ...s.view.a, selectedId: undefined },
        b: diff.b ? reveal(s.view.b, diff.b.nodeId) : { ...s.view.b, selectedId: undefined },
      },
    })),
  selectNode: (side, id) => set((s) => ({ view: { ...s.view, [side]: reveal(s.view[side], id) } })),
  toggle: (side, id) =>
    set((s) => {
      const collapsed = new Set(s.view[side].collapsed);
      if (collapsed.has(id)) collapsed.delete(id);
      else collapsed.add(id);
      return { view: { ...s.view, [side]: { ...s.view[side], collapsed } } };
    }),
}));
