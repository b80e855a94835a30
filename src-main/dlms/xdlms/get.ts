// GET service APDUs (Green Book 9.3.x, IEC 62056-5-3 "xDLMS APDUs"), A-XDR encoded.
//
// Get-Request ::= CHOICE {                                    -- [192] = C0
//   get-request-normal     [1] IMPLICIT Get-Request-Normal,
//   get-request-next       [2] IMPLICIT Get-Request-Next,
//   get-request-with-list  [3] IMPLICIT Get-Request-With-List }
// Get-Request-Normal ::= SEQUENCE { invoke-id-and-priority Invoke-Id-And-Priority,
//   cosem-attribute-descriptor Cosem-Attribute-Descriptor, access-selection Selective-Access-Descriptor OPTIONAL }
// Get-Request-Next ::= SEQUENCE { invoke-id-and-priority, block-number Unsigned32 }
// Get-Request-With-List ::= SEQUENCE { invoke-id-and-priority,
//   attribute-descriptor-list SEQUENCE OF Cosem-Attribute-Descriptor-With-Selection }
//
// Get-Response ::= CHOICE {                                   -- [196] = C4
//   get-response-normal         [1] IMPLICIT Get-Response-Normal,
//   get-response-with-datablock [2] IMPLICIT Get-Response-With-Datablock,
//   get-response-with-list      [3] IMPLICIT Get-Response-With-List }
// Get-Response-Normal ::= SEQUENCE { invoke-id-and-priority, result Get-Data-Result }
// Get-Response-With-Datablock ::= SEQUENCE { invoke-id-and-priority, result DataBlock-G }
// Get-Response-With-List ::= SEQUENCE { invoke-id-and-priority, result SEQUENCE OF Get-Data-Result }
// DataBlock-G ::= SEQUENCE { last-block BOOLEAN, block-number Unsigned32,
//   result CHOICE { raw-data [0] IMPLICIT OCTET STRING, data-access-result [1] IMPLICIT Data-Access-Result } }

import { assertNever } from '../errors';
import type { ByteReader } from '../codec/byte-reader';
import type { ByteWriter } from '../codec/byte-writer';
import {
  type CosemAttributeDescriptor,
  type CosemAttributeDescriptorWithSelection,
  type GetDataResult,
  type InvokeIdAndPriority,
  type SelectiveAccessDescriptor,
  dataAccessResultName,
  describeGetDataResult,
  obisText,
  readAttributeDescriptor,
  readBoolean,
  readChoice,
  readDataAccessResult,
  readDescriptorWithSelection,
  readGetDataResult,
  readServiceHead,
  readOctetString,
  readOptional,
  readSelectiveAccess,
  readSequenceOf,
  readUnsigned32,
  writeAttributeDescriptor,
  writeBoolean,
  writeDescriptorWithSelection,
  writeGetDataResult,
  writeServiceHead,
  writeOctetString,
  writeOptional,
  writeSelectiveAccess,
  writeSequenceOf,
} from './common';

export const GET_REQUEST_TAG = 0xc0;
export const GET_RESPONSE_TAG = 0xc4;

export const GET_REQUEST_CHOICE = {
  1: 'get-request-normal',
  2: 'get-request-next',
  3: 'get-request-with-list',
} as const;

export const GET_RESPONSE_CHOICE = {
  1: 'get-response-normal',
  2: 'get-response-with-datablock',
  3: 'get-response-with-list',
} as const;

export const DATABLOCK_G_RESULT_CHOICE = { 0: 'raw-data', 1: 'data-access-result' } as const;

export interface GetRequestNormal {
  type: 'get-request-normal';
  invokeIdAndPriority: InvokeIdAndPriority;
  descriptor: CosemAttributeDescriptor;
  accessSelection?: SelectiveAccessDescriptor;
}

export interface GetRequestNext {
  type: 'get-request-next';
  invokeIdAndPriority: InvokeIdAndPriority;
  blockNumber: number;
}

export interface GetRequestWithList {
  type: 'get-request-with-list';
  invokeIdAndPriority: InvokeIdAndPriority;
  attributes: CosemAttributeDescriptorWithSelection[];
}

export type GetRequest = GetRequestNormal | GetRequestNext | GetRequestWithList;

export interface GetResponseNormal {
  type: 'get-response-normal';
  invokeIdAndPriority: InvokeIdAndPriority;
  result: GetDataResult;
}

export type DataBlockGResult = { type: 'raw-data'; rawData: Uint8Array } | { type: 'data-access-result'; result: number };

export interface GetResponseWithDatablock {
  type: 'get-response-with-datablock';
  invokeIdAndPriority: InvokeIdAndPriority;
  lastBlock: boolean;
  blockNumber: number;
  result: DataBlockGResult;
}

export interface GetResponseWithList {
  type: 'get-response-with-list';
  invokeIdAndPriority: InvokeIdAndPriority;
  results: GetDataResult[];
}

export type GetResponse = GetResponseNormal | GetResponseWithDatablock | GetResponseWithList;

