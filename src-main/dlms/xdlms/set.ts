// SET service APDUs (Green Book 9.3.x, IEC 62056-5-3), A-XDR encoded.
//
// Set-Request ::= CHOICE {                                                      -- [193] = C1
//   set-request-normal                        [1] IMPLICIT Set-Request-Normal,
//   set-request-with-first-datablock          [2] IMPLICIT Set-Request-With-First-Datablock,
//   set-request-with-datablock                [3] IMPLICIT Set-Request-With-Datablock,
//   set-request-with-list                     [4] IMPLICIT Set-Request-With-List,
//   set-request-with-list-and-first-datablock [5] IMPLICIT Set-Request-With-List-And-First-Datablock }
// Set-Request-Normal ::= SEQUENCE { invoke-id-and-priority, cosem-attribute-descriptor,
//   access-selection Selective-Access-Descriptor OPTIONAL, value Data }
// Set-Request-With-First-Datablock ::= SEQUENCE { invoke-id-and-priority, cosem-attribute-descriptor,
//   access-selection Selective-Access-Descriptor OPTIONAL, datablock DataBlock-SA }
// Set-Request-With-Datablock ::= SEQUENCE { invoke-id-and-priority, datablock DataBlock-SA }
// Set-Request-With-List ::= SEQUENCE { invoke-id-and-priority,
//   attribute-descriptor-list SEQUENCE OF Cosem-Attribute-Descriptor-With-Selection, value-list SEQUENCE OF Data }
// Set-Request-With-List-And-First-Datablock ::= SEQUENCE { invoke-id-and-priority,
//   attribute-descriptor-list SEQUENCE OF Cosem-Attribute-Descriptor-With-Selection, datablock DataBlock-SA }
//
// Set-Response ::= CHOICE {                                                     -- [197] = C5
//   set-response-normal                    [1] IMPLICIT Set-Response-Normal,
//   set-response-datablock                 [2] IMPLICIT Set-Response-Datablock,
//   set-response-last-datablock            [3] IMPLICIT Set-Response-Last-Datablock,
//   set-response-last-datablock-with-list  [4] IMPLICIT Set-Response-Last-Datablock-With-List,
//   set-response-with-list                 [5] IMPLICIT Set-Response-With-List }
// Set-Response-Normal ::= SEQUENCE { invoke-id-and-priority, result Data-Access-Result }
// Set-Response-Datablock ::= SEQUENCE { invoke-id-and-priority, block-number Unsigned32 }
// Set-Response-Last-Datablock ::= SEQUENCE { invoke-id-and-priority, result Data-Access-Result, block-number Unsigned32 }
// Set-Response-Last-Datablock-With-List ::= SEQUENCE { invoke-id-and-priority,
//   result SEQUENCE OF Data-Access-Result, block-number Unsigned32 }
// Set-Response-With-List ::= SEQUENCE { invoke-id-and-priority, result SEQUENCE OF Data-Access-Result }

import { assertNever } from '../errors';
import type { DlmsData } from '../axdr/types';
import type { ByteReader } from '../codec/byte-reader';
import type { ByteWriter } from '../codec/byte-writer';
import {
  type CosemAttributeDescriptor,
  type CosemAttributeDescriptorWithSelection,
  type DataBlockSA,
  type InvokeIdAndPriority,
  type SelectiveAccessDescriptor,
  dataAccessResultName,
  obisText,
  readAttributeDescriptor,
  readData,
  readDataAccessResult,
  readDataBlockSA,
  readDescriptorWithSelection,
  readServiceHead,
  readOptional,
  readSelectiveAccess,
  readSequenceOf,
  readUnsigned32,
  writeAttributeDescriptor,
  writeData,
  writeDataBlockSA,
  writeDescriptorWithSelection,
  writeServiceHead,
  writeOptional,
  writeSelectiveAccess,
  writeSequenceOf,
} from './common';

export const SET_REQUEST_TAG = 0xc1;
export const SET_RESPONSE_TAG = 0xc5;

export const SET_REQUEST_CHOICE = {
  1: 'set-request-normal',
  2: 'set-request-with-first-datablock',
  3: 'set-request-with-datablock',
  4: 'set-request-with-list',
  5: 'set-request-with-list-and-first-datablock',
} as const;

export const SET_RESPONSE_CHOICE = {
  1: 'set-response-normal',
  2: 'set-response-datablock',
  3: 'set-response-last-datablock',
  4: 'set-response-last-datablock-with-list',
  5: 'set-response-with-list',
} as const;

