// Translator state: the pasted text and options, the last decode result, the selected frame and
// node. Keys live here in memory only: never persisted, never logged.

import { create } from 'zustand';
import type { TranslatorDecodeRequest, TranslatorDecodeResponse } from '../../../src-shared/ipc/contract';
import type { DissectKeys, DissectLayer } from '../../../src-shared/trace';
import { api } from '../../api';
import { ROOT_ID, ancestorIds } from '../../components/field-tree/tree-model';

export type LayerChoice = 'auto' | DissectLayer;

export const LAYER_CHOICES: ReadonlyArray<{ value: LayerChoice; label: string }> = [
  { value: 'auto', label: 'Auto-detect' },
  { value: 'hdlc', label: 'HDLC frame' },
  { value: 'wrapper', label: 'TCP/UDP wrapper' },
  { value: 'apdu', label: 'APDU' },
  { value: 'axdr', label: 'A-XDR data' },
];

export type KeyField = keyof DissectKeys;

export const KEY_FIELDS: ReadonlyArray<{ field: KeyField; label: string; secret: boolean; bytes: string }> = [
  { field: 'ek', label: 'Global unicast encryption key (EK)', secret: true, bytes: '16 or 32 bytes' },
  { field: 'ak', label: 'Authentication key (AK)', secret: true, bytes: '16 or 32 bytes' },
  { field: 'dedicatedKey', label: 'Dedicated key', secret: true, bytes: '16 or 32 bytes' },
  { field: 'clientSystemTitle', label: 'Client system title', secret: false, bytes: '8 bytes' },
  { field: 'serverSystemTitle', label: 'Server system title', secret: false, bytes: '8 bytes' },
];

interface TranslatorState {
  text: string;
  lenient: boolean;
  layer: LayerChoice;
  keys: Partial<Record<KeyField, string>>;
  busy: boolean;
  error: string | undefined;
  result: TranslatorDecodeResponse | undefined;
  frameIndex: number;
  selectedId: string | undefined;
  collapsed: ReadonlySet<string>;
  setText(text: string): void;
  setLenient(lenient: boolean): void;
  setLayer(layer: LayerChoice): void;
  setKey(field: KeyField, value: string): void;
  decode(): Promise<void>;
  selectFrame(index: number): void;
  selectNode(id: string): void;
  toggle(id: string): void;
}

function request(s: TranslatorState): TranslatorDecodeRequest {
  const req: TranslatorDecodeRequest = { text: s.text, lenient: s.lenient };
  if (s.layer !== 'auto') req.layer = s.layer;
  const keys: DissectKeys = {};
  let any = false;
  for (const { field } of KEY_FIELDS) {
    const v = (s.keys[field] ?? '').replace(/[\s:-]/g, '');
    if (v) {
      keys[field] = v;
      any = true;
    }
  }
  if (any) req.keys = keys;
  return req;
}

export const useTranslator = create<TranslatorState>()((set, get) => ({
  text: '',
  lenient: false,
  layer: 'auto',
  keys: {},
  busy: false,
  error: undefined,
  result: undefined,
  frameIndex: 0,
  selectedId: undefined,
  collapsed: new Set<string>(),
  setText: (text) => set({ text }),
  setLenient: (lenient) => set({ lenient }),
  setLayer: (layer) => set({ layer }),
  setKey: (field, value) => set((s) => ({ keys: { ...s.keys, [field]: value } })),
  async decode() {
    set({ busy: true, error: undefined });
    const result = await api.translator.decode(request(get()));
    if (result.ok) {
      set({ busy: false, result: result.value, frameIndex: 0, selectedId: ROOT_ID, collapsed: new Set() });
    } else {
      set({ busy: false, error: `${result.error.code}: ${result.error.message}`, result: undefined });
    }
  },
  selectFrame: (frameIndex) => set({ frameIndex, selectedId: ROOT_ID, collapsed: new Set() }),
  selectNode: (id) =>
    set((s) => {
      if (s.selectedId === id) return s;
      const hidden = ancestorIds(id).filter((a) => s.collapsed.has(a));
      if (hidden.length === 0) return { selectedId: id };
      const collapsed = new Set(s.collapsed);
      for (const a of hidden) collapsed.delete(a);
      return { selectedId: id, collapsed };
    }),
  toggle: (id) =>
    set((s) => {
      const collapsed = new Set(s.collapsed);
      if (collapsed.has(id)) collapsed.delete(id);
      else collapsed.add(id);
      return { collapsed };
    }),
}));
