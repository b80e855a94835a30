// The simulator's HDLC server link on sequence errors (IEC 62056-46 on ISO/IEC 13239 normal response
// mode, no REJ): an I frame whose N(S) skips ahead is discarded and a poll gets RR with the N(R) the
// server expects; an invalid N(R) gets FRMR with its reason (rejected control field, V(S)/V(R), Z),
// repeated to every poll until SNRM. The Gurux client that skipped a sequence number hung silently.
import { describe, expect, it } from 'vitest';
import { clientAddress, serverAddress } from '../../../src-main/dlms/framing/hdlc/address';
import type { HdlcControl } from '../../../src-main/dlms/framing/hdlc/control';
import { decodeHdlcFrameBytes, encodeHdlcFrame } from '../../../src-main/dlms/framing/hdlc/frame';
import { HdlcClientLink, HdlcServerLink, type LinkCommand } from '../../../src-main/dlms/framing/hdlc/link';
import { toHex } from '../../../src-shared/hex';

const server = serverAddress(1, undefined, 1);
const client = clientAddress(16);
const APDU = Uint8Array.of(0xc0, 0x01, 0xc1, 0x00, 0x08, 0, 0, 1, 0, 0, 0xff, 0x02, 0x00);

function link(): { l: HdlcServerLink; feed(control: HdlcControl, info?: Uint8Array): LinkCommand[] } {
  const l = new HdlcServerLink({ serverAddress: server });
  const feed = (control: HdlcControl, info?: Uint8Array): LinkCommand[] =>
    l.handle({ kind: 'bytesReceived', bytes: encodeHdlcFrame({ destination: server, source: client, control, ...(info ? { information: info } : {}) }) });
  expect(feed({ kind: 'SNRM', pf: true }).some((c) => c.kind === 'connected')).toBe(true);
  return { l, feed };
}

/** The control byte and information field of each frame the server sent. */
const sentFrames = (cmds: LinkCommand[]): { control: number; info: string }[] =>
  cmds.flatMap((c) => {
    if (c.kind !== 'send') return [];
    const f = decodeHdlcFrameBytes(c.bytes);
    // control byte: the octet after the 2-byte format field and the two 1-byte addresses
    return [{ control: c.bytes[5]!, info: f.information ? toHex(f.information) : '' }];
  });

const withLlc = Uint8Array.of(0xe6, 0xe6, 0x00, ...APDU);

