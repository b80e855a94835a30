// dispatchInvoke: the single gate both the Electron IPC and the web bridge pass through.
import { describe, expect, it } from 'vitest';
import { dispatchInvoke, ServiceError, type InvokeHandlers } from '../../../src-main/ipc/dispatch';

const SECRET_EK = 'C0FFEE0102030405060708090A0B0C0Z'; // not hex at the end: fails the schema

function handlers(overrides: Partial<InvokeHandlers> = {}): { h: InvokeHandlers; seen: unknown[] } {
  const seen: unknown[] = [];
  const h: InvokeHandlers = {
    'translator.decode': async (req) => {
      seen.push(req);
      return { frames: [], substitutions: [], errors: [] };
    },
    'translator.diff': async () => {
      const empty = { frames: [], substitutions: [], errors: [] };
      return { a: empty, b: empty, pairs: [] };
    },
    'settings.previewAarq': async () => {
      throw new ServiceError('UNAVAILABLE', 'no preview in this test');
    },
    'app.info': async () => ({ name: 'Meterscope', version: '1.2.3', mode: 'web', simulator: { state: 'not available' } }),
    ...overrides,
  };
  return { h, seen };
}

describe('dispatchInvoke', () => {
  it('refuses an unknown channel', async () => {
    const { h } = handlers();
    const r = await dispatchInvoke(h, 'fs.readFile', { path: '/etc/passwd' });
    expect(r).toEqual({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: expect.stringContaining('fs.readFile') } });
    expect((await dispatchInvoke(h, 42, undefined)).ok).toBe(false);
    expect((await dispatchInvoke(h, 'constructor', undefined)).ok).toBe(false);
  });

  it('refuses a payload failing its schema with a clear message, before the handler runs', async () => {
    const { h, seen } = handlers();
    const r = await dispatchInvoke(h, 'translator.decode', { text: 7 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('BAD_REQUEST');
    expect(r.error.message).toMatch(/^translator\.decode: text: /);
    expect(seen).toEqual([]);
  });

  it('never echoes a refused key back in the error', async () => {
    const { h } = handlers();
    const r = await dispatchInvoke(h, 'translator.decode', { text: '00', keys: { ek: SECRET_EK } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toContain('keys.ek');
    expect(r.error.message).not.toContain(SECRET_EK);
    expect(r.error.message.toUpperCase()).not.toContain('C0FFEE');
  });

  it('passes the parsed payload to the handler and wraps its value', async () => {
    const { h, seen } = handlers();
    const r = await dispatchInvoke(h, 'translator.decode', { text: 'AA', lenient: true });
    expect(r).toEqual({ ok: true, value: { frames: [], substitutions: [], errors: [] } });
    expect(seen).toEqual([{ text: 'AA', lenient: true }]);
    const info = await dispatchInvoke(h, 'app.info', undefined);
    expect(info.ok && (info.value as { version: string }).version).toBe('1.2.3');
  });

  it('turns a ServiceError into its code and any other throw into INTERNAL', async () => {
    const unavailable = handlers({
      'translator.decode': async () => {
        throw new ServiceError('UNAVAILABLE', 'no dissector');
      },
    });
    expect(await dispatchInvoke(unavailable.h, 'translator.decode', { text: '' })).toEqual({
      ok: false,
      error: { code: 'UNAVAILABLE', message: 'no dissector' },
    });
    const broken = handlers({
      'app.info': async () => {
        throw new TypeError('boom');
      },
    });
    const r = await dispatchInvoke(broken.h, 'app.info', undefined);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toEqual({ code: 'INTERNAL', message: 'app.info failed: boom' });
  });
});
