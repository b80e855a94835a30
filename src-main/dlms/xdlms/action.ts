// ACTION service APDUs (Green Book 9.3.x, IEC 62056-5-3), A-XDR encoded.
//
// Action-Request ::= CHOICE {                                                     -- [195] = C3
//   action-request-normal                     [1] IMPLICIT Action-Request-Normal,
//   action-request-next-pblock                [2] IMPLICIT Action-Request-Next-Pblock,
//   action-request-with-list                  [3] IMPLICIT Action-Request-With-List,
//   action-request-with-first-pblock          [4] IMPLICIT Action-Request-With-First-Pblock,
//   action-request-with-list-and-first-pblock [5] IMPLICIT Action-Request-With-List-And-First-Pblock,
//   action-request-with-pblock                [6] IMPLICIT Action-Request-With-Pblock }
// Action-Request-Normal ::= SEQUENCE { invoke-id-and-priority, cosem-method-descriptor Cosem-Method-Descriptor,
//   method-invocation-parameters Data OPTIONAL }
// Action-Request-Next-Pblock ::= SEQUENCE { invoke-id-and-priority, block-number Unsigned32 }
// Action-Request-With-List ::= SEQUENCE { invoke-id-and-priority,
//   cosem-method-descriptor-list SEQUENCE OF Cosem-Method-Descriptor, method-invocation-parameters SEQUENCE OF Data }
// Action-Request-With-First-Pblock ::= SEQUENCE { invoke-id-and-priority, cosem-method-descriptor, pblock DataBlock-SA }
// Action-Request-With-List-And-First-Pblock ::= SEQUENCE { invoke-id-and-priority,
//   cosem-method-descriptor-list SEQUENCE OF Cosem-Method-Descriptor, pblock DataBlock-SA }
// Action-Request-With-Pblock ::= SEQUENCE { invoke-id-and-priority, pblock DataBlock-SA }
//
// Action-Response ::= CHOICE {                                                    -- [199] = C7
//   action-response-normal      [1] IMPLICIT Action-Response-Normal,
//   action-response-with-pblock [2] IMPLICIT Action-Response-With-Pblock,
//   action-response-with-list   [3] IMPLICIT Action-Response-With-List,
//   action-response-next-pblock [4] IMPLICIT Action-Response-Next-Pblock }
// Action-Response-Normal ::= SEQUENCE { invoke-id-and-priority, single-response Action-Response-With-Optional-Data }
// Action-Response-With-Pblock ::= SEQUENCE { invoke-id-and-priority, pblock DataBlock-SA }
// Action-Response-With-List ::= SEQUENCE { invoke-id-and-priority,
//   list-of-responses SEQUENCE OF Action-Response-With-Optional-Data }
// Action-Response-Next-Pblock ::= SEQUENCE { invoke-id-and-priority, block-number Unsigned32 }
// Action-Response-With-Optional-Data ::= SEQUENCE { result Action-Result, return-parameters Get-Data-Result OPTIONAL }

import { assertNever } from '../errors';
import type { DlmsData } from '../axdr/types';
import type { ByteReader } from '../codec/byte-reader';
import type { ByteWriter } from '../codec/byte-writer';
import {
  type CosemMethodDescriptor,
  type DataBlockSA,
  type GetDataResult,
  type InvokeIdAndPriority,
  actionResultName,
  describeGetDataResult,
  obisText,
  readActionResult,
  readData,
  readDataBlockSA,
  readGetDataResult,
  readServiceHead,
  readMethodDescriptor,
  readOptional,
  readSequenceOf,
  readUnsigned32,
  writeData,
  writeDataBlockSA,
  writeGetDataResult,
  writeServiceHead,
  writeMethodDescriptor,
  writeOptional,
  writeSequenceOf,
} from './common';

export const ACTION_REQUEST_TAG = 0xc3;
export const ACTION_RESPONSE_TAG = 0xc7;

export const ACTION_REQUEST_CHOICE = {
  1: 'action-request-normal',
  2: 'action-request-next-pblock',
  3: 'action-request-with-list',
  4: 'action-request-with-first-pblock',
  5: 'action-request-with-list-and-first-pblock',
  6: 'action-request-with-pblock',
} as const;

export const ACTION_RESPONSE_CHOICE = {
  1: 'action-response-normal',
  2: 'action-response-with-pblock',
  3: 'action-response-with-list',
  4: 'action-response-next-pblock',
} as const;

