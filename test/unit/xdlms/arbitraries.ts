// fast-check arbitraries for every xDLMS service APDU variant. Data values come from a small local
// arbitrary of canonical A-XDR Data (minimal lengths, 00/01 booleans) so that decode(encode(x))
// must give x back exactly.
import fc from 'fast-check';
import type { DlmsData } from '../../../src-main/dlms/axdr/types';
import type {
  CosemAttributeDescriptor,
  CosemAttributeDescriptorWithSelection,
  CosemMethodDescriptor,
  DataBlockSA,
  GetDataResult,
  InvokeIdAndPriority,
  LongInvokeIdAndPriority,
  SelectiveAccessDescriptor,
} from '../../../src-main/dlms/xdlms/common';
import type { GetRequest, GetResponse } from '../../../src-main/dlms/xdlms/get';
import type { SetRequest, SetResponse } from '../../../src-main/dlms/xdlms/set';
import type { ActionRequest, ActionResponse, ActionResponseWithOptionalData } from '../../../src-main/dlms/xdlms/action';
import type { GeneralBlockTransfer } from '../../../src-main/dlms/xdlms/gbt';
import type { NotificationApdu } from '../../../src-main/dlms/xdlms/notification';
import type { AccessRequest, AccessRequestSpecification, AccessResponse } from '../../../src-main/dlms/xdlms/access';
import type { ExceptionResponse } from '../../../src-main/dlms/xdlms/exception';
import type { SnApdu, VariableAccessSpecification } from '../../../src-main/dlms/xdlms/sn';

const u8 = fc.integer({ min: 0, max: 0xff });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const bytes = (max = 40) => fc.uint8Array({ maxLength: max });

const simpleData: fc.Arbitrary<DlmsData> = fc.oneof(
  fc.constant<DlmsData>({ type: 'null-data' }),
  fc.boolean().map((value): DlmsData => ({ type: 'boolean', value })),
  fc.integer({ min: -128, max: 127 }).map((value): DlmsData => ({ type: 'integer', value })),
  fc.integer({ min: -32768, max: 32767 }).map((value): DlmsData => ({ type: 'long', value })),
  u8.map((value): DlmsData => ({ type: 'unsigned', value })),
  u16.map((value): DlmsData => ({ type: 'long-unsigned', value })),
  fc.integer({ min: -0x80000000, max: 0x7fffffff }).map((value): DlmsData => ({ type: 'double-long', value })),
  u32.map((value): DlmsData => ({ type: 'double-long-unsigned', value })),
  u8.map((value): DlmsData => ({ type: 'enum', value })),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((value): DlmsData => ({ type: 'long64', value })),
  bytes(140).map((value): DlmsData => ({ type: 'octet-string', value })),
  fc.uint8Array({ minLength: 0, maxLength: 20, min: 0x20, max: 0x7e }).map((value): DlmsData => ({ type: 'visible-string', value })),
);

export const data: fc.Arbitrary<DlmsData> = fc.letrec<{ d: DlmsData }>((tie) => ({
  d: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    simpleData,
    fc.array(tie('d'), { maxLength: 4 }).map((items): DlmsData => ({ type: 'structure', items })),
    fc.array(tie('d'), { maxLength: 4 }).map((items): DlmsData => ({ type: 'array', items })),
  ),
})).d;

export const iip: fc.Arbitrary<InvokeIdAndPriority> = fc.record(
  {
    invokeId: fc.integer({ min: 0, max: 15 }),
    serviceClass: fc.constantFrom('confirmed' as const, 'unconfirmed' as const),
    priority: fc.constantFrom('normal' as const, 'high' as const),
    reserved: fc.integer({ min: 1, max: 3 }),
  },
  { requiredKeys: ['invokeId', 'serviceClass', 'priority'] },
);

