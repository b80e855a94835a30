// Playbooks for the sans-I/O HDLC link: scripted events in, expected commands out.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { corpusVector } from '../../support/vectors';
import { fromHex, toHex } from '../../../src-shared/hex';
import { checkSequenceBytes, crc16x25 } from '../../../src-main/dlms/framing/hdlc/crc';
import { decodeHdlcFrameBytes, encodeHdlcFrame, withLlc } from '../../../src-main/dlms/framing/hdlc/frame';
import { buildHdlcParamsField, encodeHdlcParamsField, type HdlcLinkParams } from '../../../src-main/dlms/framing/hdlc/params';
import type { HdlcAddress } from '../../../src-main/dlms/framing/hdlc/address';
import type { HdlcControl } from '../../../src-main/dlms/framing/hdlc/control';
import { CLIENT_TRANSITIONS, HdlcClientLink, HdlcServerLink, SERVER_TRANSITIONS, type LinkCommand, type LinkEvent } from '../../../src-main/dlms/framing/hdlc/link';

const CLIENT: HdlcAddress = { size: 1, upper: 16 };
const SERVER2: HdlcAddress = { size: 2, upper: 1, lower: 17 };
const SERVER4: HdlcAddress = { size: 4, upper: 1, lower: 17 };

/** One line per command: the playbook notation. */
function show(cmds: LinkCommand[]): string[] {
  return cmds.map((c) => {
    switch (c.kind) {
      case 'send':
        return `send ${toHex(c.bytes)}`;
      case 'apdu':
        return `apdu${c.unnumbered ? ' UI' : ''} ${toHex(c.bytes)}`;
      case 'armTimer':
        return `arm ${c.id} ${c.ms}`;
      case 'cancelTimer':
        return `cancel ${c.id}`;
      case 'connected':
        return `connected ${c.params.maxInfoTransmit}/${c.params.maxInfoReceive}/${c.params.windowTransmit}/${c.params.windowReceive}`;
      case 'closed':
        return `closed ${c.reason}`;
      case 'error':
        return `error${c.fatal ? ' fatal' : ''} ${c.reason}`;
    }
  });
}

/** A frame from the server to the client (test input). */
const fromServer = (control: HdlcControl, information?: Uint8Array, segmented = false, server = SERVER2) =>
  encodeHdlcFrame({ destination: CLIENT, source: server, control, information, segmented });

const rx = (bytes: Uint8Array): LinkEvent => ({ kind: 'bytesReceived', bytes });
const timer = (id: 'reply' | 'keepAlive' | 'inactivity'): LinkEvent => ({ kind: 'timerExpired', id });
const hexOf = (id: string) => corpusVector(id).hex.toUpperCase();

/** Bytes of a no-information frame written out by hand, FCS from the (separately verified) CRC. */
function handFrame(headerHex: string): string {
  const h = fromHex(headerHex);
  return `7E${headerHex}${toHex(Uint8Array.of(...checkSequenceBytes(crc16x25(h))))}7E`;
}

function sentFrames(cmds: LinkCommand[]) {
  return cmds.filter((c): c is Extract<LinkCommand, { kind: 'send' }> => c.kind === 'send').map((c) => decodeHdlcFrameBytes(c.bytes));
}

/** A client connected to SERVER2 whose UA announced `ua` (server's view). */
function connected(ua: Partial<HdlcLinkParams> | undefined, opts: Partial<ConstructorParameters<typeof HdlcClientLink>[0]> = {}) {
  const link = new HdlcClientLink({ clientAddress: 16, serverAddress: SERVER2, replyTimeoutMs: 1000, params: { maxInfoTransmit: 2030, maxInfoReceive: 2030, windowTransmit: 1, windowReceive: 1 }, ...opts });
  link.handle({ kind: 'connect' });
  const out = link.handle(rx(fromServer({ kind: 'UA', pf: true }, ua ? encodeHdlcParamsField(buildHdlcParamsField(ua)) : undefined)));
  expect(out.some((c) => c.kind === 'connected')).toBe(true);
  return link;
}

