// Every HDLC corpus vector decodes to the fields its checks state and re-encodes byte-exact.
import { describe, expect, it } from 'vitest';
import { corpusVector, loadCorpus, type CorpusVector } from '../../support/vectors';
import { fromHex, toHex } from '../../../src-shared/hex';
import { ByteReader } from '../../../src-main/dlms/codec/byte-reader';
import { DlmsDecodeError } from '../../../src-main/dlms/errors';
import { FieldTreeSink } from '../../../src-main/dlms/dissect/field-sink';
import { addressBytes, readAddress, serverAddress, describeAddress } from '../../../src-main/dlms/framing/hdlc/address';
import { decodeControl, encodeControl, formatControl } from '../../../src-main/dlms/framing/hdlc/control';
import { crc16x25 } from '../../../src-main/dlms/framing/hdlc/crc';
import { checkHdlcFrame, decodeHdlcFrameBytes, encodeHdlcFrame } from '../../../src-main/dlms/framing/hdlc/frame';
import type { HdlcAddress } from '../../../src-main/dlms/framing/hdlc/address';
import type { FieldNode } from '../../../src-shared/trace';

// "HDLC len=44 dest=0223(upper 1, lower 17) src=21(upper 16) ctrl=10 I(N(S)=0,N(R)=0,P/F=1) HCS ok FCS ok"
const CHECK =
  /^HDLC len=(\d+) dest=([0-9A-F]+)\(upper (\d+)(?:, lower (\d+))?\) src=([0-9A-F]+)\(upper (\d+)(?:, lower (\d+))?\) ctrl=([0-9a-f]{2}) (\S+)( HCS ok)? FCS ok$/;

function addr(hex: string, upper: string, lower: string | undefined): HdlcAddress {
  return { size: (hex.length / 2) as 1 | 2 | 4, upper: Number(upper), ...(lower !== undefined ? { lower: Number(lower) } : {}) };
}

const single = loadCorpus().filter((v) => !v.negative && v.checks.some((c) => CHECK.test(c)));

describe('HDLC frame vectors', () => {
  it('covers the hdlc category frames and the HDLC-framed notifications', () => {
    expect(single.length).toBeGreaterThanOrEqual(20);
    expect(single.filter((v) => v.category === 'hdlc').length).toBeGreaterThanOrEqual(18);
  });

  it.each(single.map((v) => [v.id, v] as [string, CorpusVector]))('%s decodes to its stated fields and re-encodes byte-exact', (_id, v) => {
    const bytes = fromHex(v.hex);
    const m = CHECK.exec(v.checks.find((c) => CHECK.test(c))!)!;
    const f = decodeHdlcFrameBytes(bytes);
    expect(f.length).toBe(Number(m[1]));
    expect(f.destination).toEqual(addr(m[2]!, m[3]!, m[4]));
    expect(toHex(addressBytes(f.destination))).toBe(m[2]);
    expect(f.source).toEqual(addr(m[5]!, m[6]!, m[7]));
    expect(toHex(addressBytes(f.source))).toBe(m[5]);
    expect(encodeControl(f.control)).toBe(parseInt(m[8]!, 16));
    expect(formatControl(f.control)).toBe(m[9]);
    expect(f.fcsOk).toBe(true);
    if (m[10]) expect(f.hcsOk).toBe(true);
    else expect(f.information).toBeUndefined();
    const flagged = v.hex.toUpperCase().startsWith('7E');
    expect(f.flags).toEqual({ opening: flagged, closing: flagged });
    expect(toHex(encodeHdlcFrame(f))).toBe(v.hex.toUpperCase());
    // LLC header as the checks state it.
    const llc = v.checks.find((c) => c.startsWith('LLC '))?.slice(4, 10);
    if (llc) expect(toHex(f.information!.subarray(0, 3))).toBe(llc);
    if (llc) expect(f.llc).toBe(llc === 'E6E600' ? 'command' : 'response');
    if (v.checks.includes('HDLC parameter negotiation field present')) expect(f.params?.formatId).toBe(0x81);
  });

  it('the format field vectors: type A, segmentation bit, 11-bit length', () => {
    for (const [id, s] of [
      ['hdlc-format-field-unsegmented', false],
      ['hdlc-format-field-segmented', true],
    ] as const) {
      const r = ByteReader.from(fromHex(corpusVector(id).hex));
      const v = r.u16();
      expect(v >> 12).toBe(0xa);
      expect((v & 0x800) !== 0).toBe(s);
      expect(v & 0x7ff).toBe(29);
    }
  });

  it('the address vectors: 0x95 is logical 74; 02 23 is upper 1 / lower 17', () => {
    expect(readAddress(ByteReader.from(fromHex(corpusVector('hdlc-address-3').hex)))).toEqual({ size: 1, upper: 74 });
    expect(readAddress(ByteReader.from(fromHex(corpusVector('hdlc-address-5').hex)))).toEqual({ size: 2, upper: 1, lower: 17 });
    expect(toHex(addressBytes(serverAddress(74, undefined, 1)))).toBe('95');
    expect(toHex(addressBytes(serverAddress(1, 17, 2)))).toBe('0223');
    expect(toHex(addressBytes(serverAddress(1, 17, 4)))).toBe('00020023');
    expect(toHex(addressBytes(serverAddress(1, 9561, 4)))).toBe('000294B3');
    expect(describeAddress(serverAddress(1, 17, 4), 'server')).toBe('server logical 1 (management logical device), physical 17, 4-byte address');
    expect(() => serverAddress(128, 1, 2)).toThrow(RangeError);
  });

  it('the UA parameter fields carry the values the vectors state', () => {
    const p = (id: string) => decodeHdlcFrameBytes(fromHex(corpusVector(id).hex)).params!.parameters;
    expect(p('hdlc-ua-params-2byte')).toEqual([
      { id: 5, size: 2, value: 239 },
      { id: 6, size: 2, value: 239 },
      { id: 7, size: 4, value: 1 },
      { id: 8, size: 4, value: 1 },
    ]);
    expect(p('hdlc-ua-kamstrup-noflags').map((x) => x.value)).toEqual([116, 116, 1, 1]);
  });

  it('two UAs differing only in the client address share the FCS (constant residue after a valid HCS)', () => {
    const a = decodeHdlcFrameBytes(fromHex(corpusVector('hdlc-ua-4byte-src-client1').hex));
    const b = decodeHdlcFrameBytes(fromHex(corpusVector('hdlc-ua-4byte-src-client16').hex));
    expect(a.hcs).not.toBe(b.hcs);
    expect(a.fcs).toBe(b.fcs);
  });
});

