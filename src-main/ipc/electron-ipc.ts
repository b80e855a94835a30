// The only place ipcMain and webContents.send are used. One invoke channel underneath
// (IPC_INVOKE, carrying the contract channel name and payload) and one event channel
// (IPC_EVENT). Every call is checked: sender (our window, main frame, app:// origin), then the
// channel and the payload schema (dispatchInvoke). Payloads are never logged.

import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import { IPC_EVENT, IPC_INVOKE, err, type Result } from '../../src-shared/ipc/contract';
import type { Services } from '../services/index';
import { dispatchInvoke } from './dispatch';
import { senderProblem, type SenderInfo } from './validate-sender';

function senderInfo(event: IpcMainInvokeEvent): SenderInfo {
  const frame = event.senderFrame;
  return {
    webContentsId: event.sender.id,
    frameUrl: frame?.url ?? '',
    isMainFrame: frame !== null && frame !== undefined && frame.parent === null,
  };
}

/** Exposes the services to one window; returns the function that removes the exposure. */
export function exposeServicesToWindow(
  ipcMain: IpcMain,
  services: Services,
  window: BrowserWindow,
  origin: string,
): () => void {
  const expected = { webContentsId: window.webContents.id, origin };

  ipcMain.handle(IPC_INVOKE, async (event, channel: unknown, payload: unknown): Promise<Result<unknown>> => {
    const problem = senderProblem(senderInfo(event), expected);
    if (problem) return err('FORBIDDEN', problem);
    return dispatchInvoke(services.handlers, channel, payload);
  });

  const unsubscribe = services.events.subscribe((event, payload) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_EVENT, event, payload);
  });

  return () => {
    ipcMain.removeHandler(IPC_INVOKE);
    unsubscribe();
  };
}
