import { describe, expect, it } from 'vitest';
import { createLink, hdlcServerAddress, WrapperLink } from '../../../src-main/session/link-adapter';
import { deviceSettings } from '../../../src-shared/settings';
import { fromHex, toHex } from '../../../src-shared/hex';
import { addressBytes } from '../../../src-main/dlms/framing/hdlc/address';
import { loadCorpus, loadSeedTraces, seedVector } from '../../support/vectors';

describe('WrapperLink', () => {
  it('wraps each APDU from the client wPort to the server wPort (the seed: 1 -> 1, not 145)', () => {
    const link = new WrapperLink(1, 1);
    expect(link.handle({ kind: 'connect' })[0]?.kind).toBe('connected');
    const out = link.handle({ kind: 'send', apdu: fromHex('C001C1000100002A0000FF0200') });
    expect(out).toEqual([{ kind: 'send', bytes: fromHex('0001 0001 0001 000D C001C1000100002A0000FF0200'.replace(/ /g, '')) }]);
  });

  it('delivers WPDUs split at any offset, and refuses other wPorts and garbage without closing', () => {
    const link = new WrapperLink(16, 1);
    link.handle({ kind: 'connect' });
    const wpdu = fromHex('00010001001000040102FFEE');
    const cmds = [...link.handle({ kind: 'bytesReceived', bytes: wpdu.subarray(0, 5) }), ...link.handle({ kind: 'bytesReceived', bytes: wpdu.subarray(5) })];
    expect(cmds).toEqual([{ kind: 'apdu', bytes: fromHex('0102FFEE') }]);
    const wrong = link.handle({ kind: 'bytesReceived', bytes: fromHex('0001000100110001AA') });
    expect(wrong).toEqual([expect.objectContaining({ kind: 'error', fatal: false })]);
    expect((wrong[0] as { reason: string }).reason).toMatch(/wPort 1 to 17/);
    const junk = link.handle({ kind: 'bytesReceived', bytes: fromHex('FFFF00010001001000015A') });
    expect(junk).toEqual([expect.objectContaining({ kind: 'error' }), { kind: 'apdu', bytes: fromHex('5A') }]);
    expect(link.handle({ kind: 'disconnect' })).toEqual([{ kind: 'closed', reason: 'disconnected' }]);
  });

  it('round-trips the wrapper vectors (corpus UDP frame, seed AARQs incl. the vendor tool 1 -> 1)', () => {
    const vectors = [
      ...loadCorpus().filter((v) => v.category === 'wrapper' && !v.negative).map((v) => ({ id: v.id, hex: v.hex })),
      ...loadSeedTraces().filter((v) => v.layer === 'wrapper').map((v) => ({ id: v.id, hex: v.hex })),
    ];
    expect(vectors.length).toBeGreaterThanOrEqual(5);
    for (const v of vectors) {
      const bytes = fromHex(v.hex);
      const src = (bytes[2]! << 8) | bytes[3]!;
      const dst = (bytes[4]! << 8) | bytes[5]!;
      // As the receiver: the APDU comes out whole.
      const receiver = new WrapperLink(dst, src);
      receiver.handle({ kind: 'connect' });
      expect(receiver.handle({ kind: 'bytesReceived', bytes }), v.id).toEqual([{ kind: 'apdu', bytes: bytes.subarray(8) }]);
      // As the sender: the same WPDU again.
      const sender = new WrapperLink(src, dst);
      sender.handle({ kind: 'connect' });
      expect(toHex((sender.handle({ kind: 'send', apdu: bytes.subarray(8) })[0] as { bytes: Uint8Array }).bytes), v.id).toBe(toHex(bytes));
    }
    // The vendor tool's AARQ goes to wPort 1; the failing one to 145.
    expect(seedVector('vendor-aarq-wrapped').hex.slice(8, 12)).toBe('0001');
    expect(seedVector('client-aarq-wrapped-sn-plain-dest145').hex.slice(8, 12)).toBe('0091');
  });
});

describe('HDLC link from settings', () => {
  it('server address: 1 byte when there is no physical address, else 2 or 4 bytes', () => {
    expect(toHex(addressBytes(hdlcServerAddress({ serverLogicalAddress: 1, serverPhysicalAddress: 0, serverAddressSize: 0 })))).toBe('03');
    expect(toHex(addressBytes(hdlcServerAddress({ serverLogicalAddress: 1, serverPhysicalAddress: 17, serverAddressSize: 0 })))).toBe('0223');
    expect(toHex(addressBytes(hdlcServerAddress({ serverLogicalAddress: 1, serverPhysicalAddress: 0x100, serverAddressSize: 0 })))).toBe('00020401');
    expect(toHex(addressBytes(hdlcServerAddress({ serverLogicalAddress: 1, serverPhysicalAddress: 17, serverAddressSize: 4 })))).toBe('00020023');
  });

  it('connect sends an SNRM proposing settings.hdlc; wrapper settings give a WrapperLink', () => {
    const s = deviceSettings({ interface: 'hdlc-tcp', clientAddress: 16, hdlc: { maxInfoFieldTransmit: 512, maxInfoFieldReceive: 256, windowSizeTransmit: 1, windowSizeReceive: 1, inactivityTimeoutSeconds: 0 } });
    const link = createLink(s);
    expect(link.profile).toBe('hdlc');
    const cmds = link.handle({ kind: 'connect' });
    const sent = cmds.find((c) => c.kind === 'send') as { bytes: Uint8Array };
    const hex = toHex(sent.bytes);
    // 7E A0 len  dst=03 src=21  SNRM 93 ... parameters: 05 02 0200 (tx 512) 06 02 0100 (rx 256)
    expect(hex.slice(0, 2)).toBe('7E');
    expect(hex.slice(6, 12)).toBe('032193');
    expect(hex).toContain('05020200');
    expect(hex).toContain('06020100');
    expect(cmds).toContainEqual({ kind: 'armTimer', id: 'reply', ms: s.timeouts.responseMs });
    expect(createLink(deviceSettings({ interface: 'wrapper-udp' })).profile).toBe('wrapper');
  });
});