describe('client playbooks on the corpus frames', () => {
  it('connect (SNRM) / UA / AARQ in an I frame / AARE / DISC / UA', () => {
    const link = new HdlcClientLink({ clientAddress: 16, serverAddress: SERVER2, proposeParams: false, replyTimeoutMs: 1000 });
    expect(show(link.handle({ kind: 'connect' }))).toEqual([`send ${hexOf('hdlc-snrm-no-params')}`, 'arm reply 1000']);
    expect(link.state).toBe('connecting');
    expect(show(link.handle(rx(fromServer({ kind: 'UA', pf: true }))))).toEqual(['cancel reply', 'connected 128/128/1/1']);
    const aarqFrame = decodeHdlcFrameBytes(fromHex(hexOf('hdlc-iframe-aarq')));
    const aarq = aarqFrame.information!.subarray(3);
    expect(show(link.handle({ kind: 'send', apdu: aarq }))).toEqual([`send ${hexOf('hdlc-iframe-aarq')}`, 'arm reply 1000']);
    expect(link.state).toBe('awaiting');
    const aare = decodeHdlcFrameBytes(fromHex(hexOf('hdlc-iframe-aare'))).information!.subarray(3);
    expect(show(link.handle(rx(fromHex(hexOf('hdlc-iframe-aare')))))).toEqual(['cancel reply', `apdu ${toHex(aare)}`]);
    expect(link.state).toBe('idle');
    // DISC: 7E A008 0223 21 53 FCS 7E
    expect(show(link.handle({ kind: 'disconnect' }))).toEqual([`send ${handFrame('A00802232153')}`, 'arm reply 1000']);
    expect(show(link.handle(rx(fromServer({ kind: 'UA', pf: true }))))).toEqual(['cancel reply', 'closed disconnected']);
    expect(link.state).toBe('disconnected');
  });

  it('4-byte server address: SNRM, UA with 239-byte parameters, DISC as in the gocosem trace', () => {
    const link = new HdlcClientLink({ clientAddress: 16, serverAddress: SERVER4, proposeParams: false, params: { maxInfoTransmit: 512, maxInfoReceive: 512 } });
    expect(show(link.handle({ kind: 'connect' }))).toEqual([`send ${hexOf('hdlc-snrm-dlms-website-example')}`, 'arm reply 3000']);
    expect(show(link.handle(rx(fromHex(hexOf('hdlc-ua-params-2byte')))))).toEqual(['cancel reply', 'connected 239/239/1/1']);
    expect(link.params).toEqual({ maxInfoTransmit: 239, maxInfoReceive: 239, windowTransmit: 1, windowReceive: 1 });
    expect(show(link.handle({ kind: 'disconnect' }))).toEqual([`send ${hexOf('hdlc-disc')}`, 'arm reply 3000']);
    expect(show(link.handle(rx(fromServer({ kind: 'DM', pf: true }, undefined, false, SERVER4))))).toEqual(['cancel reply', 'closed disconnected']);
  });

  it('the SNRM proposes the client parameters in the Green Book layout', () => {
    const link = new HdlcClientLink({ clientAddress: 16, serverAddress: SERVER4 });
    const [snrm] = sentFrames(link.handle({ kind: 'connect' }));
    expect(snrm!.control).toEqual({ kind: 'SNRM', pf: true });
    expect(toHex(snrm!.information!)).toBe('818012050180060180070400000001080400000001');
  });

  it('the Iskra segmented UI push reassembles into one APDU (no connection needed)', () => {
    const link = new HdlcClientLink({ clientAddress: 0x67, serverAddress: SERVER2 });
    const out = show(link.handle(rx(fromHex(hexOf('hdlc-segmented-iskra-am550-stream')))));
    expect(out.length).toBe(1);
    expect(out[0]!.startsWith('apdu UI 0F000004330C07E4080F0606132D00FF8880')).toBe(true);
  });
});

