// Over real loopback sockets, a Session against the simulator for what the interop run with the
// Gurux C++ server found missing: the SN object list in data-block-results at a small PDU and a long
// SN write in blocks, HLS-ECDSA (suites 1 and 2, pass 4 in pblocks over a small PDU), GBT streaming
// in windows over HDLC (several I frames back to back), with-list batches capped at maxListItems
// with the one-by-one fallback on an exception, and FRMR for an invalid N(R).
import { createConnection } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeApduBytes } from '../../../src-main/dlms/apdu';
import { serverAddress, clientAddress } from '../../../src-main/dlms/framing/hdlc/address';
import { HdlcDeframer } from '../../../src-main/dlms/framing/hdlc/deframer';
import { decodeHdlcFrameBytes, encodeHdlcFrame, stripLlc } from '../../../src-main/dlms/framing/hdlc/frame';
import { WrapperDeframer } from '../../../src-main/dlms/framing/wrapper';
import { conformanceBitValue } from '../../../src-main/dlms/xdlms/conformance';
import { MemoryCounterLedger } from '../../../src-main/session/ic-ledger';
import { Session } from '../../../src-main/session/session';
import { startSimulator, type SimulatorHandle, type SimulatorTraceEvent } from '../../../src-main/sim';
import type { DeviceSettingsInput } from '../../../src-shared/settings';
import { ECDSA_CLIENT, SN_CLIENT, testDevice } from '../../unit/sim/devices';

const running: SimulatorHandle[] = [];
const sessions: Session[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

const dev = testDevice(1024);
const bits = (...names: Parameters<typeof conformanceBitValue>[0][]): number => names.reduce((n, b) => n | conformanceBitValue(b), 0);

async function sim(transport: 'wrapper-tcp' | 'hdlc-tcp', onTrace?: (e: SimulatorTraceEvent) => void, faults = {}): Promise<SimulatorHandle> {
  const s = await startSimulator({ device: dev.model, port: 0, transport, faults, ...(onTrace ? { onTrace } : {}) });
  running.push(s);
  return s;
}

function session(s: SimulatorHandle, settings: DeviceSettingsInput): Session {
  const x = new Session({
    settings: {
      interface: s.transport === 'hdlc-tcp' ? 'hdlc-tcp' : 'wrapper-tcp',
      port: s.port,
      serverLogicalAddress: 1,
      serverPhysicalAddress: s.transport === 'hdlc-tcp' ? 17 : 0,
      timeouts: { connectMs: 3000, responseMs: 3000, retries: 1 },
      hdlc: { maxInfoFieldTransmit: 128, maxInfoFieldReceive: 128, windowSizeTransmit: 1, windowSizeReceive: 1, inactivityTimeoutSeconds: 0 },
      ...settings,
    },
    ledger: new MemoryCounterLedger(),
  });
  sessions.push(x);
  return x;
}

const json = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (x instanceof Uint8Array ? Buffer.from(x).toString('hex') : typeof x === 'bigint' ? x.toString() : x));

describe.each(['wrapper-tcp', 'hdlc-tcp'] as const)('SN block transfer over %s', (transport) => {
  it('the object list at a 128-byte PDU comes in data-block-results; a 200-byte value is written in write-data-block-access blocks', async () => {
    const s = await sim(transport);
    const snConformance = bits('read', 'write', 'parameterized-access', 'multiple-references', 'block-transfer-with-get-or-read', 'block-transfer-with-set-or-write');
    const c = session(s, { clientAddress: SN_CLIENT, referencing: 'sn', authentication: 'none', proposedConformance: snConformance, maxPduSize: 128 });
    const progress: number[] = [];
    c.on((e) => {
      if (e.kind === 'progress') progress.push(e.blocks);
    });
    await c.connect();
    const list = await c.readObjectList();
    expect(list.map((e) => e.obis).sort()).toEqual(dev.model.associationForClient(SN_CLIENT)!.objects.map((o) => o.obis.replace(/\.(\d+)$/, '*$1')).sort());
    expect(progress.length).toBeGreaterThan(5);
    const value = { type: 'octet-string' as const, value: Uint8Array.from({ length: 200 }, (_, i) => 0x30 + (i % 10)) };
    await c.set('0-0:96.1.0.255', 2, value);
    expect(json(await c.get('0-0:96.1.0.255', 2))).toBe(json(value));
  });
});