export const longIip: fc.Arbitrary<LongInvokeIdAndPriority> = fc.record(
  {
    longInvokeId: fc.integer({ min: 0, max: 0xffffff }),
    selfDescriptive: fc.boolean(),
    processingOption: fc.constantFrom('continue-on-error' as const, 'break-on-error' as const),
    serviceClass: fc.constantFrom('confirmed' as const, 'unconfirmed' as const),
    priority: fc.constantFrom('normal' as const, 'high' as const),
    reserved: fc.integer({ min: 1, max: 15 }),
  },
  { requiredKeys: ['longInvokeId', 'selfDescriptive', 'processingOption', 'serviceClass', 'priority'] },
);

const instanceId = fc.uint8Array({ minLength: 6, maxLength: 6 });
const i8 = fc.integer({ min: -128, max: 127 });

export const attributeDescriptor: fc.Arbitrary<CosemAttributeDescriptor> = fc.record({ classId: u16, instanceId, attributeId: i8 });
export const methodDescriptor: fc.Arbitrary<CosemMethodDescriptor> = fc.record({ classId: u16, instanceId, methodId: i8 });
export const selectiveAccess: fc.Arbitrary<SelectiveAccessDescriptor> = fc.record({ accessSelector: u8, accessParameters: data });
export const withSelection: fc.Arbitrary<CosemAttributeDescriptorWithSelection> = fc.record(
  { descriptor: attributeDescriptor, accessSelection: selectiveAccess },
  { requiredKeys: ['descriptor'] },
);
const getDataResult: fc.Arbitrary<GetDataResult> = fc.oneof(
  data.map((d): GetDataResult => ({ type: 'data', data: d })),
  u8.map((result): GetDataResult => ({ type: 'data-access-result', result })),
);
const dataBlockSA: fc.Arbitrary<DataBlockSA> = fc.record({ lastBlock: fc.boolean(), blockNumber: u32, rawData: bytes(300) });
const list = <T>(a: fc.Arbitrary<T>) => fc.array(a, { maxLength: 4 });

export const getRequest: fc.Arbitrary<GetRequest> = fc.oneof(
  fc.record(
    { type: fc.constant('get-request-normal' as const), invokeIdAndPriority: iip, descriptor: attributeDescriptor, accessSelection: selectiveAccess },
    { requiredKeys: ['type', 'invokeIdAndPriority', 'descriptor'] },
  ),
  fc.record({ type: fc.constant('get-request-next' as const), invokeIdAndPriority: iip, blockNumber: u32 }),
  fc.record({ type: fc.constant('get-request-with-list' as const), invokeIdAndPriority: iip, attributes: list(withSelection) }),
);

export const getResponse: fc.Arbitrary<GetResponse> = fc.oneof(
  fc.record({ type: fc.constant('get-response-normal' as const), invokeIdAndPriority: iip, result: getDataResult }),
  fc.record({
    type: fc.constant('get-response-with-datablock' as const),
    invokeIdAndPriority: iip,
    lastBlock: fc.boolean(),
    blockNumber: u32,
    result: fc.oneof(
      bytes(300).map((rawData) => ({ type: 'raw-data' as const, rawData })),
      u8.map((result) => ({ type: 'data-access-result' as const, result })),
    ),
  }),
  fc.record({ type: fc.constant('get-response-with-list' as const), invokeIdAndPriority: iip, results: list(getDataResult) }),
);

const optSel = { requiredKeys: ['type', 'invokeIdAndPriority', 'descriptor'] } as const;
export const setRequest: fc.Arbitrary<SetRequest> = fc.oneof(
  fc.record({ type: fc.constant('set-request-normal' as const), invokeIdAndPriority: iip, descriptor: attributeDescriptor, accessSelection: selectiveAccess, value: data }, { requiredKeys: [...optSel.requiredKeys, 'value'] }),
  fc.record({ type: fc.constant('set-request-with-first-datablock' as const), invokeIdAndPriority: iip, descriptor: attributeDescriptor, accessSelection: selectiveAccess, datablock: dataBlockSA }, { requiredKeys: [...optSel.requiredKeys, 'datablock'] }),
  fc.record({ type: fc.constant('set-request-with-datablock' as const), invokeIdAndPriority: iip, datablock: dataBlockSA }),
  fc.record({ type: fc.constant('set-request-with-list' as const), invokeIdAndPriority: iip, attributes: list(withSelection), values: list(data) }),
  fc.record({ type: fc.constant('set-request-with-list-and-first-datablock' as const), invokeIdAndPriority: iip, attributes: list(withSelection), datablock: dataBlockSA }),
);

