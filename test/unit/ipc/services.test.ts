// The plain-Node service layer: translator.decode against the seed vectors (their stated
// meaning is the truth), and the embedded simulator slot's honest status.
import { describe, expect, it, vi } from 'vitest';
import type { FieldNode } from '../../../src-shared/trace';
import { createServices } from '../../../src-main/services/index';
import { seedVector } from '../../support/vectors';
import { ocrSeedLine } from './seed-text';
import { toHex } from '../../../src-shared/hex';
import { decodeApduBytes, encodeApdu } from '../../../src-main/dlms/apdu';
import { informationOf, segmentFrames } from '../dissect/link-builders';

function allNodes(n: FieldNode, out: FieldNode[] = []): FieldNode[] {
  out.push(n);
  for (const c of n.children ?? []) allNodes(c, out);
  if (n.decrypted) allNodes(n.decrypted.tree, out);
  return out;
}

const text = (n: FieldNode) => [n.label, n.value ?? '', n.meaning ?? ''].join(' | ');

describe('translator.decode service', () => {
  it('decodes the vendor AARQ with the expected summary, mechanism and conformance names', async () => {
    const services = await createServices({ mode: 'web', version: 't', embeddedSimulator: false });
    const v = seedVector('vendor-aarq-hls-gmac');
    const r = await services.handlers['translator.decode']({ text: v.hex });
    expect(r.errors).toEqual([]);
    expect(r.substitutions).toEqual([]);
    expect(r.frames).toHaveLength(1);
    const { frame, hex } = r.frames[0]!;
    expect(hex).toBe(v.hex.toUpperCase());
    expect(frame.layer).toBe(v.layer);
    expect(frame.summary).toMatch(new RegExp(`^${String(v.expect['apdu'])}\\b`));
    expect(frame.malformedAt).toBeUndefined();
    const nodes = allNodes(frame.tree);
    expect(nodes.some((n) => /2\.16\.756\.5\.8\.2\.5/.test(text(n)) && /high[- ]level security,? GMAC/i.test(text(n)))).toBe(true);
    // The vector states the conformance as "0x403edd = name, name, ...": every name must show up.
    const conformance = (v.expect['userInformation'] as { initiateRequest: { conformance: string } }).initiateRequest.conformance;
    const names = conformance.split('=')[1]!.split(',').map((s) => s.trim());
    expect(names.length).toBe(12);
    const all = nodes.map(text).join('\n');
    for (const name of names) expect(all, name).toContain(name);
  });

  it('reads the OCR line leniently, listing substitutions, and recovers the corrected frame', async () => {
    const services = await createServices({ mode: 'web', version: 't', embeddedSimulator: false });
    const line = ocrSeedLine();
    const strict = await services.handlers['translator.decode']({ text: line });
    expect(strict.frames).toEqual([]);
    expect(strict.errors.length).toBeGreaterThan(0);
    const lenient = await services.handlers['translator.decode']({ text: line, lenient: true });
    expect(lenient.errors).toEqual([]);
    expect(lenient.frames).toHaveLength(3);
    expect(lenient.substitutions.length).toBeGreaterThan(0);
    for (const s of lenient.substitutions) expect(line[s.index]).toBe(s.from);
    expect(lenient.substitutions.map((s) => `${s.from}>${s.to}`)).toEqual(expect.arrayContaining(['O>0', 'S>5']));
    const corrected = seedVector('client-aarq-wrapped-sn-ciphered-mech2').hex.toUpperCase();
    expect(lenient.frames[0]!.hex).toBe(corrected);
    expect(lenient.frames[2]!.hex).toBe(corrected);
  });

  it('passes the keys through: the ciphered InitiateRequest opens under its envelope', async () => {
    const services = await createServices({ mode: 'web', version: 't', embeddedSimulator: false });
    const v = seedVector('client-aarq-wrapped-sn-ciphered-gmac');
    const crypto = v.crypto as { ek: string; ak: string; plaintext: string };
    const without = await services.handlers['translator.decode']({ text: v.hex });
    expect(allNodes(without.frames[0]!.frame.tree).some((n) => n.decrypted)).toBe(false);
    const withKeys = await services.handlers['translator.decode']({ text: v.hex, keys: { ek: crypto.ek, ak: crypto.ak } });
    const carrier = allNodes(withKeys.frames[0]!.frame.tree).find((n) => n.decrypted);
    expect(carrier?.decrypted?.plaintextHex).toBe(crypto.plaintext.toUpperCase());
  });
});