describe('HLS-ECDSA against the simulator', () => {
  it.each([
    ['wrapper-tcp', 1, 1024],
    ['hdlc-tcp', 1, 1024],
    ['wrapper-tcp', 2, 1024],
    ['hdlc-tcp', 2, 64], // pass 4 (a 96-octet P-384 signature) comes back in pblocks
  ] as const)('over %s, suite %d, PDU %d: associates and reads', async (transport, suite, maxPduSize) => {
    const s = await sim(transport);
    const c = session(s, {
      clientAddress: ECDSA_CLIENT[suite],
      authentication: 'high-ecdsa',
      securitySuite: suite,
      clientSigningKey: dev.ecdsa[suite].client.privateHex,
      serverSigningPublicKey: dev.ecdsa[suite].server.publicHex,
      proposedConformance: bits('get', 'action', 'selective-access', 'block-transfer-with-get-or-read', 'block-transfer-with-action'),
      maxPduSize,
    });
    const info = await c.connect();
    expect(info.mechanism).toBe(7);
    expect(json(await c.get('0-0:42.0.0.255', 2))).toBe(json(dev.model.getObject('0-0:42.0.0.255')!.get(2)));
  });

  it("a client key the meter does not know is refused at pass 3", async () => {
    const s = await sim('wrapper-tcp');
    const c = session(s, {
      clientAddress: ECDSA_CLIENT[1],
      authentication: 'high-ecdsa',
      securitySuite: 1,
      clientSigningKey: dev.ecdsa[1].server.privateHex, // the wrong private key
      serverSigningPublicKey: dev.ecdsa[1].server.publicHex,
    });
    await expect(c.connect()).rejects.toThrow(/refused the reply to its challenge/);
  });
});

describe('GBT over HDLC', () => {
  it('the load profile streams in GBT windows of 5: each window is 5 I frames back to back (S=0, F=0 but the last), rows as generated', async () => {
    const out: Uint8Array[] = [];
    const s = await sim('hdlc-tcp', (e) => {
      if (e.direction === 'out') out.push(e.bytes);
    });
    const c = session(s, {
      clientAddress: ECDSA_CLIENT[1],
      authentication: 'high-ecdsa',
      securitySuite: 1,
      clientSigningKey: dev.ecdsa[1].client.privateHex,
      serverSigningPublicKey: dev.ecdsa[1].server.publicHex,
      proposedConformance: bits('get', 'action', 'selective-access', 'block-transfer-with-get-or-read', 'general-block-transfer'),
      gbtWindowSize: 5,
      maxPduSize: 1024,
      hdlc: { maxInfoFieldTransmit: 128, maxInfoFieldReceive: 128, windowSizeTransmit: 7, windowSizeReceive: 7, inactivityTimeoutSeconds: 0 },
    });
    await c.connect();
    const rows = await c.readProfile('1-0:99.1.0.255', { fromEntry: 1, toEntry: 96 });
    const lp = dev.model.getObject('1-0:99.1.0.255')!;
    expect(rows).toHaveLength(96);
    expect(json(rows)).toBe(json(Array.from({ length: 96 }, (_, i) => lp.profile!.row(i))));
    const iFrames = out.map((b) => decodeHdlcFrameBytes(b)).filter((f) => f.control.kind === 'I');
    const gbt = iFrames.filter((f) => f.information && stripLlc(f.information)[0] === 0xe0);
    expect(gbt.length).toBeGreaterThan(10);
    // every GBT block is one whole message (S=0) in one I frame
    expect(gbt.every((f) => !f.segmented && f.information!.length <= 128)).toBe(true);
    // windows: F=0 on the frames before the last of each window
    const backToBack = gbt.filter((f) => f.control.kind === 'I' && !f.control.pf);
    expect(backToBack.length).toBeGreaterThanOrEqual(4 * Math.floor(gbt.length / 5) - 4);
    const windows = gbt.map((f) => decodeApduBytes(stripLlc(f.information!))).filter((a) => a.type === 'general-block-transfer');
    expect(Math.max(...windows.map((a) => (a.type === 'general-block-transfer' ? a.window : 0)))).toBe(5);
  });
});