interface WithIip {
  invokeIdAndPriority: InvokeIdAndPriority;
}

export interface SetRequestNormal extends WithIip {
  type: 'set-request-normal';
  descriptor: CosemAttributeDescriptor;
  accessSelection?: SelectiveAccessDescriptor;
  value: DlmsData;
}

export interface SetRequestWithFirstDatablock extends WithIip {
  type: 'set-request-with-first-datablock';
  descriptor: CosemAttributeDescriptor;
  accessSelection?: SelectiveAccessDescriptor;
  datablock: DataBlockSA;
}

export interface SetRequestWithDatablock extends WithIip {
  type: 'set-request-with-datablock';
  datablock: DataBlockSA;
}

export interface SetRequestWithList extends WithIip {
  type: 'set-request-with-list';
  attributes: CosemAttributeDescriptorWithSelection[];
  values: DlmsData[];
}

export interface SetRequestWithListAndFirstDatablock extends WithIip {
  type: 'set-request-with-list-and-first-datablock';
  attributes: CosemAttributeDescriptorWithSelection[];
  datablock: DataBlockSA;
}

export type SetRequest =
  | SetRequestNormal
  | SetRequestWithFirstDatablock
  | SetRequestWithDatablock
  | SetRequestWithList
  | SetRequestWithListAndFirstDatablock;

export interface SetResponseNormal extends WithIip {
  type: 'set-response-normal';
  result: number;
}

export interface SetResponseDatablock extends WithIip {
  type: 'set-response-datablock';
  blockNumber: number;
}

export interface SetResponseLastDatablock extends WithIip {
  type: 'set-response-last-datablock';
  result: number;
  blockNumber: number;
}

export interface SetResponseLastDatablockWithList extends WithIip {
  type: 'set-response-last-datablock-with-list';
  results: number[];
  blockNumber: number;
}

export interface SetResponseWithList extends WithIip {
  type: 'set-response-with-list';
  results: number[];
}

export type SetResponse =
  | SetResponseNormal
  | SetResponseDatablock
  | SetResponseLastDatablock
  | SetResponseLastDatablockWithList
  | SetResponseWithList;

function readDescriptorAndSelection(r: ByteReader): {
  descriptor: CosemAttributeDescriptor;
  accessSelection?: SelectiveAccessDescriptor;
} {
  const descriptor = readAttributeDescriptor(r);
  const accessSelection = readOptional(r, 'access-selection', () => readSelectiveAccess(r));
  return accessSelection ? { descriptor, accessSelection } : { descriptor };
}

export function decodeSetRequest(r: ByteReader): SetRequest {
  return r.node(
    'set-request',
    (): SetRequest => {
      const { type, invokeIdAndPriority } = readServiceHead(r, SET_REQUEST_TAG, 'set-request', 'Set-Request', SET_REQUEST_CHOICE);
      switch (type) {
        case 'set-request-normal': {
          const d = readDescriptorAndSelection(r);
          return { type, invokeIdAndPriority, ...d, value: readData(r, 'value') };
        }
        case 'set-request-with-first-datablock': {
          const d = readDescriptorAndSelection(r);
          return { type, invokeIdAndPriority, ...d, datablock: readDataBlockSA(r, 'datablock') };
        }
        case 'set-request-with-datablock':
          return { type, invokeIdAndPriority, datablock: readDataBlockSA(r, 'datablock') };
        case 'set-request-with-list': {
          const attributes = readSequenceOf(r, 'attribute-descriptor-list', () => readDescriptorWithSelection(r));
          const values = readSequenceOf(r, 'value-list', () => readData(r, 'value'));
          return { type, invokeIdAndPriority, attributes, values };
        }
        case 'set-request-with-list-and-first-datablock': {
          const attributes = readSequenceOf(r, 'attribute-descriptor-list', () => readDescriptorWithSelection(r));
          return { type, invokeIdAndPriority, attributes, datablock: readDataBlockSA(r, 'datablock') };
        }
        default:
          return assertNever(type, 'Set-Request choice');
      }
    },
    (v) => v.type,
  );
}