describe('simulator HDLC server: sequence errors', () => {
  it('an I frame skipping N(S)=0: discarded, the poll answered RR N(R)=0 F=1; the right frame is then taken', () => {
    const { l, feed } = link();
    const out = feed({ kind: 'I', ns: 1, nr: 0, pf: true }, withLlc);
    // RR: N(R) in bits 7-5, F bit 4, 0001 → N(R)=0, F=1: 0x11
    expect(sentFrames(out)).toEqual([{ control: 0x11, info: '' }]);
    expect(out.some((c) => c.kind === 'apdu')).toBe(false);
    expect(out.find((c) => c.kind === 'error')).toMatchObject({ fatal: false, reason: 'I frame N(S)=1, expected 0: discarded, RR N(R)=0 sent' });
    expect(l.state).toBe('idle');
    const ok = feed({ kind: 'I', ns: 0, nr: 0, pf: true }, withLlc);
    expect(ok.find((c) => c.kind === 'apdu')).toEqual({ kind: 'apdu', bytes: APDU });
  });

  it('without P=1 the out-of-sequence frame is discarded with no answer (the secondary may only answer a poll)', () => {
    const { feed } = link();
    expect(sentFrames(feed({ kind: 'I', ns: 2, nr: 0, pf: false }, withLlc))).toEqual([]);
  });

  it('an I frame acknowledging a frame never sent: FRMR with the rejected control field, V(S)/V(R) and Z; repeated until SNRM', () => {
    const { l, feed } = link();
    const out = feed({ kind: 'I', ns: 0, nr: 3, pf: true }, withLlc);
    // I frame control: N(R)=3 (011), P=1, N(S)=0 (000), 0 → 0111 0000 = 0x70.
    // FRMR 0x97 (1000 0111 with F); info: 70, V(R)=0 V(S)=0 → 00, Z (invalid N(R)) → 08
    expect(sentFrames(out)).toEqual([{ control: 0x97, info: '700008' }]);
    expect(out.some((c) => c.kind === 'apdu')).toBe(false);
    expect(l.state).toBe('frame-rejected');
    // every poll gets the same FRMR; an answer the application still gives is not sent
    expect(sentFrames(feed({ kind: 'RR', nr: 0, pf: true }))).toEqual([{ control: 0x97, info: '700008' }]);
    expect(sentFrames(feed({ kind: 'I', ns: 0, nr: 0, pf: true }, withLlc))).toEqual([{ control: 0x97, info: '700008' }]);
    expect(sentFrames(l.handle({ kind: 'send', apdu: APDU }))).toEqual([]);
    // SNRM resets the link: UA, sequence numbers from 0
    expect(sentFrames(feed({ kind: 'SNRM', pf: true }))[0]!.control).toBe(0x73);
    expect(feed({ kind: 'I', ns: 0, nr: 0, pf: true }, withLlc).find((c) => c.kind === 'apdu')).toEqual({ kind: 'apdu', bytes: APDU });
  });

  it('after one exchange, the FRMR carries V(S)=1 and V(R)=1; an RR with an invalid N(R) is rejected too', () => {
    const { l, feed } = link();
    feed({ kind: 'I', ns: 0, nr: 0, pf: true }, withLlc);
    l.handle({ kind: 'send', apdu: Uint8Array.of(0xc4, 0x01, 0xc1, 0x00, 0x11, 0x05) });
    // RR N(R)=5 acknowledges nothing the server sent (V(S)=1): control 1011 0001 = 0xB1
    // second octet: V(R)=1 in bits 7-5, V(S)=1 in bits 3-1 → 0010 0010 = 0x22
    expect(sentFrames(feed({ kind: 'RR', nr: 5, pf: true }))).toEqual([{ control: 0x97, info: 'B12208' }]);
    expect(l.state).toBe('frame-rejected');
    // DISC also ends the condition: UA, disconnected
    expect(sentFrames(feed({ kind: 'DISC', pf: true }))[0]!.control).toBe(0x73);
    expect(l.state).toBe('disconnected');
  });
});

describe('simulator HDLC server: several APDUs back to back (a GBT window)', () => {
  it('sendAll: one I frame per APDU, S=0 on each, F=1 only on the last; the client link delivers all three, idle after F=1', () => {
    const l = new HdlcServerLink({ serverAddress: server, params: { windowTransmit: 7, windowReceive: 7 } });
    const c = new HdlcClientLink({ clientAddress: 16, serverAddress: server, params: { windowTransmit: 7, windowReceive: 7 } });
    const wire = (cmds: LinkCommand[]): Uint8Array[] => cmds.flatMap((x) => (x.kind === 'send' ? [x.bytes] : []));
    for (const f of wire(c.handle({ kind: 'connect' }))) for (const g of wire(l.handle({ kind: 'bytesReceived', bytes: f }))) c.handle({ kind: 'bytesReceived', bytes: g });
    for (const f of wire(c.handle({ kind: 'send', apdu: APDU }))) l.handle({ kind: 'bytesReceived', bytes: f });
    const apdus = [1, 2, 3].map((n) => Uint8Array.of(0xe0, 0x40 | n, 0, n, 0, 0, 1, n));
    const frames = wire(l.sendAll(apdus));
    expect(frames).toHaveLength(3);
    const decoded = frames.map((b) => decodeHdlcFrameBytes(b));
    expect(decoded.map((f) => [f.segmented, f.control.kind === 'I' && f.control.pf])).toEqual([[false, false], [false, false], [false, true]]);
    const delivered: string[] = [];
    const states: string[] = [];
    for (const b of frames) {
      for (const x of c.handle({ kind: 'bytesReceived', bytes: b })) if (x.kind === 'apdu') delivered.push(toHex(x.bytes));
      states.push(c.state);
    }
    expect(delivered).toEqual(apdus.map((a) => toHex(a)));
    expect(states).toEqual(['receiving', 'receiving', 'idle']);
  });
});
