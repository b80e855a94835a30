// The loopback web bridge: the same services the Electron shell exposes, over HTTP on
// 127.0.0.1, serving the same built renderer. POST /api/invoke/<channel> for invoke channels
// (JSON body {payload}, answer a Result), GET /api/events for event channels (Server-Sent Events).
//
// Guards (another local web page must not be able to drive it):
//   - bound to 127.0.0.1 only; a non-loopback host is refused at start;
//   - a random token, given in the URL we print, required for the page and every API call
//     (header X-Meterscope-Token; ?token= for EventSource, which cannot set headers);
//   - Host must be 127.0.0.1:<port> or localhost:<port> (DNS rebinding: a foreign name that
//     resolves to 127.0.0.1 still carries its own Host);
//   - Origin, when sent, must be our own origin; Sec-Fetch-Site, when sent, same-origin;
//   - API POSTs must be application/json (a cross-site form cannot send it without a
//     preflight, and we never answer preflights: no CORS headers anywhere).
// Request bodies are never logged (translator keys travel in them).

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isEventChannel, type IpcErrorCode, type Result } from '../../src-shared/ipc/contract';
import { eventSchemas } from '../../src-shared/ipc/schemas';
import { toWire, fromWire } from '../../src-shared/ipc/wire';
import { dispatchInvoke } from '../ipc/dispatch';
import type { Services } from '../services/index';
import { RENDERER_HEADERS, contentTypeFor } from '../services/security-headers';
import { readStaticFile } from './static-files';

export const TOKEN_HEADER = 'x-meterscope-token';
export const MAX_BODY_BYTES = 4 * 1024 * 1024;
const LOOPBACK_HOSTS = new Set(['127.0.0.1']);
const KEEPALIVE_MS = 15_000;

export interface WebBridgeOptions {
  services: Services;
  /** Directory of the built renderer (index.html + assets). */
  rendererDir: string;
  /** Only 127.0.0.1 is accepted. */
  host?: string;
  /** 0 (default) = a random free port. */
  port?: number;
  /** Default: 32 random bytes, base64url. */
  token?: string;
}

export interface WebBridge {
  host: string;
  port: number;
  token: string;
  /** The URL to open: http://127.0.0.1:<port>/?token=<token> */
  url: string;
  close(): Promise<void>;
}

