// Corpus vectors of the get, set and action categories (and the get/action APDUs inside the hdlc
// I-frame vectors): each decodes to the meaning stated in the corpus, field by field, and re-encodes
// byte-exact.
import { describe, expect, it } from 'vitest';
import { corpusVector } from '../../support/vectors';
import { fromHex, toHex } from '../../../src-shared/hex';
import { decodeGetRequest, decodeGetResponse, encodeGetRequest, encodeGetResponse } from '../../../src-main/dlms/xdlms/get';
import { decodeSetResponse, encodeSetResponse } from '../../../src-main/dlms/xdlms/set';
import { decodeActionRequest, decodeActionResponse, encodeActionRequest, encodeActionResponse } from '../../../src-main/dlms/xdlms/action';
import { dataAccessResultName, actionResultName, obisText } from '../../../src-main/dlms/xdlms/common';
import { parseRangeDescriptor } from '../../../src-main/dlms/xdlms/selective-access';
import { decodeAll, encodeWith, hdlcInfoFields, obis } from './helpers';

function vectorBytes(id: string): Uint8Array {
  return fromHex(corpusVector(id).hex);
}

/** The single APDU inside a one-frame hdlc vector. */
function hdlcApdu(id: string): Uint8Array {
  const infos = hdlcInfoFields(vectorBytes(id));
  expect(infos).toHaveLength(1);
  return infos[0]!;
}

