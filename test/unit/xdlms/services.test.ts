// Hand-assembled APDUs (bytes laid out from the ASN.1 grammar in each module's header) for the
// services the corpus has no vector of: SN read/write/report, event-notification, access,
// exception-response; the selective-access views; and the dissector field tree with byte ranges.
import { describe, expect, it } from 'vitest';
import { corpusVector } from '../../support/vectors';
import { fromHex, toHex } from '../../../src-shared/hex';
import type { FieldNode } from '../../../src-shared/trace';
import { ByteReader } from '../../../src-main/dlms/codec/byte-reader';
import { DlmsDecodeError } from '../../../src-main/dlms/errors';
import { FieldTreeSink } from '../../../src-main/dlms/dissect/field-sink';
import { decodeApdu, decodeApduBytes, encodeApdu, type Apdu } from '../../../src-main/dlms/apdu';
import {
  entryDescriptorAccess,
  parseEntryDescriptor,
  parseRangeDescriptor,
  rangeDescriptorAccess,
} from '../../../src-main/dlms/xdlms/selective-access';
import { obis } from './helpers';

function exact(hex: string): Apdu {
  const a = decodeApduBytes(fromHex(hex));
  expect(toHex(encodeApdu(a))).toBe(hex);
  return a;
}

describe('short-name services', () => {
  it('ReadRequest: variable-name 0xFA08 and parameterized-access 0x6308 selector 1', () => {
    expect(exact('0502' + '02FA08' + '04630801' + '0F05')).toEqual({
      type: 'read-request',
      variables: [
        { type: 'variable-name', variableName: 0xfa08 },
        { type: 'parameterized-access', variableName: 0x6308, selector: 1, parameter: { type: 'integer', value: 5 } },
      ],
    });
  });

  it('ReadResponse: data, data-access-error, data-block-result, block-number', () => {
    expect(exact('0C04' + '00110A' + '0104' + '02010002020AB0' + '030007')).toEqual({
      type: 'read-response',
      results: [
        { type: 'data', data: { type: 'unsigned', value: 10 } },
        { type: 'data-access-error', result: 4 },
        { type: 'data-block-result', lastBlock: true, blockNumber: 2, rawData: Uint8Array.of(0x0a, 0xb0) },
        { type: 'block-number', blockNumber: 7 },
      ],
    });
  });

  it('WriteRequest, UnconfirmedWriteRequest and WriteResponse', () => {
    expect(exact('060102001001' + '1200FF')).toEqual({
      type: 'write-request',
      variables: [{ type: 'variable-name', variableName: 0x0010 }],
      values: [{ type: 'long-unsigned', value: 255 }],
    });
    expect(exact('16010700000301' + '0300')).toMatchObject({
      type: 'unconfirmed-write-request',
      variables: [{ type: 'write-data-block-access', lastBlock: false, blockNumber: 3 }],
    });
    expect(exact('0D03000103020005')).toEqual({
      type: 'write-response',
      results: [{ type: 'success' }, { type: 'data-access-error', result: 3 }, { type: 'block-number', blockNumber: 5 }],
    });
  });

  it('detailed-access ("not used in DLMS/COSEM") is UNSUPPORTED, an unknown choice BAD_TAG', () => {
    expect(() => decodeApduBytes(fromHex('050103FA08'))).toThrow(expect.objectContaining({ code: 'UNSUPPORTED', offset: 2 }));
    expect(() => decodeApduBytes(fromHex('050108FA08'))).toThrow(expect.objectContaining({ code: 'BAD_TAG', offset: 2 }));
  });

  it('InformationReportRequest with and without current-time', () => {
    expect(exact('18000102000801' + '1101')).toEqual({
      type: 'information-report-request',
      variables: [{ type: 'variable-name', variableName: 0x0008 }],
      values: [{ type: 'unsigned', value: 1 }],
    });
    const withTime = exact('18010C' + '07E80B15FF0C0000FF800000' + '00' + '00');
    expect(withTime).toMatchObject({ type: 'information-report-request', currentTime: fromHex('07E80B15FF0C0000FF800000') });
  });
});