interface WithIip {
  invokeIdAndPriority: InvokeIdAndPriority;
}

export interface ActionRequestNormal extends WithIip {
  type: 'action-request-normal';
  descriptor: CosemMethodDescriptor;
  parameters?: DlmsData;
}

export interface ActionRequestNextPblock extends WithIip {
  type: 'action-request-next-pblock';
  blockNumber: number;
}

export interface ActionRequestWithList extends WithIip {
  type: 'action-request-with-list';
  descriptors: CosemMethodDescriptor[];
  parameters: DlmsData[];
}

export interface ActionRequestWithFirstPblock extends WithIip {
  type: 'action-request-with-first-pblock';
  descriptor: CosemMethodDescriptor;
  pblock: DataBlockSA;
}

export interface ActionRequestWithListAndFirstPblock extends WithIip {
  type: 'action-request-with-list-and-first-pblock';
  descriptors: CosemMethodDescriptor[];
  pblock: DataBlockSA;
}

export interface ActionRequestWithPblock extends WithIip {
  type: 'action-request-with-pblock';
  pblock: DataBlockSA;
}

export type ActionRequest =
  | ActionRequestNormal
  | ActionRequestNextPblock
  | ActionRequestWithList
  | ActionRequestWithFirstPblock
  | ActionRequestWithListAndFirstPblock
  | ActionRequestWithPblock;

/** Action-Response-With-Optional-Data. */
export interface ActionResponseWithOptionalData {
  result: number;
  returnParameters?: GetDataResult;
}

export interface ActionResponseNormal extends WithIip {
  type: 'action-response-normal';
  response: ActionResponseWithOptionalData;
}

export interface ActionResponseWithPblock extends WithIip {
  type: 'action-response-with-pblock';
  pblock: DataBlockSA;
}

export interface ActionResponseWithList extends WithIip {
  type: 'action-response-with-list';
  responses: ActionResponseWithOptionalData[];
}

export interface ActionResponseNextPblock extends WithIip {
  type: 'action-response-next-pblock';
  blockNumber: number;
}

export type ActionResponse =
  | ActionResponseNormal
  | ActionResponseWithPblock
  | ActionResponseWithList
  | ActionResponseNextPblock;

export function decodeActionRequest(r: ByteReader): ActionRequest {
  return r.node(
    'action-request',
    (): ActionRequest => {
      const { type, invokeIdAndPriority } = readServiceHead(r, ACTION_REQUEST_TAG, 'action-request', 'Action-Request', ACTION_REQUEST_CHOICE);
      switch (type) {
        case 'action-request-normal': {
          const descriptor = readMethodDescriptor(r);
          const parameters = readOptional(r, 'method-invocation-parameters', () =>
            readData(r, 'method-invocation-parameters'),
          );
          return parameters !== undefined
            ? { type, invokeIdAndPriority, descriptor, parameters }
            : { type, invokeIdAndPriority, descriptor };
        }
        case 'action-request-next-pblock':
          return { type, invokeIdAndPriority, blockNumber: readUnsigned32(r, 'block-number') };
        case 'action-request-with-list': {
          const descriptors = readSequenceOf(r, 'cosem-method-descriptor-list', () => readMethodDescriptor(r));
          const parameters = readSequenceOf(r, 'method-invocation-parameters', () => readData(r, 'parameter'));
          return { type, invokeIdAndPriority, descriptors, parameters };
        }
        case 'action-request-with-first-pblock': {
          const descriptor = readMethodDescriptor(r);
          return { type, invokeIdAndPriority, descriptor, pblock: readDataBlockSA(r, 'pblock') };
        }
        case 'action-request-with-list-and-first-pblock': {
          const descriptors = readSequenceOf(r, 'cosem-method-descriptor-list', () => readMethodDescriptor(r));
          return { type, invokeIdAndPriority, descriptors, pblock: readDataBlockSA(r, 'pblock') };
        }
        case 'action-request-with-pblock':
          return { type, invokeIdAndPriority, pblock: readDataBlockSA(r, 'pblock') };
        default:
          return assertNever(type, 'Action-Request choice');
      }
    },
    (v) => v.type,
  );
}