describe('get vectors', () => {
  it('get-request-next: C0 02 C1, block-number 1', () => {
    const b = vectorBytes('get-request-next');
    const pdu = decodeAll(b, decodeGetRequest);
    expect(pdu).toEqual({
      type: 'get-request-next',
      invokeIdAndPriority: { invokeId: 1, serviceClass: 'confirmed', priority: 'high' },
      blockNumber: 1,
    });
    expect(toHex(encodeWith(pdu, encodeGetRequest))).toBe(toHex(b));
  });

  it('get-request-with-list: two descriptors without selection', () => {
    const b = vectorBytes('get-request-with-list');
    const pdu = decodeAll(b, decodeGetRequest);
    expect(pdu.type).toBe('get-request-with-list');
    if (pdu.type !== 'get-request-with-list') return;
    expect(pdu.attributes).toEqual([
      { descriptor: { classId: 1, instanceId: obis(0, 0, 42, 0, 0, 255), attributeId: 2 } },
      { descriptor: { classId: 8, instanceId: obis(0, 0, 1, 0, 0, 255), attributeId: 2 } },
    ]);
    expect(toHex(encodeWith(pdu, encodeGetRequest))).toBe(toHex(b));
  });

  it('get-request-epri-invoke45: invoke-id 5, confirmed, normal priority; class 7 0.0.99.98.1.255 attr 2', () => {
    const b = vectorBytes('get-request-epri-invoke45');
    const pdu = decodeAll(b, decodeGetRequest);
    expect(pdu).toEqual({
      type: 'get-request-normal',
      invokeIdAndPriority: { invokeId: 5, serviceClass: 'confirmed', priority: 'normal' },
      descriptor: { classId: 7, instanceId: obis(0, 0, 99, 98, 1, 255), attributeId: 2 },
    });
    expect(toHex(encodeWith(pdu, encodeGetRequest))).toBe(toHex(b));
  });

  it('get-request-range-descriptor: profile generic buffer from 2017-10-01 00:00 to 01:00, all columns', () => {
    const b = vectorBytes('get-request-range-descriptor');
    const pdu = decodeAll(b, decodeGetRequest);
    expect(pdu.type).toBe('get-request-normal');
    if (pdu.type !== 'get-request-normal') return;
    expect(pdu.descriptor).toEqual({ classId: 7, instanceId: obis(1, 0, 99, 1, 0, 255), attributeId: 2 });
    expect(pdu.accessSelection?.accessSelector).toBe(1);
    const rd = parseRangeDescriptor(pdu.accessSelection!);
    expect(rd).toBeDefined();
    expect(rd!.restrictingObject).toEqual({ classId: 8, logicalName: obis(0, 0, 1, 0, 0, 255), attributeIndex: 2, dataIndex: 0 });
    expect(rd!.fromValue).toMatchObject({ type: 'octet-string', value: fromHex('07E10A010700000000FFC480') });
    expect(rd!.toValue).toMatchObject({ type: 'octet-string', value: fromHex('07E10A010701000000FFC480') });
    expect(rd!.selectedValues).toEqual([]);
    expect(toHex(encodeWith(pdu, encodeGetRequest))).toBe(toHex(b));
  });

  it('get-response-normal-error: data-access-result hardware-fault', () => {
    const b = vectorBytes('get-response-normal-error');
    const pdu = decodeAll(b, decodeGetResponse);
    expect(pdu).toEqual({
      type: 'get-response-normal',
      invokeIdAndPriority: { invokeId: 1, serviceClass: 'confirmed', priority: 'high' },
      result: { type: 'data-access-result', result: 1 },
    });
    expect(dataAccessResultName(1)).toBe('hardware-fault');
    expect(toHex(encodeWith(pdu, encodeGetResponse))).toBe(toHex(b));
  });

  it.each([
    ['get-response-with-block-first', false, 1, 1182, '018205A0'],
    ['get-response-with-block-last', true, 19, 380, '06000006'],
  ])('%s: last-block %s, block %i, raw-data of %i octets', (id, last, block, len, head) => {
    const b = vectorBytes(id);
    const pdu = decodeAll(b, decodeGetResponse);
    expect(pdu.type).toBe('get-response-with-datablock');
    if (pdu.type !== 'get-response-with-datablock') return;
    expect(pdu.lastBlock).toBe(last);
    expect(pdu.blockNumber).toBe(block);
    expect(pdu.result.type).toBe('raw-data');
    if (pdu.result.type !== 'raw-data') return;
    expect(pdu.result.rawData.length).toBe(len);
    expect(toHex(pdu.result.rawData.subarray(0, 4))).toBe(head);
    expect(toHex(encodeWith(pdu, encodeGetResponse))).toBe(toHex(b));
  });

  it('get-response-block-last-error: last block 19 with data-access-result hardware-fault', () => {
    const b = vectorBytes('get-response-block-last-error');
    const pdu = decodeAll(b, decodeGetResponse);
    expect(pdu).toMatchObject({
      type: 'get-response-with-datablock',
      lastBlock: true,
      blockNumber: 19,
      result: { type: 'data-access-result', result: 1 },
    });
    expect(toHex(encodeWith(pdu, encodeGetResponse))).toBe(toHex(b));
  });

  it('get-response-with-list: meter serial "ISK1030777764366" and a date-time', () => {
    const b = vectorBytes('get-response-with-list');
    const pdu = decodeAll(b, decodeGetResponse);
    expect(pdu.type).toBe('get-response-with-list');
    if (pdu.type !== 'get-response-with-list') return;
    expect(pdu.results).toHaveLength(2);
    const [a, d] = pdu.results;
    expect(a).toMatchObject({ type: 'data', data: { type: 'octet-string' } });
    if (a?.type === 'data' && a.data.type === 'octet-string') {
      expect(new TextDecoder().decode(a.data.value)).toBe('ISK1030777764366');
    }
    expect(d).toMatchObject({ type: 'data', data: { type: 'octet-string', value: fromHex('07E50603040E091700FFC400') } });
    expect(toHex(encodeWith(pdu, encodeGetResponse))).toBe(toHex(b));
  });

  it('hdlc-iframe-get-with-list: the I-frame carries get-request-with-list of 0.0.43.1.0.255 and 0.0.43.1.1.255', () => {
    const apdu = hdlcApdu('hdlc-iframe-get-with-list');
    const pdu = decodeAll(apdu, decodeGetRequest);
    expect(pdu.type).toBe('get-request-with-list');
    if (pdu.type !== 'get-request-with-list') return;
    expect(pdu.attributes.map((a) => `${a.descriptor.classId} ${obisText(a.descriptor.instanceId)} ${a.descriptor.attributeId}`)).toEqual([
      '1 0-0:43.1.0*255 2',
      '1 0-0:43.1.1*255 2',
    ]);
    expect(pdu.attributes.every((a) => a.accessSelection === undefined)).toBe(true);
    expect(toHex(encodeWith(pdu, encodeGetRequest))).toBe(toHex(apdu));
  });

  it('hdlc-iframe-get-with-list-response: two double-long-unsigned invocation counters 0x4C and 0', () => {
    const apdu = hdlcApdu('hdlc-iframe-get-with-list-response');
    const pdu = decodeAll(apdu, decodeGetResponse);
    expect(pdu).toEqual({
      type: 'get-response-with-list',
      invokeIdAndPriority: { invokeId: 1, serviceClass: 'confirmed', priority: 'high' },
      results: [
        { type: 'data', data: { type: 'double-long-unsigned', value: 0x4c } },
        { type: 'data', data: { type: 'double-long-unsigned', value: 0 } },
      ],
    });
    expect(toHex(encodeWith(pdu, encodeGetResponse))).toBe(toHex(apdu));
  });
});

