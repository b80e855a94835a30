// The one window factory. Security preferences are applied last, after any overrides, so no
// caller can weaken them (VS Code's defaultBrowserWindowOptions does the same).

import { BrowserWindow, type BrowserWindowConstructorOptions, type WebContents } from 'electron';

export function createMainWindow(preloadPath: string, overrides: BrowserWindowConstructorOptions = {}): BrowserWindow {
  const options: BrowserWindowConstructorOptions = {
    width: 1280,
    height: 820,
    minWidth: 800,
    minHeight: 500,
    title: 'Meterscope',
    show: false,
    backgroundColor: '#f6f7f9',
    ...overrides,
    webPreferences: {
      ...overrides.webPreferences,
      preload: preloadPath,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  };
  const win = new BrowserWindow(options);
  hardenWebContents(win.webContents);
  win.once('ready-to-show', () => win.show());
  return win;
}

/** Deny permissions, navigation, new windows and webviews for any web contents we create. */
export function hardenWebContents(contents: WebContents): void {
  contents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  contents.session.setPermissionCheckHandler(() => false);
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
