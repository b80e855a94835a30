// translator.diff: the Compare tab's channel, through the same dispatch gate as every channel
// (schema first), against the seed pair whose differences the vector states.
import { describe, expect, it } from 'vitest';
import { dispatchInvoke } from '../../../src-main/ipc/dispatch';
import { createServices } from '../../../src-main/services/index';
import type { TranslatorDiffResponse } from '../../../src-shared/ipc/contract';
import { invokeSchemas, MAX_TRANSLATOR_TEXT } from '../../../src-shared/ipc/schemas';
import { seedVector } from '../../support/vectors';

const client = seedVector('client-aarq-wrapped-sn-plain-dest145');
const vendor = seedVector('vendor-aarq-wrapped');

describe('translator.diff service', () => {
  it('decodes both inputs as translator.decode does and diffs them: the seed pair gives its four settings', async () => {
    const services = await createServices({ mode: 'web', version: 't', embeddedSimulator: false });
    const r = await dispatchInvoke(services.handlers, 'translator.diff', { a: `-> ${client.hex}`, b: vendor.hex.match(/../g)!.join(' ') });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const v = r.value as TranslatorDiffResponse;
    expect(v.a.frames.map((f) => f.hex)).toEqual([client.hex.toUpperCase()]);
    expect(v.b.frames.map((f) => f.hex)).toEqual([vendor.hex.toUpperCase()]);
    expect(v.pairs).toHaveLength(1);
    const settings = v.pairs[0]!.diffs.filter((d) => d.class === 'setting');
    expect(settings.map((d) => d.path.split(' / ').pop())).toEqual(['destination wPort', 'application-context-name', 'proposed-conformance', 'client-max-receive-pdu-size']);
    // The node ids address the same nodes the renderer's tree shows.
    const wport = settings[0]!;
    expect(wport.a!.nodeId).toBe('0.0.2');
    expect(v.a.frames[0]!.frame.tree.children![0]!.children![2]!.label).toBe('destination wPort');
  });

  it('an input that is not hex comes back in its errors, with no pairs', async () => {
    const services = await createServices({ mode: 'web', version: 't', embeddedSimulator: false });
    const v = await services.handlers['translator.diff']({ a: vendor.hex, b: '60 0G' });
    expect(v.a.errors).toEqual([]);
    expect(v.b.errors).toEqual([{ index: 4, message: expect.stringContaining("'G' is not a hex digit") }]);
    expect(v.pairs).toEqual([]);
  });

  it('the schema refuses missing inputs, unknown fields and oversized text', () => {
    const schema = invokeSchemas['translator.diff'];
    expect(schema.safeParse({ a: '00', b: '00', lenient: true, layer: 'apdu' }).success).toBe(true);
    expect(schema.safeParse({ a: '00' }).success).toBe(false);
    expect(schema.safeParse({ a: '00', b: '00', text: '00' }).success).toBe(false);
    expect(schema.safeParse({ a: '0'.repeat(MAX_TRANSLATOR_TEXT + 1), b: '00' }).success).toBe(false);
    expect(schema.safeParse({ a: '00', b: '00', keys: { ek: 'zz' } }).success).toBe(false);
  });
});