describe('set vectors', () => {
  it.each([
    ['set-response-normal-success', { invokeId: 1, serviceClass: 'confirmed', priority: 'high' }],
    ['set-response-normal-jdlms', { invokeId: 1, serviceClass: 'unconfirmed', priority: 'high' }],
  ])('%s: success', (id, iip) => {
    const b = vectorBytes(id);
    const pdu = decodeAll(b, decodeSetResponse);
    expect(pdu).toEqual({ type: 'set-response-normal', invokeIdAndPriority: iip, result: 0 });
    expect(dataAccessResultName(0)).toBe('success');
    expect(toHex(encodeWith(pdu, encodeSetResponse))).toBe(toHex(b));
  });
});

describe('action vectors', () => {
  const iipC0 = { invokeId: 0, serviceClass: 'confirmed', priority: 'high' };

  it('action-response-success: success, no return parameters', () => {
    const b = vectorBytes('action-response-success');
    const pdu = decodeAll(b, decodeActionResponse);
    expect(pdu).toEqual({ type: 'action-response-normal', invokeIdAndPriority: iipC0, response: { result: 0 } });
    expect(toHex(encodeWith(pdu, encodeActionResponse))).toBe(toHex(b));
  });

  it('action-response-with-data: success with the server f(CtoS) as octet-string data', () => {
    const b = vectorBytes('action-response-with-data');
    const pdu = decodeAll(b, decodeActionResponse);
    expect(pdu).toEqual({
      type: 'action-response-normal',
      invokeIdAndPriority: iipC0,
      response: {
        result: 0,
        returnParameters: { type: 'data', data: { type: 'octet-string', value: fromHex('1000001AFDE8857B728A3499106AA665D1') } },
      },
    });
    expect(toHex(encodeWith(pdu, encodeActionResponse))).toBe(toHex(b));
  });

  it('action-response-with-error: success, return-parameters data-access-result other-reason', () => {
    const b = vectorBytes('action-response-with-error');
    const pdu = decodeAll(b, decodeActionResponse);
    expect(pdu).toEqual({
      type: 'action-response-normal',
      invokeIdAndPriority: iipC0,
      response: { result: 0, returnParameters: { type: 'data-access-result', result: 250 } },
    });
    expect(dataAccessResultName(250)).toBe('other-reason');
    expect(actionResultName(0)).toBe('success');
    expect(toHex(encodeWith(pdu, encodeActionResponse))).toBe(toHex(b));
  });

  it('hdlc-iframe-action-hls-reply: reply_to_HLS_authentication (class 15 0.0.40.0.0.255 method 1) with SC 10, IC 0x4E and the GMAC tag', () => {
    const apdu = hdlcApdu('hdlc-iframe-action-hls-reply');
    const pdu = decodeAll(apdu, decodeActionRequest);
    expect(pdu).toEqual({
      type: 'action-request-normal',
      invokeIdAndPriority: { invokeId: 1, serviceClass: 'confirmed', priority: 'high' },
      descriptor: { classId: 15, instanceId: obis(0, 0, 40, 0, 0, 255), methodId: 1 },
      parameters: { type: 'octet-string', value: fromHex('100000004E19F0EFDD09F2F353D221B163') },
    });
    expect(toHex(encodeWith(pdu, encodeActionRequest))).toBe(toHex(apdu));
  });
});
