// Corpus vectors of the gbt and notification categories: GBT blocks decode to their stated
// block-control/number/ack, the HDLC GBT streams reassemble to exactly the *-reassembled vectors,
// and every DATA-NOTIFICATION (plain, HDLC-wrapped, reassembled, or the plaintext of a ciphered
// push) decodes to its stated fields and re-encodes byte-exact.
import { describe, expect, it } from 'vitest';
import { corpusVector } from '../../support/vectors';
import { fromHex, toHex } from '../../../src-shared/hex';
import {
  concatBlockData,
  decodeGeneralBlockTransfer,
  encodeGeneralBlockTransfer,
  type GeneralBlockTransfer,
} from '../../../src-main/dlms/xdlms/gbt';
import { decodeDataNotification, encodeDataNotification } from '../../../src-main/dlms/xdlms/notification';
import { decodeAll, encodeWith, hdlcInfoFields } from './helpers';

function vectorBytes(id: string): Uint8Array {
  return fromHex(corpusVector(id).hex);
}

describe('general-block-transfer vectors', () => {
  it('gbt-synthetic-last-window3: last-block 1, streaming 0, window 3, block 4, ack 5, "abc"', () => {
    const b = vectorBytes('gbt-synthetic-last-window3');
    const g = decodeAll(b, decodeGeneralBlockTransfer);
    expect(g).toEqual({
      type: 'general-block-transfer',
      lastBlock: true,
      streaming: false,
      window: 3,
      blockNumber: 4,
      blockNumberAck: 5,
      blockData: new TextEncoder().encode('abc'),
    });
    expect(toHex(encodeWith(g, encodeGeneralBlockTransfer))).toBe(toHex(b));
  });

  // [stream vector, reassembled vector, stated block-data lengths per the stream's meaning]
  const streams: [string, string, number[]][] = [
    ['gbt-lg-e450-stream', 'gbt-lg-e450-reassembled', [0x70, 0x6c, 0x7a, 0x46]],
    ['gbt-lg-e570-enc-stream', 'gbt-lg-e570-gdgc-reassembled', [0x74, 0x74, 0x74, 0x74, 0x3c]],
    ['gbt-lg-e450-enc-stream', 'gbt-lg-e450-gdgc-reassembled', [0x77, 0x7a, 0x1f]],
  ];

  it.each(streams)('%s reassembles to %s', (streamId, reassembledId, lengths) => {
    const blocks: GeneralBlockTransfer[] = hdlcInfoFields(vectorBytes(streamId)).map((info) => {
      const g = decodeAll(info, decodeGeneralBlockTransfer);
      expect(toHex(encodeWith(g, encodeGeneralBlockTransfer))).toBe(toHex(info));
      return g;
    });
    // As stated: E0 40 (streaming, not last, window 0) for every block but the last, E0 C0 for the last;
    // block numbers 1..n, block-number-ack 0.
    expect(blocks.map((g) => g.blockNumber)).toEqual(lengths.map((_, i) => i + 1));
    expect(blocks.map((g) => g.blockData.length)).toEqual(lengths);
    expect(blocks.every((g) => g.streaming && g.window === 0 && g.blockNumberAck === 0)).toBe(true);
    expect(blocks.map((g) => g.lastBlock)).toEqual(lengths.map((_, i) => i === lengths.length - 1));
    const joined = concatBlockData(blocks);
    expect(joined.ok).toBe(true);
    if (joined.ok) expect(toHex(joined.apdu)).toBe(corpusVector(reassembledId).hex.toUpperCase());
  });

  it('concatBlockData refuses gaps, a missing last block and blocks after the last', () => {
    const blk = (n: number, last: boolean): GeneralBlockTransfer => ({
      type: 'general-block-transfer',
      lastBlock: last,
      streaming: false,
      window: 1,
      blockNumber: n,
      blockNumberAck: 0,
      blockData: Uint8Array.of(n),
    });
    expect(concatBlockData([])).toEqual({ ok: false, problem: 'empty', at: 0 });
    expect(concatBlockData([blk(1, false), blk(3, true)])).toEqual({ ok: false, problem: 'not-consecutive', at: 1 });
    expect(concatBlockData([blk(1, false), blk(2, false)])).toEqual({ ok: false, problem: 'last-block-missing', at: 2 });
    expect(concatBlockData([blk(1, true), blk(2, true)])).toEqual({ ok: false, problem: 'block-after-last', at: 1 });
    expect(concatBlockData([blk(7, false), blk(8, true)])).toEqual({ ok: true, apdu: Uint8Array.of(7, 8) });
  });
});

