// Serves the built renderer from app://meterscope/ (not file://: a file:// page could read any
// local file its path can name, and has no origin to check). Every response carries the strict CSP.

import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { RENDERER_HEADERS, contentTypeFor } from '../services/security-headers';
import { resolveInside } from '../web/static-files';

export const APP_SCHEME = 'app';
export const APP_HOST = 'meterscope';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/** Must run before app 'ready'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Must run after app 'ready'. */
export function handleAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || request.method !== 'GET') return new Response('not found', { status: 404 });
    const path = url.pathname === '/' ? '/index.html' : url.pathname;
    const file = resolveInside(rendererDir, path);
    if (!file) return new Response('not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(new Uint8Array(body), {
        status: 200,
        headers: { ...RENDERER_HEADERS, 'Content-Type': contentTypeFor(file) },
      });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}