describe('with-list batches', () => {
  const reader: DeviceSettingsInput = { clientAddress: 32, authentication: 'low', password: { encoding: 'ascii', text: '12345678' }, proposedConformance: 0x403edd };
  const specs = dev.model.objects.filter((o) => o.classId === 3).slice(0, 12).map((o) => ({ obis: o.obis, attributeId: 2, classId: 3 }));

  it('12 attributes go as lists of at most 10 (maxListItems default); an exception to the list: one by one, values still right', async () => {
    const requests: string[] = [];
    const deframer = new WrapperDeframer();
    const s = await sim('wrapper-tcp', (e) => {
      if (e.direction !== 'in') return;
      for (const f of deframer.push(e.bytes)) {
        const a = decodeApduBytes(f.apdu);
        requests.push(a.type === 'get-request-with-list' ? `list ${a.attributes.length}` : a.type);
      }
    });
    expect(specs).toHaveLength(12);
    let c = session(s, reader);
    await c.connect();
    const expected = specs.map((x) => json({ type: 'data', data: dev.model.getObject(x.obis)!.get(2) }));
    expect((await c.getMany(specs)).map(json)).toEqual(expected);
    expect(requests.slice(1)).toEqual(['list 10', 'list 2']);
    await c.close();

    requests.length = 0;
    s.setFaults({ exceptionOnRequest: 2 }); // the AARQ is request 1, the first list request 2
    c = session(s, reader);
    await c.connect();
    expect((await c.getMany(specs)).map(json)).toEqual(expected);
    expect(requests.slice(1)).toEqual(['list 10', ...Array.from({ length: 12 }, () => 'get-request-normal')]);
  });
});

describe('HDLC sequence errors over TCP', () => {
  it('an I frame with an invalid N(R) gets FRMR (Z) at once, not silence', async () => {
    const s = await sim('hdlc-tcp');
    const sock = createConnection({ host: '127.0.0.1', port: s.port });
    await new Promise<void>((ok, fail) => sock.once('connect', ok).once('error', fail));
    const deframer = new HdlcDeframer();
    const frames: ReturnType<typeof decodeHdlcFrameBytes>[] = [];
    let wake: (() => void) | undefined;
    sock.on('data', (d) => {
      for (const e of deframer.push(new Uint8Array(d))) if (e.kind === 'frame') frames.push(e.frame);
      wake?.();
    });
    const next = async (): Promise<ReturnType<typeof decodeHdlcFrameBytes>> => {
      const deadline = Date.now() + 2000;
      while (frames.length === 0 && Date.now() < deadline) await new Promise<void>((ok) => ((wake = ok), setTimeout(ok, 50)));
      const f = frames.shift();
      if (!f) throw new Error('no frame from the simulator');
      return f;
    };
    const to = serverAddress(1, 17, 2);
    const from = clientAddress(16);
    sock.write(encodeHdlcFrame({ destination: to, source: from, control: { kind: 'SNRM', pf: true } }));
    expect((await next()).control.kind).toBe('UA');
    sock.write(encodeHdlcFrame({ destination: to, source: from, control: { kind: 'I', ns: 0, nr: 2, pf: true }, information: Uint8Array.of(0xe6, 0xe6, 0x00, 0x60, 0x00) }));
    const frmr = await next();
    expect(frmr.control.kind).toBe('FRMR');
    // rejected control field: N(R)=2, P=1, N(S)=0 → 0101 0000 = 0x50; V(R)=V(S)=0; Z = 0x08
    expect(Buffer.from(frmr.information!).toString('hex')).toBe('500008');
    sock.destroy();
  });
});
