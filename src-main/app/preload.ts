// The preload: exposes `window.meterscope`, the narrow named API built from the contract, and
// nothing else (never ipcRenderer itself). Bundled to one CommonJS file (dist/main/preload.cjs)
// because a sandboxed preload can require only 'electron' and a few built-ins.

import { contextBridge, ipcRenderer } from 'electron';
import { createMeterscopeApi } from '../../src-shared/ipc/api';
import { IPC_EVENT, IPC_INVOKE, isEventChannel, type EventChannel, type Result } from '../../src-shared/ipc/contract';

const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();

ipcRenderer.on(IPC_EVENT, (_event, name: unknown, payload: unknown) => {
  if (!isEventChannel(name)) return;
  for (const l of [...(listeners.get(name) ?? [])]) l(payload);
});

const api = createMeterscopeApi({
  invoke: (channel, payload) => ipcRenderer.invoke(IPC_INVOKE, channel, payload) as Promise<Result<unknown>>,
  on: (event, listener) => {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    // Wrap so the same function subscribed twice gets two independent subscriptions.
    const wrapped = (payload: unknown) => listener(payload);
    set.add(wrapped);
    return () => {
      set.delete(wrapped);
    };
  },
});

contextBridge.exposeInMainWorld('meterscope', api);