describe('negative and quirk vectors', () => {
  it('hdlc-snrm-4byte-dest-noflags-badlen: the length field 11 against 10 bytes is flagged at the format field', () => {
    const v = corpusVector('hdlc-snrm-4byte-dest-noflags-badlen');
    const bytes = fromHex(v.hex);
    let err: unknown;
    try {
      decodeHdlcFrameBytes(bytes);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DlmsDecodeError);
    expect((err as DlmsDecodeError).code).toBe('BAD_LENGTH');
    expect((err as DlmsDecodeError).offset).toBe(0);
    expect((err as DlmsDecodeError).message).toContain('length field 11 != actual 10');
    // Its FCS is valid over the bytes as given: only the length field is wrong.
    expect(crc16x25(bytes, 0, 8)).toBe(bytes[8]! | (bytes[9]! << 8));
  });

  it('hdlc-bad-hcs-negative: rejected at the 3-byte source address; its HCS covers a header with one address only', () => {
    const v = corpusVector('hdlc-bad-hcs-negative');
    const bytes = fromHex(v.hex);
    const sink = new FieldTreeSink();
    const res = checkHdlcFrame(bytes, sink);
    expect(res.ok).toBe(false);
    expect(res.frame).toBeUndefined();
    expect(res.problems[0]).toMatchObject({ code: 'BAD_VALUE', offset: 4 });
    expect(res.problems[0]!.message).toContain('3 bytes');
    // The tree keeps the fields up to the failure and flags the source address.
    const root = sink.roots[0]!;
    expect(root.children!.map((n) => n.label).slice(0, 4)).toEqual(['opening flag', 'frame format', 'destination address', 'source address']);
    expect(root.children![3]!.problem).toBeDefined();
    // Why EPRI reports a header CRC failure: DE 91 is the CRC of A0 3A 03 10 (format, one address,
    // control 10) - the frame was built without a source address, so a reader taking two
    // addresses finds no valid HCS where it expects one.
    expect(crc16x25(bytes, 1, 5)).toBe(bytes[5]! | (bytes[6]! << 8));
  });

  it('a flipped HCS or FCS byte is BAD_CHECKSUM at its offset, and checkHdlcFrame flags the node without throwing', () => {
    const good = fromHex(corpusVector('hdlc-iframe-aarq').hex);
    const badHcs = good.slice();
    badHcs[7]! ^= 0xff; // HCS at 7..8 (7E A02C 0223 21 10 | AF9F)
    expect(() => decodeHdlcFrameBytes(badHcs)).toThrow(expect.objectContaining({ code: 'BAD_CHECKSUM', offset: 7 }));
    const sink = new FieldTreeSink();
    const res = checkHdlcFrame(badHcs, sink);
    expect(res.ok).toBe(false);
    expect(res.frame?.hcsOk).toBe(false);
    expect(res.frame?.fcsOk).toBe(false); // the FCS covers the header too
    expect(res.problems.map((p) => [p.code, p.offset])).toEqual([
      ['BAD_CHECKSUM', 7],
      ['BAD_CHECKSUM', good.length - 3],
    ]);
    const hcsNode = sink.roots[0]!.children!.find((n) => n.label === 'HCS')!;
    expect(hcsNode.start).toBe(7);
    expect(hcsNode.children?.[0]?.problem).toContain('HCS');

    const badFcs = good.slice();
    badFcs[good.length - 2]! ^= 0x01;
    expect(() => decodeHdlcFrameBytes(badFcs)).toThrow(expect.objectContaining({ code: 'BAD_CHECKSUM', offset: good.length - 3 }));
    expect(checkHdlcFrame(badFcs).frame?.hcsOk).toBe(true);
  });

  it('hdlc-iframe-aare-sn-noflags (quirk): the frame is sound, the BER lengths inside the AARE are one byte short', () => {
    const v = corpusVector('hdlc-iframe-aare-sn-noflags');
    expect(v.quirk).toBe(true);
    const f = decodeHdlcFrameBytes(fromHex(v.hex));
    expect([f.hcsOk, f.fcsOk, f.llc]).toEqual([true, true, 'response']);
    const apdu = f.information!.subarray(3);
    // user-information BE 0F 04 0D ...: the bytes after the BE tag and its length.
    const be = apdu.indexOf(0xbe);
    const declared = apdu[be + 1]!;
    const present = apdu.length - (be + 2);
    expect(declared).toBe(0x0f);
    expect(present).toBe(declared + 1);
    expect(apdu[be + 3]).toBe(0x0d); // the octet string holding the InitiateResponse
    expect(apdu.length - (be + 4)).toBe(0x0d + 1);
    // The AARE's own length (61 28) is one short as well: 40 declared, 41 present, so a strict
    // ACSE decoder sees one trailing byte; the HDLC layer (length, HCS, FCS) is intact.
    expect(apdu[1]).toBe(0x28);
    expect(apdu.length - 2).toBe(0x28 + 1);
  });
});