describe('client playbooks: segmentation, timeouts, keep-alive', () => {
  it('sends an 80-byte APDU in 3 segments of at most 32 bytes, each next one requested by RR', () => {
    const link = connected({ maxInfoTransmit: 128, maxInfoReceive: 32 });
    expect(link.params?.maxInfoTransmit).toBe(32);
    const apdu = Uint8Array.from({ length: 80 }, (_, i) => (i * 7 + 1) & 0xff);
    const c1 = link.handle({ kind: 'send', apdu });
    expect(show(c1).slice(1)).toEqual(['arm reply 1000']);
    const c2 = link.handle(rx(fromServer({ kind: 'RR', nr: 1, pf: true })));
    expect(show(c2)[0]).toBe('cancel reply');
    const c3 = link.handle(rx(fromServer({ kind: 'RR', nr: 2, pf: true })));
    const frames = [...sentFrames(c1), ...sentFrames(c2), ...sentFrames(c3)];
    expect(frames.map((f) => [f.control, f.segmented, f.information!.length])).toEqual([
      [{ kind: 'I', ns: 0, nr: 0, pf: true }, true, 32],
      [{ kind: 'I', ns: 1, nr: 0, pf: true }, true, 32],
      [{ kind: 'I', ns: 2, nr: 0, pf: true }, false, 19],
    ]);
    const joined = Uint8Array.from(frames.flatMap((f) => [...f.information!]));
    expect(toHex(joined)).toBe(`E6E600${toHex(apdu)}`);
    expect(frames.slice(1).every((f) => f.llc === undefined)).toBe(true);
    expect(link.state).toBe('awaiting');
    const resp = Uint8Array.of(0xc4, 0x01, 0xc1, 0x00, 0x00);
    expect(show(link.handle(rx(fromServer({ kind: 'I', ns: 0, nr: 3, pf: true }, withLlc('response', resp)))))).toEqual(['cancel reply', `apdu ${toHex(resp)}`]);
  });

  it('receives a 3-segment response, requesting each next segment with RR N(R) P=1', () => {
    const link = connected(undefined);
    link.handle({ kind: 'send', apdu: Uint8Array.of(0xc0, 0x01, 0xc1) });
    const info = withLlc('response', Uint8Array.from({ length: 250 }, (_, i) => i & 0xff));
    const parts = [info.subarray(0, 100), info.subarray(100, 200), info.subarray(200)];
    const rr = (nr: number) => `send ${handFrame(`A0080223${toHex(Uint8Array.of(0x21, 0x11 | (nr << 5)))}`)}`;
    expect(show(link.handle(rx(fromServer({ kind: 'I', ns: 0, nr: 1, pf: true }, parts[0], true))))).toEqual([rr(1), 'arm reply 1000']);
    expect(link.state).toBe('receiving');
    expect(show(link.handle(rx(fromServer({ kind: 'I', ns: 1, nr: 1, pf: true }, parts[1], true))))).toEqual([rr(2), 'arm reply 1000']);
    expect(show(link.handle(rx(fromServer({ kind: 'I', ns: 2, nr: 1, pf: true }, parts[2]))))).toEqual(['cancel reply', `apdu ${toHex(info.subarray(3))}`]);
    expect(link.state).toBe('idle');
  });

  it('timeout -> retransmit the same frame -> give up after maxRetries', () => {
    const link = connected(undefined, { maxRetries: 2 });
    const first = show(link.handle({ kind: 'send', apdu: Uint8Array.of(0xc0, 0x01, 0xc1, 0x00) }));
    expect(first).toHaveLength(2);
    expect(show(link.handle(timer('reply')))).toEqual(first);
    expect(show(link.handle(timer('reply')))).toEqual(first);
    expect(show(link.handle(timer('reply')))).toEqual(['error fatal no reply after 2 retransmission(s)', 'closed timeout']);
    expect(link.state).toBe('disconnected');
    expect(show(link.handle({ kind: 'send', apdu: Uint8Array.of(1) }))).toEqual(['error protocol error: send in state disconnected']);
  });

  it('a repeated response frame is acknowledged again, a wrong N(S) or N(R) is reported and ignored', () => {
    const link = connected(undefined);
    link.handle({ kind: 'send', apdu: Uint8Array.of(0xc0) });
    link.handle(rx(fromServer({ kind: 'I', ns: 0, nr: 1, pf: true }, Uint8Array.of(1, 2), true)));
    const again = show(link.handle(rx(fromServer({ kind: 'I', ns: 0, nr: 1, pf: true }, Uint8Array.of(1, 2), true))));
    expect(again).toEqual([`send ${handFrame('A008022321' + '31')}`, 'arm reply 1000']);
    expect(show(link.handle(rx(fromServer({ kind: 'I', ns: 5, nr: 1, pf: true }, Uint8Array.of(3)))))).toEqual(['error I frame N(S)=5, expected 1']);
    expect(show(link.handle(rx(fromServer({ kind: 'I', ns: 1, nr: 4, pf: true }, Uint8Array.of(3)))))).toEqual(['error I frame N(R)=4 does not acknowledge V(S)=1']);
    expect(show(link.handle(rx(fromServer({ kind: 'I', ns: 1, nr: 1, pf: true }, Uint8Array.of(3)))))).toEqual(['cancel reply', 'apdu 010203']);
  });

  it('RNR holds the next segment; the timeout polls with RR; RR N(R) releases it', () => {
    const link = connected({ maxInfoReceive: 16 });
    link.handle({ kind: 'send', apdu: new Uint8Array(20) });
    expect(show(link.handle(rx(fromServer({ kind: 'RNR', nr: 1, pf: true }))))).toEqual([]);
    expect(show(link.handle(timer('reply')))).toEqual([`send ${handFrame('A008022321' + '11')}`, 'arm reply 1000']);
    const next = sentFrames(link.handle(rx(fromServer({ kind: 'RR', nr: 1, pf: true }))));
    expect(next.map((f) => [f.control, f.segmented])).toEqual([[{ kind: 'I', ns: 1, nr: 0, pf: true }, false]]);
  });

  it('keep-alive: an RR poll after keepAliveMs idle, re-armed after the answer, cancelled by a send', () => {
    const link = connected(undefined, { keepAliveMs: 50_000 });
    expect(show(link.handle(timer('keepAlive')))).toEqual([`send ${handFrame('A008022321' + '11')}`, 'arm reply 1000']);
    expect(link.state).toBe('polling');
    expect(show(link.handle(rx(fromServer({ kind: 'RR', nr: 0, pf: true }))))).toEqual(['cancel reply', 'arm keepAlive 50000']);
    expect(show(link.handle({ kind: 'send', apdu: Uint8Array.of(0xc0) }))[0]).toBe('cancel keepAlive');
  });

  it('DM while connected drops the link; frames the table does not allow are protocol errors', () => {
    const link = connected(undefined);
    expect(show(link.handle(rx(fromServer({ kind: 'UA', pf: true }))))).toEqual(['error protocol error: UA in state idle']);
    expect(show(link.handle(rx(fromServer({ kind: 'RR', nr: 0, pf: true }))))).toEqual(['error protocol error: RR in state idle']);
    expect(show(link.handle(rx(fromServer({ kind: 'DM', pf: true }))))).toEqual(['error fatal link dropped by the server: DM', 'closed disconnected mode']);
    // Frames for another client are not ours to judge.
    const other = encodeHdlcFrame({ destination: { size: 1, upper: 1 }, source: SERVER2, control: { kind: 'UA', pf: true } });
    expect(link.handle(rx(other))).toEqual([]);
  });
});