export async function startWebBridge(options: WebBridgeOptions): Promise<WebBridge> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK_HOSTS.has(host)) {
    throw new Error(`the web bridge binds to loopback only (127.0.0.1), not ${JSON.stringify(host)}`);
  }
  const token = options.token ?? randomBytes(32).toString('base64url');
  if (token.length < 16) throw new Error('the web bridge token must be at least 16 characters');
  const tokenBytes = Buffer.from(token, 'utf8');
  const streams = new Set<ServerResponse>();
  let port = 0;

  const tokenMatches = (candidate: string | null | undefined): boolean => {
    if (typeof candidate !== 'string') return false;
    const c = Buffer.from(candidate, 'utf8');
    return c.length === tokenBytes.length && timingSafeEqual(c, tokenBytes);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error');
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const originOk = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
    const hostOk = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
    if (!req.headers.host || !hostOk.has(req.headers.host.toLowerCase())) {
      return refuse(res, 403, 'FORBIDDEN', 'unexpected Host header');
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !originOk.has(origin.toLowerCase())) {
      return refuse(res, 403, 'FORBIDDEN', 'foreign Origin');
    }
    const fetchSite = req.headers['sec-fetch-site'];
    if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') {
      return refuse(res, 403, 'FORBIDDEN', 'cross-site request');
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const path = url.pathname;

    if (path.startsWith('/api/')) {
      if (path.startsWith('/api/invoke/')) {
        if (req.method !== 'POST') return refuse(res, 405, 'BAD_REQUEST', 'invoke channels take POST');
        if (!tokenMatches(headerValue(req.headers[TOKEN_HEADER]))) return refuse(res, 401, 'FORBIDDEN', 'missing or wrong token');
        const type = headerValue(req.headers['content-type']) ?? '';
        if (!/^application\/json\s*(;|$)/i.test(type)) return refuse(res, 415, 'BAD_REQUEST', 'body must be application/json');
        const body = await readBody(req, MAX_BODY_BYTES);
        if (body === undefined) return refuse(res, 413, 'BAD_REQUEST', `body larger than ${MAX_BODY_BYTES} bytes`);
        let envelope: unknown;
        try {
          envelope = fromWire(body);
        } catch {
          return refuse(res, 400, 'BAD_REQUEST', 'body is not JSON');
        }
        if (envelope === null || typeof envelope !== 'object' || Array.isArray(envelope)) {
          return refuse(res, 400, 'BAD_REQUEST', 'body must be {"payload": ...}');
        }
        const channel = decodeURIComponentSafe(path.slice('/api/invoke/'.length));
        const result = await dispatchInvoke(options.services.handlers, channel, (envelope as { payload?: unknown }).payload);
        return sendResult(res, result);
      }
      if (path === '/api/events') {
        if (req.method !== 'GET') return refuse(res, 405, 'BAD_REQUEST', 'events take GET');
        if (!tokenMatches(url.searchParams.get('token'))) return refuse(res, 401, 'FORBIDDEN', 'missing or wrong token');
        return openEventStream(res);
      }
      return refuse(res, 404, 'UNKNOWN_CHANNEL', 'no such API path');
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'BAD_REQUEST', 'method not allowed');
    if (path === '/' || path === '/index.html') {
      // The page itself needs the token: only who got the printed URL can open it.
      if (!tokenMatches(url.searchParams.get('token'))) return refuse(res, 401, 'FORBIDDEN', 'missing or wrong token');
      const html = await readStaticFile(options.rendererDir, '/index.html');
      if (!html) return send(res, 500, 'text/plain; charset=utf-8', 'renderer not built: run npm run build');
      return send(res, 200, 'text/html; charset=utf-8', html);
    }
    const file = await readStaticFile(options.rendererDir, path);
    if (!file) return send(res, 404, 'text/plain; charset=utf-8', 'not found');
    return send(res, 200, contentTypeFor(path), file);
  }

  function openEventStream(res: ServerResponse): void {
    res.writeHead(200, {
      ...RENDERER_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    streams.add(res);
    const write = (event: string, payload: unknown) => {
      res.write(`event: ${event}\ndata: ${toWire(payload)}\n\n`);
    };
    // Start the client from the current state of every event channel.
    for (const event of Object.keys(eventSchemas)) {
      if (!isEventChannel(event)) continue;
      const last = options.services.events.last(event);
      if (last !== undefined) write(event, last);
    }
    const unsubscribe = options.services.events.subscribe((event, payload) => write(event, payload));
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
    keepalive.unref();
    res.on('close', () => {
      clearInterval(keepalive);
      unsubscribe();
      streams.delete(res);
    });
  }

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    host,
    port,
    token,
    url: `http://${host}:${port}/?token=${encodeURIComponent(token)}`,
    close: () =>
      new Promise<void>((resolveClose) => {
        for (const s of streams) s.end();
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}

const HTTP_STATUS: Record<IpcErrorCode, number> = {
  BAD_REQUEST: 400,
  UNKNOWN_CHANNEL: 404,
  FORBIDDEN: 403,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

function sendResult(res: ServerResponse, result: Result<unknown>): void {
  send(res, result.ok ? 200 : HTTP_STATUS[result.error.code], 'application/json; charset=utf-8', toWire(result));
}

function refuse(res: ServerResponse, status: number, code: IpcErrorCode, message: string): void {
  send(res, status, 'application/json; charset=utf-8', toWire({ ok: false, error: { code, message } }));
}

function send(res: ServerResponse, status: number, contentType: string, body: string | Uint8Array): void {
  res.writeHead(status, { ...RENDERER_HEADERS, 'Content-Type': contentType, 'Cache-Control': 'no-store' });
  res.end(body);
}

function headerValue(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h[0] : h;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The body as text, or undefined when it exceeds the limit. */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolveBody, rejectBody) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolveBody(over ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', rejectBody);
  });
}
