// The loopback web bridge: token, Host/Origin (DNS rebinding), payload validation, loopback-only
// binding, no CORS, SSE events, and the renderer files served with the CSP.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebBridge, TOKEN_HEADER, type WebBridge } from '../../../src-main/web/bridge';
import { createServices, type Services } from '../../../src-main/services/index';
import { RENDERER_CSP } from '../../../src-main/services/security-headers';
import { raw, readEvents } from './http-helper';

let dir: string;
let services: Services;
let bridge: WebBridge;
let stops = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'meterscope-bridge-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Meterscope</title>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(tmpdir(), 'meterscope-outside.txt'), 'outside');
  services = await createServices({
    mode: 'web',
    version: '9.9.9',
    dissector: undefined,
    loadSimulator: async () => () => ({ port: 4059, stop: () => void stops++ }),
  });
  bridge = await startWebBridge({ services, rendererDir: dir });
});

afterAll(async () => {
  await bridge?.close();
  await services?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const json = (token: string | undefined, extra: Record<string, string> = {}) => ({
  'content-type': 'application/json',
  ...(token === undefined ? {} : { [TOKEN_HEADER]: token }),
  ...extra,
});

describe('web bridge', () => {
  it('listens on 127.0.0.1 only, a random port, and prints a URL with the token', () => {
    expect(bridge.host).toBe('127.0.0.1');
    expect(bridge.port).toBeGreaterThan(0);
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}/?token=${encodeURIComponent(bridge.token)}`);
    expect(bridge.token.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses to bind to a non-loopback address', async () => {
    await expect(startWebBridge({ services, rendererDir: dir, host: '0.0.0.0' })).rejects.toThrow(/loopback only/);
    await expect(startWebBridge({ services, rendererDir: dir, host: '::' })).rejects.toThrow(/loopback only/);
  });

  it('is not reachable on a non-loopback interface address', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (!external) {
      // No non-loopback interface here: binding is still proven by the address check above.
      expect(bridge.host).toBe('127.0.0.1');
      return;
    }
    const error = await new Promise<string>((resolve) => {
      const s = connect({ host: external.address, port: bridge.port }, () => {
        s.destroy();
        resolve('connected');
      });
      s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    expect(error).toBe('ECONNREFUSED');
  });

  it('answers an invoke with the right token', async () => {
    const r = await raw(bridge.port, { method: 'POST', path: '/api/invoke/app.info', headers: json(bridge.token), body: '{}' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({
      ok: true,
      value: { name: 'Meterscope', version: '9.9.9', mode: 'web', simulator: { state: 'running', host: '127.0.0.1', port: 4059 } },
    });
  });

  it.each([
    ['a missing token', undefined],
    ['a wrong token', 'x'.repeat(43)],
    ['a token prefix', 'PREFIX'],
  ])('refuses %s', async (_name, token) => {
    const t = token === 'PREFIX' ? bridge.token.slice(0, 10) : token;
    const r = await raw(bridge.port, { method: 'POST', path: '/api/invoke/app.info', headers: json(t), body: '{}' });
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body).error.code).toBe('FORBIDDEN');
  });

  it('refuses the page itself without the token and serves it with it, with the CSP', async () => {
    expect((await raw(bridge.port, { path: '/' })).status).toBe(401);
    expect((await raw(bridge.port, { path: '/?token=wrong' })).status).toBe(401);
    const page = await raw(bridge.port, { path: `/?token=${encodeURIComponent(bridge.token)}` });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Meterscope</title>');
    expect(page.headers['content-security-policy']).toBe(RENDERER_CSP);
    expect(RENDERER_CSP).toContain("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'");
  });

  it('refuses a foreign Host (DNS rebinding) even with the token', async () => {
    for (const host of [`evil.example:${bridge.port}`, `127.0.0.1.evil.example:${bridge.port}`, '127.0.0.1:1']) {
      const r = await raw(bridge.port, { method: 'POST', path: '/api/invoke/app.info', headers: json(bridge.token, { host }), body: '{}' });
      expect(r.status, host).toBe(403);
      expect(JSON.parse(r.body).error.message).toMatch(/Host/);
    }
    const localhost = await raw(bridge.port, {
      method: 'POST',
      path: '/api/invoke/app.info',
      headers: json(bridge.token, { host: `localhost:${bridge.port}` }),
      body: '{}',
    });
    expect(localhost.status).toBe(200);
  });

  it('refuses a foreign Origin and a cross-site fetch, and sends no CORS headers', async () => {
    const foreign = await raw(bridge.port, {
      method: 'POST',
      path: '/api/invoke/app.info',
      headers: json(bridge.token, { origin: 'http://evil.example' }),
      body: '{}',
    });
    expect(foreign.status).toBe(403);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    const otherPort = await raw(bridge.port, {
      method: 'POST',
      path: '/api/invoke/app.info',
      headers: json(bridge.token, { origin: 'http://127.0.0.1:1' }),
      body: '{}',
    });
    expect(otherPort.status).toBe(403);
    const crossSite = await raw(bridge.port, {
      method: 'POST',
      path: '/api/invoke/app.info',
      headers: json(bridge.token, { 'sec-fetch-site': 'cross-site' }),
      body: '{}',
    });
    expect(crossSite.status).toBe(403);
    const preflight = await raw(bridge.port, {
      method: 'OPTIONS',
      path: '/api/invoke/app.info',
      headers: { origin: `http://127.0.0.1:${bridge.port}`, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(405);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const same = await raw(bridge.port, {
      method: 'POST',
      path: '/api/invoke/app.info',
      headers: json(bridge.token, { origin: `http://127.0.0.1:${bridge.port}`, 'sec-fetch-site': 'same-origin' }),
      body: '{}',
    });
    expect(same.status).toBe(200);
  });

  it('refuses bad payloads with a clear error', async () => {
    const bad = await raw(bridge.port, {
      method: 'POST',
      path: '/api/invoke/translator.decode',
      headers: json(bridge.token),
      body: JSON.stringify({ payload: { text: '00', layer: 'tcp' } }),
    });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/^translator\.decode: layer: /) } });
    const notJson = await raw(bridge.port, { method: 'POST', path: '/api/invoke/app.info', headers: json(bridge.token), body: '{nope' });
    expect(notJson.status).toBe(400);
    const formPost = await raw(bridge.port, {
      method: 'POST',
      path: '/api/invoke/app.info',
      headers: { 'content-type': 'text/plain', [TOKEN_HEADER]: bridge.token },
      body: '{}',
    });
    expect(formPost.status).toBe(415);
    const get = await raw(bridge.port, { method: 'GET', path: '/api/invoke/app.info', headers: { [TOKEN_HEADER]: bridge.token } });
    expect(get.status).toBe(405);
  });

  it('refuses an unknown channel', async () => {
    const r = await raw(bridge.port, { method: 'POST', path: '/api/invoke/shell.exec', headers: json(bridge.token), body: '{"payload":"ls"}' });
    expect(r.status).toBe(404);
    expect(JSON.parse(r.body).error.code).toBe('UNKNOWN_CHANNEL');
  });

  it('answers UNAVAILABLE honestly when a service is missing', async () => {
    const r = await raw(bridge.port, { method: 'POST', path: '/api/invoke/translator.decode', headers: json(bridge.token), body: '{"payload":{"text":"00"}}' });
    expect(r.status).toBe(503);
    expect(JSON.parse(r.body).error.code).toBe('UNAVAILABLE');
  });

  it('serves assets but never a file outside the renderer directory', async () => {
    const asset = await raw(bridge.port, { path: '/assets/app.js' });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/^text\/javascript/);
    for (const path of ['/../meterscope-outside.txt', '/%2e%2e/meterscope-outside.txt', '/assets/%2e%2e%2f%2e%2e%2fmeterscope-outside.txt']) {
      const r = await raw(bridge.port, { path });
      expect(r.status, path).toBe(404);
      expect(r.body).not.toContain('outside');
    }
  });

  it('streams events over SSE with the token, starting from the current state', async () => {
    const refused = await readEvents(bridge.port, '/api/events', 1);
    expect(refused.status).toBe(401);
    const got = await readEvents(bridge.port, `/api/events?token=${encodeURIComponent(bridge.token)}`, 2, () => {
      setTimeout(() => void services.simulator.stop(), 20);
    });
    expect(got.events.map((e) => e.event)).toEqual(['simulator.status', 'simulator.status']);
    expect(JSON.parse(got.events[0]!.data)).toEqual({ state: 'running', host: '127.0.0.1', port: 4059 });
    expect(JSON.parse(got.events[1]!.data)).toEqual({ state: 'stopped' });
    expect(stops).toBe(1);
  });
});