export const setResponse: fc.Arbitrary<SetResponse> = fc.oneof(
  fc.record({ type: fc.constant('set-response-normal' as const), invokeIdAndPriority: iip, result: u8 }),
  fc.record({ type: fc.constant('set-response-datablock' as const), invokeIdAndPriority: iip, blockNumber: u32 }),
  fc.record({ type: fc.constant('set-response-last-datablock' as const), invokeIdAndPriority: iip, result: u8, blockNumber: u32 }),
  fc.record({ type: fc.constant('set-response-last-datablock-with-list' as const), invokeIdAndPriority: iip, results: list(u8), blockNumber: u32 }),
  fc.record({ type: fc.constant('set-response-with-list' as const), invokeIdAndPriority: iip, results: list(u8) }),
);

export const actionRequest: fc.Arbitrary<ActionRequest> = fc.oneof(
  fc.record({ type: fc.constant('action-request-normal' as const), invokeIdAndPriority: iip, descriptor: methodDescriptor, parameters: data }, { requiredKeys: ['type', 'invokeIdAndPriority', 'descriptor'] }),
  fc.record({ type: fc.constant('action-request-next-pblock' as const), invokeIdAndPriority: iip, blockNumber: u32 }),
  fc.record({ type: fc.constant('action-request-with-list' as const), invokeIdAndPriority: iip, descriptors: list(methodDescriptor), parameters: list(data) }),
  fc.record({ type: fc.constant('action-request-with-first-pblock' as const), invokeIdAndPriority: iip, descriptor: methodDescriptor, pblock: dataBlockSA }),
  fc.record({ type: fc.constant('action-request-with-list-and-first-pblock' as const), invokeIdAndPriority: iip, descriptors: list(methodDescriptor), pblock: dataBlockSA }),
  fc.record({ type: fc.constant('action-request-with-pblock' as const), invokeIdAndPriority: iip, pblock: dataBlockSA }),
);

const responseWithOptionalData: fc.Arbitrary<ActionResponseWithOptionalData> = fc.record(
  { result: u8, returnParameters: getDataResult },
  { requiredKeys: ['result'] },
);
export const actionResponse: fc.Arbitrary<ActionResponse> = fc.oneof(
  fc.record({ type: fc.constant('action-response-normal' as const), invokeIdAndPriority: iip, response: responseWithOptionalData }),
  fc.record({ type: fc.constant('action-response-with-pblock' as const), invokeIdAndPriority: iip, pblock: dataBlockSA }),
  fc.record({ type: fc.constant('action-response-with-list' as const), invokeIdAndPriority: iip, responses: list(responseWithOptionalData) }),
  fc.record({ type: fc.constant('action-response-next-pblock' as const), invokeIdAndPriority: iip, blockNumber: u32 }),
);

export const gbt: fc.Arbitrary<GeneralBlockTransfer> = fc.record({
  type: fc.constant('general-block-transfer' as const),
  lastBlock: fc.boolean(),
  streaming: fc.boolean(),
  window: fc.integer({ min: 0, max: 63 }),
  blockNumber: u16,
  blockNumberAck: u16,
  blockData: bytes(300),
});

const dateTime = fc.oneof(fc.constant(new Uint8Array(0)), fc.uint8Array({ minLength: 12, maxLength: 12 }));

export const variableAccess: fc.Arbitrary<VariableAccessSpecification> = fc.oneof(
  fc.record({ type: fc.constant('variable-name' as const), variableName: u16 }),
  fc.record({ type: fc.constant('parameterized-access' as const), variableName: u16, selector: u8, parameter: data }),
  fc.record({ type: fc.constant('block-number-access' as const), blockNumber: u16 }),
  fc.record({ type: fc.constant('read-data-block-access' as const), lastBlock: fc.boolean(), blockNumber: u16, rawData: bytes() }),
  fc.record({ type: fc.constant('write-data-block-access' as const), lastBlock: fc.boolean(), blockNumber: u16 }),
);