export function decodeGetRequest(r: ByteReader): GetRequest {
  return r.node(
    'get-request',
    (): GetRequest => {
      const { type, invokeIdAndPriority } = readServiceHead(r, GET_REQUEST_TAG, 'get-request', 'Get-Request', GET_REQUEST_CHOICE);
      switch (type) {
        case 'get-request-normal': {
          const descriptor = readAttributeDescriptor(r);
          const accessSelection = readOptional(r, 'access-selection', () => readSelectiveAccess(r));
          return accessSelection
            ? { type, invokeIdAndPriority, descriptor, accessSelection }
            : { type, invokeIdAndPriority, descriptor };
        }
        case 'get-request-next':
          return { type, invokeIdAndPriority, blockNumber: readUnsigned32(r, 'block-number') };
        case 'get-request-with-list':
          return {
            type,
            invokeIdAndPriority,
            attributes: readSequenceOf(r, 'attribute-descriptor-list', () => readDescriptorWithSelection(r)),
          };
        default:
          return assertNever(type, 'Get-Request choice');
      }
    },
    (v) => v.type,
  );
}

export function encodeGetRequest(w: ByteWriter, pdu: GetRequest): void {
  writeServiceHead(w, GET_REQUEST_TAG, GET_REQUEST_CHOICE, pdu);
  switch (pdu.type) {
    case 'get-request-normal':
      writeAttributeDescriptor(w, pdu.descriptor);
      writeOptional(w, pdu.accessSelection, (s) => writeSelectiveAccess(w, s));
      return;
    case 'get-request-next':
      w.u32(pdu.blockNumber);
      return;
    case 'get-request-with-list':
      writeSequenceOf(w, pdu.attributes, (a) => writeDescriptorWithSelection(w, a));
      return;
    default:
      return assertNever(pdu, 'Get-Request');
  }
}

function readDataBlockGResult(r: ByteReader): DataBlockGResult {
  return r.node('result', (): DataBlockGResult => {
    const choice = readChoice(r, 'DataBlock-G result', DATABLOCK_G_RESULT_CHOICE);
    return choice === 'raw-data'
      ? { type: 'raw-data', rawData: readOctetString(r, 'raw-data') }
      : { type: 'data-access-result', result: readDataAccessResult(r) };
  });
}

export function decodeGetResponse(r: ByteReader): GetResponse {
  return r.node(
    'get-response',
    (): GetResponse => {
      const { type, invokeIdAndPriority } = readServiceHead(r, GET_RESPONSE_TAG, 'get-response', 'Get-Response', GET_RESPONSE_CHOICE);
      switch (type) {
        case 'get-response-normal':
          return { type, invokeIdAndPriority, result: readGetDataResult(r) };
        case 'get-response-with-datablock':
          return r.node('result', () => {
            const lastBlock = readBoolean(r, 'last-block');
            const blockNumber = readUnsigned32(r, 'block-number');
            const result = readDataBlockGResult(r);
            return { type, invokeIdAndPriority, lastBlock, blockNumber, result };
          });
        case 'get-response-with-list':
          return { type, invokeIdAndPriority, results: readSequenceOf(r, 'result', () => readGetDataResult(r)) };
        default:
          return assertNever(type, 'Get-Response choice');
      }
    },
    (v) => v.type,
  );
}

export function encodeGetResponse(w: ByteWriter, pdu: GetResponse): void {
  writeServiceHead(w, GET_RESPONSE_TAG, GET_RESPONSE_CHOICE, pdu);
  switch (pdu.type) {
    case 'get-response-normal':
      writeGetDataResult(w, pdu.result);
      return;
    case 'get-response-with-datablock':
      writeBoolean(w, pdu.lastBlock);
      w.u32(pdu.blockNumber);
      if (pdu.result.type === 'raw-data') {
        w.u8(0);
        writeOctetString(w, pdu.result.rawData);
      } else {
        w.u8(1).u8(pdu.result.result);
      }
      return;
    case 'get-response-with-list':
      writeSequenceOf(w, pdu.results, (g) => writeGetDataResult(w, g));
      return;
    default:
      return assertNever(pdu, 'Get-Response');
  }
}

/** Wireshark-style Info text for a Get APDU (without the APDU name). */
export function describeGet(pdu: GetRequest | GetResponse): string {
  switch (pdu.type) {
    case 'get-request-normal':
      return `${obisText(pdu.descriptor.instanceId)} attr ${pdu.descriptor.attributeId}` +
        (pdu.accessSelection ? ` selector ${pdu.accessSelection.accessSelector}` : '');
    case 'get-request-next':
      return `block ${pdu.blockNumber}`;
    case 'get-request-with-list':
      return `${pdu.attributes.length} attribute(s)`;
    case 'get-response-normal':
      return describeGetDataResult(pdu.result);
    case 'get-response-with-datablock':
      return `block ${pdu.blockNumber}${pdu.lastBlock ? ' last' : ''}` +
        (pdu.result.type === 'raw-data' ? '' : ` ${dataAccessResultName(pdu.result.result)}`);
    case 'get-response-with-list':
      return `${pdu.results.length} result(s)`;
    default:
      return assertNever(pdu, 'Get APDU');
  }
}