describe('event-notification, access, exception-response', () => {
  it('EventNotificationRequest: no time, clock time attribute, date-time value', () => {
    const a = exact('C200' + '00080000010000FF02' + '090C07E80B15040C1E00FF800000');
    expect(a).toEqual({
      type: 'event-notification-request',
      descriptor: { classId: 8, instanceId: obis(0, 0, 1, 0, 0, 255), attributeId: 2 },
      value: { type: 'octet-string', value: fromHex('07E80B15040C1E00FF800000') },
    });
    expect(exact('C2010200AA' + '00010000600100FF02' + '00')).toMatchObject({ time: Uint8Array.of(0, 0xaa) });
  });

  it('access-request: long-invoke-id 1 (confirmed), no date-time, a get and an action, one data', () => {
    const a = exact('D9' + '40000001' + '00' + '02' + '0100080000010000FF02' + '03000F0000280000FF01' + '01' + '00');
    expect(a).toMatchObject({
      type: 'access-request',
      longInvokeIdAndPriority: { longInvokeId: 1, serviceClass: 'confirmed' },
      dateTime: new Uint8Array(0),
      specifications: [
        { type: 'access-request-get', descriptor: { classId: 8, attributeId: 2 } },
        { type: 'access-request-action', descriptor: { classId: 15, methodId: 1 } },
      ],
      data: [{ type: 'null-data' }],
    });
  });

  it('access-response: echoed specification absent, data list, get success and action other-reason', () => {
    const a = exact('DA' + '40000001' + '00' + '00' + '01' + '1203E8' + '02' + '0100' + '03FA');
    expect(a).toEqual({
      type: 'access-response',
      longInvokeIdAndPriority: { longInvokeId: 1, selfDescriptive: false, processingOption: 'continue-on-error', serviceClass: 'confirmed', priority: 'normal' },
      dateTime: new Uint8Array(0),
      data: [{ type: 'long-unsigned', value: 1000 }],
      responses: [
        { type: 'access-response-get', result: 0 },
        { type: 'access-response-action', result: 250 },
      ],
    });
  });

  it('exception-response: state-error and service-error names; invocation-counter-error carries the expected counter', () => {
    expect(exact('D80102')).toEqual({ type: 'exception-response', stateError: 'service-not-allowed', serviceError: { type: 'service-not-supported' } });
    expect(exact('D80205')).toEqual({ type: 'exception-response', stateError: 'service-unknown', serviceError: { type: 'deciphering-error' } });
    expect(exact('D8010600000010')).toMatchObject({ serviceError: { type: 'invocation-counter-error', invocationCounter: 16 } });
    expect(() => decodeApduBytes(fromHex('D80301'))).toThrow(expect.objectContaining({ code: 'BAD_TAG', offset: 1 }));
    expect(() => decodeApduBytes(fromHex('D80107'))).toThrow(DlmsDecodeError);
  });
});

describe('selective access views', () => {
  it('the range_descriptor built from the corpus meaning encodes to the corpus bytes', () => {
    const v = fromHex(corpusVector('get-request-range-descriptor').hex);
    const a: Apdu = {
      type: 'get-request-normal',
      invokeIdAndPriority: { invokeId: 1, serviceClass: 'confirmed', priority: 'high' },
      descriptor: { classId: 7, instanceId: obis(1, 0, 99, 1, 0, 255), attributeId: 2 },
      accessSelection: rangeDescriptorAccess({
        restrictingObject: { classId: 8, logicalName: obis(0, 0, 1, 0, 0, 255), attributeIndex: 2, dataIndex: 0 },
        fromValue: { type: 'octet-string', value: fromHex('07E10A010700000000FFC480') },
        toValue: { type: 'octet-string', value: fromHex('07E10A010701000000FFC480') },
        selectedValues: [],
      }),
    };
    expect(toHex(encodeApdu(a))).toBe(toHex(v));
  });

  it('entry_descriptor: entries 1..10, all columns', () => {
    const hex = 'C001C100070100630100FF020102' + '0204' + '0600000001' + '060000000A' + '120001' + '120000';
    const a = exact(hex);
    if (a.type !== 'get-request-normal' || !a.accessSelection) throw new Error('not a get-request-normal with selection');
    const ed = parseEntryDescriptor(a.accessSelection);
    expect(ed).toEqual({ fromEntry: 1, toEntry: 10, fromSelectedValue: 1, toSelectedValue: 0 });
    expect(entryDescriptorAccess(ed!)).toEqual(a.accessSelection);
    expect(parseRangeDescriptor(a.accessSelection)).toBeUndefined();
  });

  it('shapes that are not the descriptor are not parsed', () => {
    expect(parseEntryDescriptor({ accessSelector: 2, accessParameters: { type: 'null-data' } })).toBeUndefined();
    expect(parseRangeDescriptor({ accessSelector: 1, accessParameters: { type: 'structure', items: [] } })).toBeUndefined();
  });
});

describe('dissection field tree', () => {
  it('get-request-normal: each field with its byte range, value and meaning', () => {
    const b = fromHex(corpusVector('get-request-epri-invoke45').hex);
    const sink = new FieldTreeSink();
    decodeApdu(new ByteReader(b, 0, b.length, sink));
    const root = sink.roots[0]!;
    const brief = (n: FieldNode): unknown => ({ label: n.label, start: n.start, length: n.length, value: n.value, meaning: n.meaning });
    expect([root.label, root.start, root.length]).toEqual(['get-request', 0, 13]);
    const [tag, choice, iip, desc, sel] = root.children!;
    expect(brief(tag!)).toEqual({ label: 'tag', start: 0, length: 1, value: 'C0', meaning: 'get-request' });
    expect(brief(choice!)).toEqual({ label: 'choice', start: 1, length: 1, value: '1', meaning: 'get-request-normal' });
    expect(brief(iip!)).toEqual({ label: 'invoke-id-and-priority', start: 2, length: 1, value: '45', meaning: 'invoke-id 5, confirmed, normal priority' });
    expect([desc!.label, desc!.start, desc!.length]).toEqual(['cosem-attribute-descriptor', 3, 9]);
    expect(desc!.children!.map((c) => [c.label, c.start, c.length, c.value])).toEqual([
      ['class-id', 3, 2, '7'],
      ['instance-id', 5, 6, '0-0:99.98.1*255'],
      ['attribute-id', 11, 1, '2'],
    ]);
    expect(brief(sel!)).toMatchObject({ label: 'access-selection usage-flag', start: 12, length: 1, value: 'absent' });
  });
});