export const notification: fc.Arbitrary<NotificationApdu> = fc.oneof(
  fc.record({ type: fc.constant('data-notification' as const), longInvokeIdAndPriority: longIip, dateTime, body: data }),
  fc.record({ type: fc.constant('data-notification' as const), longInvokeIdAndPriority: longIip, dateTime: fc.uint8Array({ minLength: 12, maxLength: 12 }), dateTimeForm: fc.constant('data-octet-string' as const), body: data }),
  fc.record(
    { type: fc.constant('event-notification-request' as const), time: bytes(12), descriptor: attributeDescriptor, value: data },
    { requiredKeys: ['type', 'descriptor', 'value'] },
  ),
  fc.record(
    { type: fc.constant('information-report-request' as const), currentTime: bytes(20), variables: list(variableAccess), values: list(data) },
    { requiredKeys: ['type', 'variables', 'values'] },
  ),
);

const accessRequestSpec: fc.Arbitrary<AccessRequestSpecification> = fc.oneof(
  fc.record({ type: fc.constantFrom('access-request-get' as const, 'access-request-set' as const), descriptor: attributeDescriptor }),
  fc.record({ type: fc.constant('access-request-action' as const), descriptor: methodDescriptor }),
  fc.record({
    type: fc.constantFrom('access-request-get-with-selection' as const, 'access-request-set-with-selection' as const),
    descriptor: attributeDescriptor,
    accessSelection: selectiveAccess,
  }),
);

export const accessRequest: fc.Arbitrary<AccessRequest> = fc.record({
  type: fc.constant('access-request' as const),
  longInvokeIdAndPriority: longIip,
  dateTime,
  specifications: list(accessRequestSpec),
  data: list(data),
});

export const accessResponse: fc.Arbitrary<AccessResponse> = fc.record(
  {
    type: fc.constant('access-response' as const),
    longInvokeIdAndPriority: longIip,
    dateTime,
    requestSpecifications: list(accessRequestSpec),
    data: list(data),
    responses: list(
      fc.record({
        type: fc.constantFrom('access-response-get' as const, 'access-response-set' as const, 'access-response-action' as const),
        result: u8,
      }),
    ),
  },
  { requiredKeys: ['type', 'longInvokeIdAndPriority', 'dateTime', 'data', 'responses'] },
);

export const exceptionResponse: fc.Arbitrary<ExceptionResponse> = fc.record({
  type: fc.constant('exception-response' as const),
  stateError: fc.constantFrom('service-not-allowed' as const, 'service-unknown' as const),
  serviceError: fc.oneof(
    fc.record({
      type: fc.constantFrom(
        'operation-not-possible' as const,
        'service-not-supported' as const,
        'other-reason' as const,
        'pdu-too-long' as const,
        'deciphering-error' as const,
      ),
    }),
    fc.record({ type: fc.constant('invocation-counter-error' as const), invocationCounter: u32 }),
  ),
});

export const snApdu: fc.Arbitrary<SnApdu> = fc.oneof(
  fc.record({ type: fc.constant('read-request' as const), variables: list(variableAccess) }),
  fc.record({
    type: fc.constant('read-response' as const),
    results: list(
      fc.oneof(
        data.map((d) => ({ type: 'data' as const, data: d })),
        u8.map((result) => ({ type: 'data-access-error' as const, result })),
        fc.record({ type: fc.constant('data-block-result' as const), lastBlock: fc.boolean(), blockNumber: u16, rawData: bytes() }),
        u16.map((blockNumber) => ({ type: 'block-number' as const, blockNumber })),
      ),
    ),
  }),
  fc.record({ type: fc.constantFrom('write-request' as const, 'unconfirmed-write-request' as const), variables: list(variableAccess), values: list(data) }),
  fc.record({
    type: fc.constant('write-response' as const),
    results: list(
      fc.oneof(
        fc.constant({ type: 'success' as const }),
        u8.map((result) => ({ type: 'data-access-error' as const, result })),
        u16.map((blockNumber) => ({ type: 'block-number' as const, blockNumber })),
      ),
    ),
  }),
);