export function encodeActionRequest(w: ByteWriter, pdu: ActionRequest): void {
  writeServiceHead(w, ACTION_REQUEST_TAG, ACTION_REQUEST_CHOICE, pdu);
  switch (pdu.type) {
    case 'action-request-normal':
      writeMethodDescriptor(w, pdu.descriptor);
      writeOptional(w, pdu.parameters, (d) => writeData(w, d));
      return;
    case 'action-request-next-pblock':
      w.u32(pdu.blockNumber);
      return;
    case 'action-request-with-list':
      writeSequenceOf(w, pdu.descriptors, (d) => writeMethodDescriptor(w, d));
      writeSequenceOf(w, pdu.parameters, (d) => writeData(w, d));
      return;
    case 'action-request-with-first-pblock':
      writeMethodDescriptor(w, pdu.descriptor);
      writeDataBlockSA(w, pdu.pblock);
      return;
    case 'action-request-with-list-and-first-pblock':
      writeSequenceOf(w, pdu.descriptors, (d) => writeMethodDescriptor(w, d));
      writeDataBlockSA(w, pdu.pblock);
      return;
    case 'action-request-with-pblock':
      writeDataBlockSA(w, pdu.pblock);
      return;
    default:
      return assertNever(pdu, 'Action-Request');
  }
}

function readResponseWithOptionalData(r: ByteReader, label: string): ActionResponseWithOptionalData {
  return r.node(label, () => {
    const result = readActionResult(r, 'result');
    const returnParameters = readOptional(r, 'return-parameters', () => readGetDataResult(r, 'return-parameters'));
    return returnParameters ? { result, returnParameters } : { result };
  });
}

function writeResponseWithOptionalData(w: ByteWriter, v: ActionResponseWithOptionalData): void {
  w.u8(v.result);
  writeOptional(w, v.returnParameters, (g) => writeGetDataResult(w, g));
}

export function decodeActionResponse(r: ByteReader): ActionResponse {
  return r.node(
    'action-response',
    (): ActionResponse => {
      const { type, invokeIdAndPriority } = readServiceHead(r, ACTION_RESPONSE_TAG, 'action-response', 'Action-Response', ACTION_RESPONSE_CHOICE);
      switch (type) {
        case 'action-response-normal':
          return { type, invokeIdAndPriority, response: readResponseWithOptionalData(r, 'single-response') };
        case 'action-response-with-pblock':
          return { type, invokeIdAndPriority, pblock: readDataBlockSA(r, 'pblock') };
        case 'action-response-with-list':
          return {
            type,
            invokeIdAndPriority,
            responses: readSequenceOf(r, 'list-of-responses', () => readResponseWithOptionalData(r, 'response')),
          };
        case 'action-response-next-pblock':
          return { type, invokeIdAndPriority, blockNumber: readUnsigned32(r, 'block-number') };
        default:
          return assertNever(type, 'Action-Response choice');
      }
    },
    (v) => v.type,
  );
}

export function encodeActionResponse(w: ByteWriter, pdu: ActionResponse): void {
  writeServiceHead(w, ACTION_RESPONSE_TAG, ACTION_RESPONSE_CHOICE, pdu);
  switch (pdu.type) {
    case 'action-response-normal':
      writeResponseWithOptionalData(w, pdu.response);
      return;
    case 'action-response-with-pblock':
      writeDataBlockSA(w, pdu.pblock);
      return;
    case 'action-response-with-list':
      writeSequenceOf(w, pdu.responses, (v) => writeResponseWithOptionalData(w, v));
      return;
    case 'action-response-next-pblock':
      w.u32(pdu.blockNumber);
      return;
    default:
      return assertNever(pdu, 'Action-Response');
  }
}

export function describeAction(pdu: ActionRequest | ActionResponse): string {
  switch (pdu.type) {
    case 'action-request-normal':
    case 'action-request-with-first-pblock':
      return `${obisText(pdu.descriptor.instanceId)} method ${pdu.descriptor.methodId}`;
    case 'action-request-next-pblock':
    case 'action-response-next-pblock':
      return `block ${pdu.blockNumber}`;
    case 'action-request-with-list':
    case 'action-request-with-list-and-first-pblock':
      return `${pdu.descriptors.length} method(s)`;
    case 'action-request-with-pblock':
    case 'action-response-with-pblock':
      return `block ${pdu.pblock.blockNumber}${pdu.pblock.lastBlock ? ' last' : ''}`;
    case 'action-response-normal':
      return actionResultName(pdu.response.result) +
        (pdu.response.returnParameters ? ` (${describeGetDataResult(pdu.response.returnParameters)})` : '');
    case 'action-response-with-list':
      return `${pdu.responses.length} response(s)`;
    default:
      return assertNever(pdu, 'Action APDU');
  }
}
