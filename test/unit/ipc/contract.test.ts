// The contract: every channel has a schema and an API method; schemas refuse what they should.
import { describe, expect, it } from 'vitest';
import { createMeterscopeApi } from '../../../src-shared/ipc/api';
import { EVENT_CHANNELS, INVOKE_CHANNELS, isEventChannel, isInvokeChannel } from '../../../src-shared/ipc/contract';
import { eventSchemas, invokeSchemas, MAX_TRANSLATOR_TEXT } from '../../../src-shared/ipc/schemas';
import { fromWire, toWire } from '../../../src-shared/ipc/wire';

describe('IPC contract', () => {
  it('has a schema for every invoke channel and no schema without a channel', () => {
    expect(Object.keys(invokeSchemas).sort()).toEqual([...INVOKE_CHANNELS].sort());
    expect(INVOKE_CHANNELS).toEqual(expect.arrayContaining(['translator.decode', 'app.info']));
  });

  it('has a schema for every event channel', () => {
    expect(Object.keys(eventSchemas).sort()).toEqual([...EVENT_CHANNELS].sort());
    expect(EVENT_CHANNELS).toContain('simulator.status');
  });

  it('recognises channel names exactly (no prototype keys)', () => {
    expect(isInvokeChannel('translator.decode')).toBe(true);
    expect(isInvokeChannel('toString')).toBe(false);
    expect(isInvokeChannel('__proto__')).toBe(false);
    expect(isEventChannel('simulator.status')).toBe(true);
    expect(isEventChannel('translator.decode')).toBe(false);
  });

  it('builds meterscope.<namespace>.<method> for every invoke channel, forwarding channel and payload', async () => {
    const calls: Array<[string, unknown]> = [];
    const api = createMeterscopeApi({
      invoke: async (channel, payload) => {
        calls.push([channel, payload]);
        return { ok: true, value: channel };
      },
      on: () => () => undefined,
    });
    for (const channel of INVOKE_CHANNELS) {
      const [ns, method] = channel.split('.') as [string, string];
      const fn = (api as unknown as Record<string, Record<string, (p?: unknown) => Promise<unknown>>>)[ns]?.[method];
      expect(typeof fn, channel).toBe('function');
    }
    await api.translator.decode({ text: '60 00' });
    await api.app.info();
    expect(calls).toEqual([
      ['translator.decode', { text: '60 00' }],
      ['app.info', undefined],
    ]);
  });

  it('routes on(event) to the transport and returns its unsubscribe', () => {
    const subscribed: string[] = [];
    let unsubscribed = 0;
    const api = createMeterscopeApi({
      invoke: async () => ({ ok: true, value: null }),
      on: (event) => {
        subscribed.push(event);
        return () => {
          unsubscribed++;
        };
      },
    });
    const off = api.on('simulator.status', () => undefined);
    expect(subscribed).toEqual(['simulator.status']);
    off();
    expect(unsubscribed).toBe(1);
  });
});

describe('translator.decode schema', () => {
  const schema = invokeSchemas['translator.decode'];

  it('accepts text with lenient, layer and well-formed keys', () => {
    const ok = schema.safeParse({
      text: '60 42 A1',
      lenient: true,
      layer: 'wrapper',
      keys: { ek: '000102030405060708090A0B0C0D0E0F', ak: 'd0d1d2d3d4d5d6d7d8d9dadbdcdddedf', clientSystemTitle: '454C532D30303030' },
    });
    expect(ok.success).toBe(true);
  });

  it.each([
    ['missing text', {}],
    ['text not a string', { text: 42 }],
    ['unknown layer', { text: '00', layer: 'tcp' }],
    ['unknown key', { text: '00', verbose: true }],
    ['key with non-hex digits', { text: '00', keys: { ek: 'zz0102030405060708090a0b0c0d0e0f' } }],
    ['key of 15 bytes', { text: '00', keys: { ak: '000102030405060708090a0b0c0d0e' } }],
    ['system title of 7 bytes', { text: '00', keys: { serverSystemTitle: '454C532D303030' } }],
    ['unknown key field', { text: '00', keys: { masterKey: '000102030405060708090a0b0c0d0e0f' } }],
  ])('refuses %s', (_name, payload) => {
    expect(schema.safeParse(payload).success).toBe(false);
  });

  it('refuses text beyond the limit', () => {
    expect(schema.safeParse({ text: '0'.repeat(MAX_TRANSLATOR_TEXT + 1) }).success).toBe(false);
    expect(schema.safeParse({ text: '0'.repeat(MAX_TRANSLATOR_TEXT) }).success).toBe(true);
  });

  it('app.info takes no payload', () => {
    expect(invokeSchemas['app.info'].safeParse(undefined).success).toBe(true);
    expect(invokeSchemas['app.info'].safeParse({ x: 1 }).success).toBe(false);
  });
});

describe('wire encoding (web bridge JSON)', () => {
  it('round-trips Uint8Array inside plain data', () => {
    const value = { a: new Uint8Array([0, 1, 0xfe, 0xff]), nested: [{ b: new Uint8Array([]) }], s: 'x' };
    const back = fromWire(toWire(value)) as typeof value;
    expect(back.a).toBeInstanceOf(Uint8Array);
    expect([...back.a]).toEqual([0, 1, 0xfe, 0xff]);
    expect(back.nested[0]!.b).toBeInstanceOf(Uint8Array);
    expect(back.s).toBe('x');
  });

  it('leaves objects that only look similar alone', () => {
    expect(fromWire('{"$bytes":"0g"}')).toEqual({ $bytes: '0g' });
    expect(fromWire('{"$bytes":"00","x":1}')).toEqual({ $bytes: '00', x: 1 });
  });
});