describe('state tables', () => {
  it('name only known states as next states', () => {
    for (const table of [CLIENT_TRANSITIONS, SERVER_TRANSITIONS] as Record<string, Record<string, readonly string[]>>[]) {
      const states = Object.keys(table);
      for (const row of Object.values(table)) for (const next of Object.values(row)) for (const s of next) expect(states).toContain(s);
    }
  });
});

/** Runs a client and a server against each other; `drop(n)` decides whether the n-th frame is lost. */
function wire(client: HdlcClientLink, server: HdlcServerLink, drop: (n: number) => boolean = () => false) {
  const delivered: { client: string[]; server: string[] } = { client: [], server: [] };
  const errors: string[] = [];
  let sent = 0;
  const timers = new Set<string>();
  const pending: [('client' | 'server'), LinkEvent][] = [];
  const exec = (who: 'client' | 'server', cmds: LinkCommand[]) => {
    for (const c of cmds) {
      if (c.kind === 'send') {
        if (!drop(sent++)) pending.push([who === 'client' ? 'server' : 'client', rx(c.bytes)]);
      } else if (c.kind === 'apdu') delivered[who].push(toHex(c.bytes));
      else if (c.kind === 'armTimer') timers.add(`${who}:${c.id}`);
      else if (c.kind === 'cancelTimer') timers.delete(`${who}:${c.id}`);
      else if (c.kind === 'error') errors.push(`${who}: ${c.reason}`);
    }
  };
  const feed = (who: 'client' | 'server', e: LinkEvent) => exec(who, who === 'client' ? client.handle(e) : server.handle(e));
  /** Delivers frames; while `done()` is false and nothing is in flight, the client's reply timer expires. */
  const settle = (done: () => boolean) => {
    for (let guard = 0; guard < 10_000; guard++) {
      const next = pending.shift();
      if (next) {
        feed(next[0], next[1]);
        continue;
      }
      if (!done() && timers.delete('client:reply')) {
        feed('client', timer('reply'));
        continue;
      }
      return;
    }
    throw new Error('no quiescence');
  };
  return { delivered, errors, feed, settle };
}