export function encodeSetRequest(w: ByteWriter, pdu: SetRequest): void {
  writeServiceHead(w, SET_REQUEST_TAG, SET_REQUEST_CHOICE, pdu);
  switch (pdu.type) {
    case 'set-request-normal':
      writeAttributeDescriptor(w, pdu.descriptor);
      writeOptional(w, pdu.accessSelection, (s) => writeSelectiveAccess(w, s));
      writeData(w, pdu.value);
      return;
    case 'set-request-with-first-datablock':
      writeAttributeDescriptor(w, pdu.descriptor);
      writeOptional(w, pdu.accessSelection, (s) => writeSelectiveAccess(w, s));
      writeDataBlockSA(w, pdu.datablock);
      return;
    case 'set-request-with-datablock':
      writeDataBlockSA(w, pdu.datablock);
      return;
    case 'set-request-with-list':
      writeSequenceOf(w, pdu.attributes, (a) => writeDescriptorWithSelection(w, a));
      writeSequenceOf(w, pdu.values, (d) => writeData(w, d));
      return;
    case 'set-request-with-list-and-first-datablock':
      writeSequenceOf(w, pdu.attributes, (a) => writeDescriptorWithSelection(w, a));
      writeDataBlockSA(w, pdu.datablock);
      return;
    default:
      return assertNever(pdu, 'Set-Request');
  }
}

export function decodeSetResponse(r: ByteReader): SetResponse {
  return r.node(
    'set-response',
    (): SetResponse => {
      const { type, invokeIdAndPriority } = readServiceHead(r, SET_RESPONSE_TAG, 'set-response', 'Set-Response', SET_RESPONSE_CHOICE);
      switch (type) {
        case 'set-response-normal':
          return { type, invokeIdAndPriority, result: readDataAccessResult(r, 'result') };
        case 'set-response-datablock':
          return { type, invokeIdAndPriority, blockNumber: readUnsigned32(r, 'block-number') };
        case 'set-response-last-datablock': {
          const result = readDataAccessResult(r, 'result');
          return { type, invokeIdAndPriority, result, blockNumber: readUnsigned32(r, 'block-number') };
        }
        case 'set-response-last-datablock-with-list': {
          const results = readSequenceOf(r, 'result', () => readDataAccessResult(r));
          return { type, invokeIdAndPriority, results, blockNumber: readUnsigned32(r, 'block-number') };
        }
        case 'set-response-with-list':
          return { type, invokeIdAndPriority, results: readSequenceOf(r, 'result', () => readDataAccessResult(r)) };
        default:
          return assertNever(type, 'Set-Response choice');
      }
    },
    (v) => v.type,
  );
}

export function encodeSetResponse(w: ByteWriter, pdu: SetResponse): void {
  writeServiceHead(w, SET_RESPONSE_TAG, SET_RESPONSE_CHOICE, pdu);
  switch (pdu.type) {
    case 'set-response-normal':
      w.u8(pdu.result);
      return;
    case 'set-response-datablock':
      w.u32(pdu.blockNumber);
      return;
    case 'set-response-last-datablock':
      w.u8(pdu.result);
      w.u32(pdu.blockNumber);
      return;
    case 'set-response-last-datablock-with-list':
      writeSequenceOf(w, pdu.results, (x) => w.u8(x));
      w.u32(pdu.blockNumber);
      return;
    case 'set-response-with-list':
      writeSequenceOf(w, pdu.results, (x) => w.u8(x));
      return;
    default:
      return assertNever(pdu, 'Set-Response');
  }
}

export function describeSet(pdu: SetRequest | SetResponse): string {
  switch (pdu.type) {
    case 'set-request-normal':
    case 'set-request-with-first-datablock':
      return `${obisText(pdu.descriptor.instanceId)} attr ${pdu.descriptor.attributeId}` +
        (pdu.type === 'set-request-with-first-datablock' ? ` block ${pdu.datablock.blockNumber}` : '');
    case 'set-request-with-datablock':
      return `block ${pdu.datablock.blockNumber}${pdu.datablock.lastBlock ? ' last' : ''}`;
    case 'set-request-with-list':
    case 'set-request-with-list-and-first-datablock':
      return `${pdu.attributes.length} attribute(s)`;
    case 'set-response-normal':
      return dataAccessResultName(pdu.result);
    case 'set-response-datablock':
      return `block ${pdu.blockNumber}`;
    case 'set-response-last-datablock':
      return `block ${pdu.blockNumber} ${dataAccessResultName(pdu.result)}`;
    case 'set-response-last-datablock-with-list':
      return `block ${pdu.blockNumber}, ${pdu.results.length} result(s)`;
    case 'set-response-with-list':
      return `${pdu.results.length} result(s)`;
    default:
      return assertNever(pdu, 'Set APDU');
  }
}
