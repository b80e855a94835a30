// The Electron IPC wrapper, driven through fakes of ipcMain and the window (Electron itself
// cannot run here): every call is sender-checked, then channel- and schema-checked.
import type { BrowserWindow, IpcMain } from 'electron';
import { describe, expect, it } from 'vitest';
import { IPC_EVENT, IPC_INVOKE } from '../../../src-shared/ipc/contract';
import { exposeServicesToWindow } from '../../../src-main/ipc/electron-ipc';
import { createServices } from '../../../src-main/services/index';

type Handler = (event: unknown, ...args: unknown[]) => Promise<unknown>;

function fakes() {
  const handlers = new Map<string, Handler>();
  const sent: unknown[][] = [];
  const ipcMain = {
    handle: (channel: string, fn: Handler) => void handlers.set(channel, fn),
    removeHandler: (channel: string) => void handlers.delete(channel),
  } as unknown as IpcMain;
  const window = {
    webContents: { id: 3, send: (...args: unknown[]) => void sent.push(args) },
    isDestroyed: () => false,
  } as unknown as BrowserWindow;
  const event = (id: number, url: string, mainFrame = true) => ({
    sender: { id },
    senderFrame: { url, parent: mainFrame ? null : {} },
  });
  return { handlers, sent, ipcMain, window, event };
}

describe('exposeServicesToWindow', () => {
  it('answers our window and refuses strangers, unknown channels and bad payloads', async () => {
    const f = fakes();
    const services = await createServices({ mode: 'electron', version: '2.0.0', loadSimulator: async () => undefined });
    const dispose = exposeServicesToWindow(f.ipcMain, services, f.window, 'app://meterscope');
    const invoke = f.handlers.get(IPC_INVOKE)!;
    expect(invoke).toBeDefined();

    const ok = (await invoke(f.event(3, 'app://meterscope/index.html'), 'app.info', undefined)) as { ok: boolean; value: { version: string } };
    expect(ok.ok).toBe(true);
    expect(ok.value.version).toBe('2.0.0');

    const refusals: Array<[unknown, string, unknown, string]> = [
      [f.event(4, 'app://meterscope/index.html'), 'app.info', undefined, 'FORBIDDEN'],
      [f.event(3, 'app://meterscope/index.html', false), 'app.info', undefined, 'FORBIDDEN'],
      [f.event(3, 'https://evil.example/'), 'app.info', undefined, 'FORBIDDEN'],
      [f.event(3, 'app://meterscope/index.html'), 'shell.openExternal', 'x', 'UNKNOWN_CHANNEL'],
      [f.event(3, 'app://meterscope/index.html'), 'translator.decode', { text: 1 }, 'BAD_REQUEST'],
    ];
    for (const [event, channel, payload, code] of refusals) {
      const r = (await invoke(event, channel, payload)) as { ok: boolean; error: { code: string } };
      expect(r.ok, `${channel} ${code}`).toBe(false);
      expect(r.error.code).toBe(code);
    }

    dispose();
    expect(f.handlers.has(IPC_INVOKE)).toBe(false);
  });

  it('forwards service events to the window until disposed', async () => {
    const f = fakes();
    const services = await createServices({ mode: 'electron', version: '2.0.0', embeddedSimulator: false });
    const dispose = exposeServicesToWindow(f.ipcMain, services, f.window, 'app://meterscope');
    services.events.emit('simulator.status', { state: 'starting', host: '127.0.0.1' });
    dispose();
    services.events.emit('simulator.status', { state: 'stopped' });
    expect(f.sent).toEqual([[IPC_EVENT, 'simulator.status', { state: 'starting', host: '127.0.0.1' }]]);
  });
});
