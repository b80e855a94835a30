// The seed's scenario over loopback: the simulator plays the Elster IP module (client 1, server 1,
// HLS-GMAC, security policy 0, conformance 0x403ADD without GBT, max PDU 1224) and the client uses
// the forum thread's final settings. Then general block transfer: proposed by the client and
// granted by a simulator that answers with GBT, the client follows GBT to the end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../../src-main/sim/index';
import { parseDeviceFile } from '../../../src-main/sim/device-model';
import { Session } from '../../../src-main/session/session';
import { MemoryCounterLedger } from '../../../src-main/session/ic-ledger';
import type { SessionEvent } from '../../../src-main/session/types';
import { toHex } from '../../../src-shared/hex';
import { seedVector } from '../../support/vectors';
import { deviceJson, seedSettings } from './helpers';

/** APDUs of wrapper frames (bytes after the 8-byte header) by direction. */
function apdus(events: SessionEvent[], direction: 'client->server' | 'server->client'): Uint8Array[] {
  return events.flatMap((e) => (e.kind === 'frame' && e.direction === direction ? [e.bytes.subarray(8)] : []));
}

const elster = parseDeviceFile(deviceJson('elster-ip-module'), 'elster');
const gbtJson = deviceJson('elster-ip-module');
for (const a of gbtJson.associations) (a.conformance as string[]).push('general-block-transfer');
const elsterGbt = parseDeviceFile(gbtJson, 'elster with GBT');

describe('the seed: Elster IP module, HLS-GMAC over the wrapper', () => {
  let sim: SimulatorHandle;
  const ledger = new MemoryCounterLedger();
  beforeAll(async () => {
    sim = await startSimulator({ device: elster, port: 0, transport: 'wrapper-tcp' });
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it("sends the vendor tool's AARQ byte for byte, passes HLS-GMAC and reads the object list in blocks", async () => {
    const session = new Session({ settings: seedSettings(sim.port), ledger });
    const events: SessionEvent[] = [];
    session.on((e) => events.push(e));
    const info = await session.connect();
    // The first frame is the working vendor tool's AARQ (seed vector vendor-aarq-wrapped).
    const first = events.find((e) => e.kind === 'frame' && e.direction === 'client->server') as Extract<SessionEvent, { kind: 'frame' }>;
    expect(toHex(first.bytes)).toBe(seedVector('vendor-aarq-wrapped').hex.toUpperCase());
    expect(info.mechanism).toBe(5);
    expect(info.serverMaxReceivePduSize).toBe(1224);
    expect(info.negotiatedConformance).not.toContain('general-block-transfer');
    expect(toHex(info.serverSystemTitle!).startsWith('454C53')).toBe(true); // 'ELS'

    const list = await session.readObjectList();
    expect(list).toHaveLength(elster.associationForClient(1)!.objects.length);
    // Classic block transfer: get-response-with-datablock (C4 02) answered by get-request-next (C0 02).
    const fromMeter = apdus(events, 'server->client');
    const fromClient = apdus(events, 'client->server');
    expect(fromMeter.filter((a) => a[0] === 0xc4 && a[1] === 0x02).length).toBeGreaterThan(1);
    expect(fromClient.filter((a) => a[0] === 0xc0 && a[1] === 0x02).length).toBeGreaterThan(0);
    expect(fromMeter.some((a) => a[0] === 0xe0)).toBe(false);
    // Each block fits the client's max receive PDU of 1070.
    expect(Math.max(...fromMeter.map((a) => a.length))).toBeLessThanOrEqual(0x042e);
    await session.close();
  });

  it('with server wPort 145 (the Gurux default the seed fought) the module stays silent: a timeout, not a hang', async () => {
    const session = new Session({ settings: seedSettings(sim.port, { serverLogicalAddress: 145, timeouts: { connectMs: 1000, responseMs: 300, retries: 0 } }), ledger });
    await expect(session.connect()).rejects.toMatchObject({ name: 'SessionError', code: 'timeout' });
    expect(session.state).toBe('closed');
  });

  it('a wrong authentication key fails HLS pass 3 with a plain reason', async () => {
    const session = new Session({ settings: seedSettings(sim.port, { authenticationKey: 'D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDE' }), ledger });
    const err = await session.connect().catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'SessionError', code: 'authentication' });
    expect((err as Error).message).toMatch(/authentication key|HLS secret|f\(CtoS\)|did not verify/i);
    expect(session.state).toBe('closed');
  });
});

describe('general block transfer: the meter answers with GBT, the client follows GBT to the end', () => {
  let sim: SimulatorHandle;
  const ledger = new MemoryCounterLedger();
  beforeAll(async () => {
    sim = await startSimulator({ device: elsterGbt, port: 0, transport: 'wrapper-tcp' });
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it('object list over GBT: no get-request-next from the client', async () => {
    const session = new Session({ settings: seedSettings(sim.port, { proposedConformance: 0x603edd }), ledger });
    const events: SessionEvent[] = [];
    session.on((e) => events.push(e));
    const info = await session.connect();
    expect(info.negotiatedConformance).toContain('general-block-transfer');
    const list = await session.readObjectList();
    expect(list).toHaveLength(elsterGbt.associationForClient(1)!.objects.length);
    const fromMeter = apdus(events, 'server->client');
    const fromClient = apdus(events, 'client->server');
    const gbtBlocks = fromMeter.filter((a) => a[0] === 0xe0);
    expect(gbtBlocks.length).toBeGreaterThan(1);
    // the last block has last-block (bit 7 of block-control) set
    expect(gbtBlocks[gbtBlocks.length - 1]![1]! & 0x80).toBe(0x80);
    expect(fromClient.some((a) => a[0] === 0xc0 && a[1] === 0x02)).toBe(false);
    await session.close();
  });

  it('with GBT not negotiated (refused by the meter) the same read uses the classic block transfer', async () => {
    sim.setFaults({ refuseGbt: true });
    try {
      const session = new Session({ settings: seedSettings(sim.port, { proposedConformance: 0x603edd }), ledger });
      const events: SessionEvent[] = [];
      session.on((e) => events.push(e));
      const info = await session.connect();
      expect(info.negotiatedConformance).not.toContain('general-block-transfer');
      await session.readObjectList();
      expect(apdus(events, 'server->client').some((a) => a[0] === 0xe0)).toBe(false);
      expect(apdus(events, 'client->server').some((a) => a[0] === 0xc0 && a[1] === 0x02)).toBe(true);
      await session.close();
    } finally {
      sim.setFaults({});
    }
  });
});
