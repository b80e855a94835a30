// Electron main: app lifecycle only. Registers app://, starts the plain-Node services (with
// the embedded simulator), opens the one window and exposes the services to it over the typed
// IPC. Bundled to dist/main/main.cjs; the renderer lives in dist/renderer, the preload next to us.

import { join } from 'node:path';
import { app, ipcMain } from 'electron';
import { exposeServicesToWindow } from '../ipc/electron-ipc';
import { createServices, type Services } from '../services/index';
import { APP_ORIGIN, APP_START_URL, handleAppProtocol, registerAppScheme } from './protocol';
import { createMainWindow, hardenWebContents } from './window';

const rendererDir = join(__dirname, '../renderer');
const preloadPath = join(__dirname, 'preload.cjs');

app.enableSandbox();
registerAppScheme();

let services: Services | undefined;

// Every web contents, not only our window's, gets the same denials.
app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

async function start(): Promise<void> {
  handleAppProtocol(rendererDir);
  services = await createServices({ mode: 'electron', version: app.getVersion() });
  const win = createMainWindow(preloadPath);
  const unexpose = exposeServicesToWindow(ipcMain, services, win, APP_ORIGIN);
  win.on('closed', unexpose);
  await win.loadURL(APP_START_URL);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.whenReady().then(start, (e: unknown) => {
    process.stderr.write(`meterscope: ${e instanceof Error ? e.message : String(e)}\n`);
    app.exit(1);
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    void services?.stop();
  });
}
