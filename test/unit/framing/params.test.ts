import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromHex, toHex } from '../../../src-shared/hex';
import { ByteReader } from '../../../src-main/dlms/codec/byte-reader';
import {
  buildHdlcParamsField,
  decodeHdlcParams,
  encodeHdlcParamsField,
  HDLC_DEFAULT_PARAMS,
  negotiateAsClient,
  negotiateAsServer,
  paramsOf,
} from '../../../src-main/dlms/framing/hdlc/params';

describe('HDLC parameter negotiation field', () => {
  it('decodes the UA field of the vectors and re-encodes it byte-exact', () => {
    const hex = '818014050200EF060200EF070400000001080400000001';
    const f = decodeHdlcParams(ByteReader.from(fromHex(hex)));
    expect(paramsOf(f)).toEqual({ maxInfoTransmit: 239, maxInfoReceive: 239, windowTransmit: 1, windowReceive: 1 });
    expect(toHex(encodeHdlcParamsField(f))).toBe(hex);
  });

  it('builds the Green Book SNRM example field: 1-byte lengths, 4-byte windows', () => {
    const f = buildHdlcParamsField({ ...HDLC_DEFAULT_PARAMS });
    expect(toHex(encodeHdlcParamsField(f))).toBe('818012050180060180070400000001080400000001');
    expect(toHex(encodeHdlcParamsField(buildHdlcParamsField({ maxInfoTransmit: 1024 })))).toBe('8180040502' + '0400');
  });

  it('rejects a wrong format identifier and a 5-byte value', () => {
    expect(() => decodeHdlcParams(ByteReader.from(fromHex('828003050180')))).toThrow(expect.objectContaining({ code: 'BAD_TAG', offset: 0 }));
    expect(() => decodeHdlcParams(ByteReader.from(fromHex('818007050500000000FF')))).toThrow(expect.objectContaining({ code: 'BAD_LENGTH', offset: 4 }));
    expect(() => decodeHdlcParams(ByteReader.from(fromHex('8180060502')))).toThrow(expect.objectContaining({ code: 'TRUNCATED' }));
  });

  it('negotiation: minimum of proposed and supported, defaults 128 / window 1 when absent', () => {
    // The server supports 256/256 and window 1; the client proposes transmit 512, receive 200, window 7.
    const ua = negotiateAsServer({ maxInfoTransmit: 512, maxInfoReceive: 200, windowTransmit: 7, windowReceive: 7 }, { maxInfoTransmit: 256, maxInfoReceive: 256, windowTransmit: 1, windowReceive: 1 });
    expect(ua).toEqual({ maxInfoTransmit: 200, maxInfoReceive: 256, windowTransmit: 1, windowReceive: 1 });
    const client = negotiateAsClient({ maxInfoTransmit: 512, maxInfoReceive: 200, windowTransmit: 7, windowReceive: 7 }, ua);
    expect(client).toEqual({ maxInfoTransmit: 256, maxInfoReceive: 200, windowTransmit: 1, windowReceive: 1 });
    // SNRM without a field: the server assumes 128/1; a UA without a field: the client assumes 128/1.
    expect(negotiateAsServer(undefined, { maxInfoTransmit: 1000, maxInfoReceive: 1000, windowTransmit: 7, windowReceive: 7 })).toEqual(HDLC_DEFAULT_PARAMS);
    expect(negotiateAsClient({ maxInfoTransmit: 1000, maxInfoReceive: 64, windowTransmit: 1, windowReceive: 3 }, undefined)).toEqual({ maxInfoTransmit: 128, maxInfoReceive: 64, windowTransmit: 1, windowReceive: 1 });
  });

  it('client and server views agree after SNRM/UA (property)', () => {
    const side = fc.record({
      maxInfoTransmit: fc.integer({ min: 32, max: 2030 }),
      maxInfoReceive: fc.integer({ min: 32, max: 2030 }),
      windowTransmit: fc.integer({ min: 1, max: 7 }),
      windowReceive: fc.integer({ min: 1, max: 7 }),
    });
    fc.assert(
      fc.property(side, side, (client, server) => {
        const ua = negotiateAsServer(client, server);
        const c = negotiateAsClient(client, ua);
        expect(c.maxInfoTransmit).toBe(ua.maxInfoReceive);
        expect(c.maxInfoReceive).toBe(ua.maxInfoTransmit);
        expect(c.windowTransmit).toBe(ua.windowReceive);
        expect(c.windowReceive).toBe(ua.windowTransmit);
        expect(c.maxInfoTransmit).toBeLessThanOrEqual(Math.min(client.maxInfoTransmit, server.maxInfoReceive));
        // and the UA field carrying it decodes back to the same values
        expect(paramsOf(decodeHdlcParams(ByteReader.from(encodeHdlcParamsField(buildHdlcParamsField(ua)))))).toEqual(ua);
      }),
      { numRuns: 300 },
    );
  });
});
