// App-wide state: what main reports about itself and the embedded simulator.

import { create } from 'zustand';
import type { AppInfo, SimulatorStatus } from '../../src-shared/ipc/contract';
import { api } from '../api';

interface AppState {
  info: AppInfo | undefined;
  simulator: SimulatorStatus | undefined;
  connectionError: string | undefined;
  init(): () => void;
}

export const useApp = create<AppState>()((set) => ({
  info: undefined,
  simulator: undefined,
  connectionError: undefined,
  init() {
    const unsubscribe = api.on('simulator.status', (simulator) => set({ simulator }));
    void api.app.info().then((r) => {
      if (r.ok) set((s) => ({ info: r.value, simulator: s.simulator ?? r.value.simulator, connectionError: undefined }));
      else set({ connectionError: `${r.error.code}: ${r.error.message}` });
    });
    return unsubscribe;
  },
}));