describe('client and server links together', () => {
  it('connect, exchange segmented APDUs both ways, disconnect (property over sizes and parameters)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 16, max: 300 }),
        fc.integer({ min: 16, max: 300 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 7 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 900 }), fc.integer({ min: 1, max: 900 })), { minLength: 1, maxLength: 4 }),
        (cMax, sMax, cWin, sWin, sizes) => {
          const client = new HdlcClientLink({ clientAddress: 16, serverAddress: SERVER4, params: { maxInfoTransmit: cMax, maxInfoReceive: cMax, windowTransmit: cWin, windowReceive: cWin } });
          const server = new HdlcServerLink({ serverAddress: SERVER4, params: { maxInfoTransmit: sMax, maxInfoReceive: sMax, windowTransmit: sWin, windowReceive: sWin } });
          const w = wire(client, server);
          w.feed('client', { kind: 'connect' });
          w.settle(() => client.state === 'idle');
          expect(client.state).toBe('idle');
          sizes.forEach(([reqLen, respLen], i) => {
            const req = Uint8Array.from({ length: reqLen }, (_, k) => (k + i) & 0xff);
            const resp = Uint8Array.from({ length: respLen }, (_, k) => (k * 3 + i) & 0xff);
            w.feed('client', { kind: 'send', apdu: req });
            w.settle(() => w.delivered.server.length === i + 1);
            expect(w.delivered.server.at(-1)).toBe(toHex(req));
            w.feed('server', { kind: 'send', apdu: resp });
            w.settle(() => w.delivered.client.length === i + 1);
            expect(w.delivered.client.at(-1)).toBe(toHex(resp));
          });
          w.feed('client', { kind: 'disconnect' });
          w.settle(() => client.state === 'disconnected');
          expect([client.state, server.state]).toEqual(['disconnected', 'disconnected']);
          expect(w.errors).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('recovers from one lost frame anywhere in a segmented exchange by retransmission', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 30 }), (lost) => {
        const client = new HdlcClientLink({ clientAddress: 16, serverAddress: SERVER2, params: { maxInfoTransmit: 40, maxInfoReceive: 40 } });
        const server = new HdlcServerLink({ serverAddress: SERVER2, params: { maxInfoTransmit: 40, maxInfoReceive: 40 } });
        const w = wire(client, server, (n) => n === lost);
        w.feed('client', { kind: 'connect' });
        w.settle(() => client.state === 'idle');
        const req = Uint8Array.from({ length: 150 }, (_, k) => k & 0xff);
        w.feed('client', { kind: 'send', apdu: req });
        w.settle(() => w.delivered.server.length === 1);
        expect(w.delivered.server).toEqual([toHex(req)]);
        const resp = Uint8Array.from({ length: 170 }, (_, k) => (255 - k) & 0xff);
        w.feed('server', { kind: 'send', apdu: resp });
        w.settle(() => w.delivered.client.length === 1);
        expect(w.delivered.client).toEqual([toHex(resp)]);
        expect(client.state).toBe('idle');
      }),
      { numRuns: 60 },
    );
  });

  it('server: DM to frames before SNRM, RNR to a poll while the application works, UA to DISC', () => {
    const server = new HdlcServerLink({ serverAddress: SERVER2 });
    const toServer = (control: HdlcControl, information?: Uint8Array, segmented = false) => rx(encodeHdlcFrame({ destination: SERVER2, source: CLIENT, control, information, segmented }));
    expect(show(server.handle(toServer({ kind: 'I', ns: 0, nr: 0, pf: true }, withLlc('command', Uint8Array.of(1)))))).toEqual([`send ${handFrame('A0082102231F')}`]);
    const ua = show(server.handle(rx(fromHex(hexOf('hdlc-snrm-no-params')))));
    expect(ua[1]).toBe('connected 128/128/1/1');
    expect(show(server.handle(toServer({ kind: 'I', ns: 0, nr: 0, pf: true }, withLlc('command', Uint8Array.of(0xc0, 1)))))).toEqual(['apdu C001']);
    expect(show(server.handle(toServer({ kind: 'RR', nr: 0, pf: true })))).toEqual([`send ${handFrame('A008210223' + '35')}`]);
    expect(show(server.handle(toServer({ kind: 'DISC', pf: true })))).toEqual([`send ${handFrame('A00821022373')}`, 'closed disconnected by the client']);
  });
});
