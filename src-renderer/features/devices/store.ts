// Settings tab state: the draft as typed, the schema's complaints per setting, and the live AARQ
// preview from main (settings.previewAarq), asked for 250 ms after the last keystroke; an answer
// to an older draft is dropped. Keys live in memory only: never persisted, never logged.

import { create } from 'zustand';
import type { SettingsPreviewResponse } from '../../../src-shared/ipc/contract';
import { api } from '../../api';
import { ROOT_ID, ancestorIds } from '../../components/field-tree/tree-model';
import { defaultDraft, toInput, validate, type Draft } from './draft';

export const PREVIEW_DEBOUNCE_MS = 250;

interface SettingsState {
  draft: Draft;
  /** Per setting: the schema's (or the AARQ builder's) reason for refusing its value. */
  problems: Record<string, string>;
  /** A refusal that names no setting, or a channel failure. */
  error: string | undefined;
  preview: SettingsPreviewResponse | undefined;
  /** The preview shows an older draft (waiting, or the current one is refused). */
  stale: boolean;
  selectedId: string | undefined;
  collapsed: ReadonlySet<string>;
  /** A byte range picked from a setting's "bytes" line (wins over the tree's selection until the next tree click). */
  pinned: { start: number; length: number } | undefined;
  update(patch: Partial<Draft>): void;
  refresh(): Promise<void>;
  selectNode(id: string): void;
  toggle(id: string): void;
  pin(range: { start: number; length: number }, id: string | undefined): void;
}

let timer: ReturnType<typeof setTimeout> | undefined;
let sequence = 0;

export const useSettings = create<SettingsState>()((set, get) => ({
  draft: defaultDraft(),
  problems: {},
  error: undefined,
  preview: undefined,
  stale: true,
  selectedId: undefined,
  collapsed: new Set<string>(),
  pinned: undefined,
  update(patch) {
    const draft = { ...get().draft, ...patch };
    sequence++; // an answer still on its way is for an older draft: drop it
    set({ draft, problems: validate(toInput(draft)), stale: true });
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void get().refresh();
    }, PREVIEW_DEBOUNCE_MS);
  },
  async refresh() {
    const input = toInput(get().draft);
    const problems = validate(input);
    if (Object.keys(problems).length > 0) {
      set({ problems, error: undefined, stale: true });
      return;
    }
    const mine = ++sequence;
    const r = await api.settings.previewAarq(input);
    if (mine !== sequence) return;
    if (r.ok) {
      const keep = get().preview !== undefined;
      set((s) => ({
        preview: r.value,
        problems: {},
        error: undefined,
        stale: false,
        selectedId: keep ? s.selectedId : ROOT_ID,
        pinned: keep ? s.pinned : undefined,
      }));
      return;
    }
    // The builder's refusals read "<setting>: <reason>": put them by their field.
    const m = /^(?:settings\.previewAarq: )?([A-Za-z]+): (.*)$/.exec(r.error.message);
    if (r.error.code === 'BAD_REQUEST' && m && m[1] !== undefined && m[2] !== undefined) {
      set({ problems: { [m[1]]: m[2] }, error: undefined, stale: true });
    } else {
      set({ error: `${r.error.code}: ${r.error.message}`, stale: true });
    }
  },
  selectNode: (id) =>
    set((s) => {
      const hidden = ancestorIds(id).filter((a) => s.collapsed.has(a));
      const collapsed = hidden.length === 0 ? s.collapsed : new Set([...s.collapsed].filter((a) => !hidden.includes(a)));
      return { selectedId: id, collapsed, pinned: undefined };
    }),
  toggle: (id) =>
    set((s) => {
      const collapsed = new Set(s.collapsed);
      if (collapsed.has(id)) collapsed.delete(id);
      else collapsed.add(id);
      return { collapsed };
    }),
  pin: (range, id) =>
    set((s) => {
      if (id === undefined) return { pinned: range };
      const collapsed = new Set([...s.collapsed].filter((a) => !ancestorIds(id).includes(a)));
      return { pinned: range, selectedId: id, collapsed };
    }),
}));