describe('field tree', () => {
  it('covers every byte of an I frame with spec-named nodes', () => {
    const bytes = fromHex(corpusVector('hdlc-iframe-aarq').hex);
    const sink = new FieldTreeSink();
    checkHdlcFrame(bytes, sink);
    const root = sink.roots[0]!;
    expect(root.label).toBe('HDLC frame');
    expect([root.start, root.length]).toEqual([0, bytes.length]);
    const kids = root.children!;
    expect(kids.map((n: FieldNode) => n.label)).toEqual([
      'opening flag', 'frame format', 'destination address', 'source address', 'control', 'HCS', 'information', 'FCS', 'closing flag',
    ]);
    let pos = 0;
    for (const k of kids) {
      expect(k.start).toBe(pos);
      pos += k.length;
    }
    expect(pos).toBe(bytes.length);
    expect(kids[4]!.value).toBe('I(N(S)=0,N(R)=0,P/F=1)');
    expect(kids[6]!.children![0]).toMatchObject({ label: 'LLC header', start: 9, length: 3 });
  });
});

describe('control field', () => {
  it('decodes every byte DLMS uses and re-encodes it', () => {
    let known = 0;
    for (let b = 0; b < 256; b++) {
      const c = decodeControl(b);
      if (!c) continue;
      known++;
      expect(encodeControl(c)).toBe(b);
    }
    // 128 I + 16 RR + 16 RNR + 6 U frames x 2 (P/F)
    expect(known).toBe(128 + 16 + 16 + 12);
    expect(decodeControl(0x93)).toEqual({ kind: 'SNRM', pf: true });
    expect(decodeControl(0x73)).toEqual({ kind: 'UA', pf: true });
    expect(decodeControl(0x1f)).toEqual({ kind: 'DM', pf: true });
    expect(decodeControl(0x53)).toEqual({ kind: 'DISC', pf: true });
    expect(decodeControl(0x97)).toEqual({ kind: 'FRMR', pf: true });
    expect(decodeControl(0x09)).toBeUndefined(); // REJ is not used by DLMS
  });
});
