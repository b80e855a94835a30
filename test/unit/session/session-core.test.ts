// Session plumbing with a scripted transport: frame events with time and direction, a drop while
// connecting and while requests are pending (every promise settles), cancellation before start.
import { describe, expect, it } from 'vitest';
import { Session } from '../../../src-main/session/session';
import { SessionError, type SessionEvent } from '../../../src-main/session/types';
import { Listeners, type CloseInfo, type Transport } from '../../../src-main/transport/types';
import { mapEngineError, sessionCodeOf } from '../../../src-main/session/requests';
import { fromHex, toHex } from '../../../src-shared/hex';
import { seedVector } from '../../support/vectors';

class ScriptedTransport implements Transport {
  readonly kind = 'tcp';
  readonly description = 'scripted';
  isOpen = false;
  readonly written: Uint8Array[] = [];
  private readonly data = new Listeners<Uint8Array>();
  private readonly closed = new Listeners<CloseInfo>();
  constructor(private readonly onWrite: (t: ScriptedTransport, bytes: Uint8Array) => void = () => {}) {}
  async open(): Promise<void> {
    this.isOpen = true;
  }
  write(bytes: Uint8Array): void {
    this.written.push(bytes);
    this.onWrite(this, bytes);
  }
  onData(fn: (b: Uint8Array) => void): () => void {
    return this.data.add(fn);
  }
  onClose(fn: (i: CloseInfo) => void): () => void {
    return this.closed.add(fn);
  }
  deliver(bytes: Uint8Array): void {
    this.data.emit(bytes);
  }
  drop(reason: string): void {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.closed.emit({ code: 'closed-by-peer', reason, local: false });
  }
  async close(): Promise<void> {
    if (this.isOpen) {
      this.isOpen = false;
      this.closed.emit({ code: 'closed', reason: 'closed', local: true });
    }
  }
}

const seedAarqSettings = {
  clientAddress: 1,
  authentication: 'high-gmac' as const,
  clientSystemTitle: { encoding: 'hex' as const, text: '454C531111111111' },
  proposedConformance: 0x403edd,
  maxPduSize: 0x042e,
  challenge: { mode: 'fixed' as const, length: 8, fixed: '1F674DC794DB7C79' },
  timeouts: { connectMs: 1000, responseMs: 200, retries: 0 },
};

describe('Session with a scripted transport', () => {
  it('publishes each frame with direction and time; a drop while associating rejects connect with the reason', async () => {
    const t = new ScriptedTransport((tt) => queueMicrotask(() => tt.drop('peer reset')));
    let now = 1_700_000_000_000;
    const s = new Session({ settings: seedAarqSettings, ledger: 'memory', createTransport: () => t, now: () => now++ });
    const events: SessionEvent[] = [];
    s.on((e) => events.push(e));
    const err = (await s.connect().catch((e: unknown) => e)) as SessionError;
    expect(err).toBeInstanceOf(SessionError);
    expect(err.code).toBe('transport');
    expect(err.message).toBe('connection lost: peer reset');
    const frames = events.filter((e) => e.kind === 'frame');
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({ direction: 'client->server', layer: 'wrapper', at: 1_700_000_000_000 });
    expect(toHex((frames[0] as { bytes: Uint8Array }).bytes)).toBe(seedVector('vendor-aarq-wrapped').hex.toUpperCase());
    expect(events.map((e) => e.kind === 'state' && e.state).filter(Boolean)).toEqual(['connecting', 'link-up', 'associating', 'closed']);
    expect(events.at(-1)).toEqual({ kind: 'closed', reason: 'connection lost: peer reset' });
    expect(s.state).toBe('closed');
  });

  it('no answer: the association timer rejects connect with timeout and closes the transport', async () => {
    const t = new ScriptedTransport();
    const s = new Session({ settings: seedAarqSettings, ledger: 'memory', createTransport: () => t });
    await expect(s.connect()).rejects.toMatchObject({ code: 'timeout' });
    expect(t.isOpen).toBe(false);
  });

  it('received frames are traced whole even when the bytes arrive split', async () => {
    // the seed meter's AARE (authentication-required) answered in two chunks, then silence
    const aare = fromHex('614da109060760857405080101a203020100a305a10302010ea40a0408454c5367713390fcaa1680140000000000000000000000000000000000000000be10040e0800065f1f0400403add04c80007');
    const wpdu = new Uint8Array([0, 1, 0, 1, 0, 1, 0, aare.length, ...aare]);
    const t = new ScriptedTransport((tt, bytes) => {
      if (bytes[8] === 0x60) {
        tt.deliver(wpdu.subarray(0, 5));
        tt.deliver(wpdu.subarray(5));
      }
    });
    const s = new Session({ settings: seedAarqSettings, ledger: 'memory', createTransport: () => t });
    const frames: Extract<SessionEvent, { kind: 'frame' }>[] = [];
    s.on((e) => e.kind === 'frame' && frames.push(e));
    await s.connect().catch(() => undefined);
    const inbound = frames.filter((f) => f.direction === 'server->client');
    expect(inbound).toHaveLength(1);
    expect(toHex(inbound[0]!.bytes)).toBe(toHex(wpdu));
    // after the AARE the client sent HLS pass 3 (an action-request, C3) in a second frame
    const outbound = frames.filter((f) => f.direction === 'client->server');
    expect(outbound).toHaveLength(2);
    expect(outbound[1]!.bytes[8]).toBe(0xc3);
  });

  it('requests before connect or after a cancelled signal reject at once', async () => {
    const s = new Session({ settings: {}, ledger: 'memory', createTransport: () => new ScriptedTransport() });
    await expect(s.get('0-0:1.0.0.255', 2, { classId: 8 })).rejects.toMatchObject({ code: 'not-associated' });
    const ac = new AbortController();
    ac.abort();
    await expect(s.connect({ signal: ac.signal })).rejects.toMatchObject({ code: 'cancelled' });
    expect(s.state).toBe('closed');
  });

  it('engine error codes map to session codes with the engine code kept', () => {
    expect(sessionCodeOf('hls-failed')).toBe('authentication');
    expect(sessionCodeOf('replay')).toBe('protocol');
    expect(sessionCodeOf('bad-request')).toBe('bad-request');
    const e = mapEngineError('deciphering-error', 'tag mismatch');
    expect(e).toMatchObject({ code: 'protocol', detail: 'deciphering-error' });
    expect(e.message).toMatch(/check the block cipher key/);
  });
});