describe('data-notification vectors', () => {
  it('gbt-lg-e450-reassembled: long-invoke-id 0xCBC6, 2021-07-06 14:58:16, body structure of 16', () => {
    const b = vectorBytes('gbt-lg-e450-reassembled');
    expect(b.length).toBe(412); // "reassembled 4 GBT blocks -> 412 bytes"
    const n = decodeAll(b, decodeDataNotification);
    expect(n.longInvokeIdAndPriority).toEqual({
      longInvokeId: 0xcbc6,
      selfDescriptive: false,
      processingOption: 'continue-on-error',
      serviceClass: 'unconfirmed',
      priority: 'normal',
    });
    expect(toHex(n.dateTime)).toBe('07E50706020E3A10FF800000');
    expect(n.dateTimeForm).toBeUndefined();
    expect(n.body.type).toBe('structure');
    if (n.body.type === 'structure') {
      expect(n.body.items).toHaveLength(16);
      expect(n.body.items[0]?.type).toBe('array'); // the push object list
      const id = n.body.items.find((d) => d.type === 'octet-string' && d.value.length === 16);
      expect(id && id.type === 'octet-string' && new TextDecoder().decode(id.value)).toBe('LGZ1030655933512');
    }
    expect(toHex(encodeWith(n, encodeDataNotification))).toBe(toHex(b));
  });

  it('hdlc-ui-kamstrup-notima: long-invoke-id 0, 2023-04-24 09:02:40, structure of 25 with the Kamstrup list name', () => {
    const [apdu] = hdlcInfoFields(vectorBytes('hdlc-ui-kamstrup-notima'));
    const n = decodeAll(apdu!, decodeDataNotification);
    expect(n.longInvokeIdAndPriority.longInvokeId).toBe(0);
    expect(toHex(n.dateTime)).toBe('07E7041801090228FF800000');
    expect(n.body.type).toBe('structure');
    if (n.body.type === 'structure') {
      expect(n.body.items).toHaveLength(25);
      const first = n.body.items[0];
      expect(first?.type).toBe('visible-string');
      if (first?.type === 'visible-string') expect(new TextDecoder().decode(first.value)).toBe('Kamstrup_V0001');
      // P+ 06 0000074C
      expect(n.body.items).toContainEqual({ type: 'double-long-unsigned', value: 0x74c });
    }
    expect(toHex(encodeWith(n, encodeDataNotification))).toBe(toHex(apdu!));
  });

  it('hdlc-iframe-kaifa-notima (quirk): date-time written as 09 0C <12 octets> is explained and re-encoded as sent', () => {
    const [apdu] = hdlcInfoFields(vectorBytes('hdlc-iframe-kaifa-notima'));
    const n = decodeAll(apdu!, decodeDataNotification);
    // 0x40000000: bit 30 service-class confirmed
    expect(n.longInvokeIdAndPriority).toMatchObject({ longInvokeId: 0, serviceClass: 'confirmed', priority: 'normal' });
    expect(n.dateTimeForm).toBe('data-octet-string');
    expect(toHex(n.dateTime)).toBe('07E70A1405123A0FFFFFC400');
    expect(n.body.type).toBe('structure');
    if (n.body.type === 'structure') {
      expect(n.body.items).toHaveLength(18);
      const texts = n.body.items.slice(0, 3).map((d) => (d.type === 'visible-string' || d.type === 'octet-string' ? new TextDecoder().decode(d.value) : d.type));
      expect(texts).toEqual(['KFM_001', '7340157030904045', 'MA304H4']);
      expect(n.body.items[3]).toEqual({ type: 'double-long-unsigned', value: 425 });
    }
    expect(toHex(encodeWith(n, encodeDataNotification))).toBe(toHex(apdu!));
  });

  it.each([
    ['gbt-lg-e570-gdgc-reassembled', 0x2478, '07E8030D0309022DFF800000'],
    ['gbt-lg-e450-gdgc-reassembled', 0x6903c, '07E6021703152400FF800000'],
  ])('the plaintext of %s is a complete data-notification (id %i, date-time %s)', (id, invokeId, dateTime) => {
    const plain = fromHex(corpusVector(id).plaintext!);
    const n = decodeAll(plain, decodeDataNotification);
    expect(n.longInvokeIdAndPriority.longInvokeId).toBe(invokeId);
    expect(toHex(n.dateTime)).toBe(dateTime);
    expect(n.body.type).toBe('structure');
    expect(toHex(encodeWith(n, encodeDataNotification))).toBe(toHex(plain));
  });
});