describe('translator.decode over a pasted log', () => {
  it('joins an HDLC message segmented across log lines, as it was on the wire', async () => {
    const services = await createServices({ mode: 'web', version: 't', embeddedSimulator: false });
    // A get-response-normal carrying a 300-byte octet string: too long for one 128-byte frame.
    const response = encodeApdu(
      decodeApduBytes(Uint8Array.from([0xc4, 0x01, 0xc1, 0x00, 0x09, 0x82, 0x01, 0x2c, ...new Array<number>(300).fill(0x5a)])),
    );
    const information = informationOf('server', response); // LLC header + APDU, cut into 3 segments
    const segments = segmentFrames('server', information, [120, 240]);
    const text = segments.map((f, i) => `RX: 10:00:0${i} ${toHex(f, ' ')}`).join('\n');
    const r = await services.handlers['translator.decode']({ text });
    expect(r.errors).toEqual([]);
    const reassembled = r.frames.filter((f) => f.frame.reassembledHex !== undefined);
    expect(reassembled).toHaveLength(1);
    expect(reassembled[0]!.hex).toBe(toHex(information));
    expect(reassembled[0]!.frame.summary).toMatch(/Get-Response-Normal/);
    expect(r.frames.every((f) => f.frame.malformedAt === undefined)).toBe(true);
  });
});

describe('keys are never logged', () => {
  it('writes nothing containing a key to the console or stdio while decoding with keys', async () => {
    const services = await createServices({ mode: 'web', version: 't', embeddedSimulator: false });
    const v = seedVector('client-aarq-wrapped-sn-ciphered-gmac');
    const crypto = v.crypto as { ek: string; ak: string };
    const written: string[] = [];
    const capture = (...args: unknown[]) => void written.push(args.map(String).join(' '));
    const spies = [
      ...(['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((m) => vi.spyOn(console, m).mockImplementation(capture)),
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => (capture(chunk), true)),
      vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => (capture(chunk), true)),
    ];
    try {
      await services.handlers['translator.decode']({ text: v.hex, keys: { ek: crypto.ek, ak: crypto.ak } });
      await services.handlers['translator.decode']({ text: 'zz', keys: { ek: crypto.ek } });
    } finally {
      for (const s of spies) s.mockRestore();
    }
    const all = written.join('\n').toUpperCase();
    expect(all).not.toContain(crypto.ek.toUpperCase());
    expect(all).not.toContain(crypto.ak.toUpperCase());
  });
});

describe('embedded simulator slot', () => {
  it("reports 'not available' when the build has no simulator", async () => {
    const services = await createServices({ mode: 'electron', version: '1.0.0', loadSimulator: async () => undefined });
    const info = await services.handlers['app.info'](undefined);
    expect(info).toEqual({
      name: 'Meterscope',
      version: '1.0.0',
      mode: 'electron',
      simulator: { state: 'not available', detail: expect.stringContaining('src-main/sim') },
    });
  });

  it('starts the simulator on 127.0.0.1 and reports its port, then stops it', async () => {
    const asked: unknown[] = [];
    let stopped = false;
    const services = await createServices({
      mode: 'web',
      version: 't',
      loadSimulator: async () => (options) => {
        asked.push(options);
        return { port: 40_000 + asked.length, stop: () => void (stopped = true) };
      },
    });
    expect(asked).toEqual([{ host: '127.0.0.1', port: 0 }]);
    expect(services.simulator.status).toEqual({ state: 'running', host: '127.0.0.1', port: 40_001 });
    const seen: string[] = [];
    services.events.subscribe((event, payload) => seen.push(`${event}:${payload.state}`));
    await services.stop();
    expect(stopped).toBe(true);
    expect(seen).toEqual(['simulator.status:stopped']);
  });

  it('reports a failed start with its reason', async () => {
    const services = await createServices({
      mode: 'web',
      version: 't',
      loadSimulator: async () => () => {
        throw new Error('EADDRINUSE');
      },
    });
    expect(services.simulator.status).toEqual({ state: 'failed', host: '127.0.0.1', detail: 'EADDRINUSE' });
  });
});
