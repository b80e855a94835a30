// Short-name (SN) referencing services (Green Book 9.3.x, IEC 62056-5-3; the DLMS services of
// IEC 61334-4-41 as used by COSEM), A-XDR encoded.
//
// ReadRequest ::= SEQUENCE OF Variable-Access-Specification                         -- [5]  = 05
// ReadResponse ::= SEQUENCE OF CHOICE {                                              -- [12] = 0C
//   data [0] Data, data-access-error [1] IMPLICIT Data-Access-Result,
//   data-block-result [2] IMPLICIT Data-Block-Result, block-number [3] IMPLICIT Unsigned16 }
// WriteRequest ::= SEQUENCE {                                                        -- [6]  = 06
//   variable-access-specification SEQUENCE OF Variable-Access-Specification, list-of-data SEQUENCE OF Data }
// WriteResponse ::= SEQUENCE OF CHOICE {                                             -- [13] = 0D
//   success [0] IMPLICIT NULL, data-access-error [1] IMPLICIT Data-Access-Result, block-number [2] Unsigned16 }
// UnconfirmedWriteRequest ::= SEQUENCE {                                             -- [22] = 16
//   variable-access-specification SEQUENCE OF Variable-Access-Specification, list-of-data SEQUENCE OF Data }
//
// Variable-Access-Specification ::= CHOICE {
//   variable-name           [2] IMPLICIT ObjectName,            -- ObjectName ::= Integer16 (written as 16 bits)
//   detailed-access         [3] IMPLICIT SEQUENCE { ... },      -- not used in DLMS/COSEM
//   parameterized-access    [4] IMPLICIT Parameterized-Access,
//   block-number-access     [5] IMPLICIT Block-Number-Access,
//   read-data-block-access  [6] IMPLICIT Read-Data-Block-Access,
//   write-data-block-access [7] IMPLICIT Write-Data-Block-Access }
// Parameterized-Access ::= SEQUENCE { variable-name ObjectName, selector Unsigned8, parameter Data }
// Block-Number-Access ::= SEQUENCE { block-number Unsigned16 }
// Read-Data-Block-Access ::= SEQUENCE { last-block BOOLEAN, block-number Unsigned16, raw-data OCTET STRING }
// Write-Data-Block-Access ::= SEQUENCE { last-block BOOLEAN, block-number Unsigned16 }
// Data-Block-Result ::= SEQUENCE { last-block BOOLEAN, block-number Unsigned16, raw-data OCTET STRING }

import { assertNever } from '../errors';
import type { DlmsData } from '../axdr/types';
import type { ByteReader } from '../codec/byte-reader';
import type { ByteWriter } from '../codec/byte-writer';
import {
  dataAccessResultName,
  readApduTag,
  readBoolean,
  readChoice,
  readData,
  readDataAccessResult,
  readOctetString,
  readSequenceOf,
  readUnsigned16,
  writeBoolean,
  writeData,
  writeOctetString,
  writeSequenceOf,
} from './common';

export const READ_REQUEST_TAG = 0x05;
export const WRITE_REQUEST_TAG = 0x06;
export const READ_RESPONSE_TAG = 0x0c;
export const WRITE_RESPONSE_TAG = 0x0d;
export const UNCONFIRMED_WRITE_REQUEST_TAG = 0x16;

export const VARIABLE_ACCESS_CHOICE = {
  2: 'variable-name',
  3: 'detailed-access',
  4: 'parameterized-access',
  5: 'block-number-access',
  6: 'read-data-block-access',
  7: 'write-data-block-access',
} as const;

export const READ_RESULT_CHOICE = { 0: 'data', 1: 'data-access-error', 2: 'data-block-result', 3: 'block-number' } as const;
export const WRITE_RESULT_CHOICE = { 0: 'success', 1: 'data-access-error', 2: 'block-number' } as const;

export type VariableAccessSpecification =
  | { type: 'variable-name'; variableName: number }
  | { type: 'parameterized-access'; variableName: number; selector: number; parameter: DlmsData }
  | { type: 'block-number-access'; blockNumber: number }
  | { type: 'read-data-block-access'; lastBlock: boolean; blockNumber: number; rawData: Uint8Array }
  | { type: 'write-data-block-access'; lastBlock: boolean; blockNumber: number };

export type ReadResult =
  | { type: 'data'; data: DlmsData }
  | { type: 'data-access-error'; result: number }
  | { type: 'data-block-result'; lastBlock: boolean; blockNumber: number; rawData: Uint8Array }
  | { type: 'block-number'; blockNumber: number };

export type WriteResult =
  | { type: 'success' }
  | { type: 'data-access-error'; result: number }
  | { type: 'block-number'; blockNumber: number };

export interface ReadRequest {
  type: 'read-request';
  variables: VariableAccessSpecification[];
}

export interface ReadResponse {
  type: 'read-response';
  results: ReadResult[];
}

export interface WriteRequest {
  type: 'write-request';
  variables: VariableAccessSpecification[];
  values: DlmsData[];
}

export interface UnconfirmedWriteRequest {
  type: 'unconfirmed-write-request';
  variables: VariableAccessSpecification[];
  values: DlmsData[];
}

export interface WriteResponse {
  type: 'write-response';
  results: WriteResult[];
}

export type SnApdu = ReadRequest | ReadResponse | WriteRequest | UnconfirmedWriteRequest | WriteResponse;

function shortName(v: number): string {
  return `0x${v.toString(16).toUpperCase().padStart(4, '0')}`;
}

function readObjectName(r: ByteReader): number {
  return r.node('variable-name', () => r.u16(), (v) => ({ value: shortName(v), meaning: 'short name (ObjectName)' }));
}


export function readVariableAccessSpecification(r: ByteReader): VariableAccessSpecification {
  return r.node(
    'variable-access-specification',
    (): VariableAccessSpecification => {
      const start = r.pos;
      const type = readChoice(r, 'Variable-Access-Specification', VARIABLE_ACCESS_CHOICE);
      switch (type) {
        case 'variable-name':
          return { type, variableName: readObjectName(r) };
        case 'detailed-access':
          // Defined by IEC 61334-4-41 but "not used in DLMS/COSEM" (Green Book): no peer sends it.
          return r.fail('UNSUPPORTED', 'detailed-access is not used in DLMS/COSEM', start);
        case 'parameterized-access': {
          const variableName = readObjectName(r);
          const selector = r.node('selector', () => r.u8(), (v) => String(v));
          return { type, variableName, selector, parameter: readData(r, 'parameter') };
        }
        case 'block-number-access':
          return { type, blockNumber: readUnsigned16(r, 'block-number') };
        case 'read-data-block-access': {
          const lastBlock = readBoolean(r, 'last-block');
          const blockNumber = readUnsigned16(r, 'block-number');
          return { type, lastBlock, blockNumber, rawData: readOctetString(r, 'raw-data') };
        }
        case 'write-data-block-access': {
          const lastBlock = readBoolean(r, 'last-block');
          return { type, lastBlock, blockNumber: readUnsigned16(r, 'block-number') };
        }
        default:
          return assertNever(type, 'Variable-Access-Specification choice');
      }
    },
    (v) => describeVariable(v),
  );
}

export function writeVariableAccessSpecification(w: ByteWriter, v: VariableAccessSpecification): void {
  switch (v.type) {
    case 'variable-name':
      w.u8(2).u16(v.variableName);
      return;
    case 'parameterized-access':
      w.u8(4).u16(v.variableName).u8(v.selector);
      writeData(w, v.parameter);
      return;
    case 'block-number-access':
      w.u8(5).u16(v.blockNumber);
      return;
    case 'read-data-block-access':
      w.u8(6);
      writeBoolean(w, v.lastBlock);
      w.u16(v.blockNumber);
      writeOctetString(w, v.rawData);
      return;
    case 'write-data-block-access':
      w.u8(7);
      writeBoolean(w, v.lastBlock);
      w.u16(v.blockNumber);
      return;
    default:
      return assertNever(v, 'Variable-Access-Specification');
  }
}

export function describeVariable(v: VariableAccessSpecification): string {
  switch (v.type) {
    case 'variable-name':
      return shortName(v.variableName);
    case 'parameterized-access':
      return `${shortName(v.variableName)} selector ${v.selector}`;
    case 'block-number-access':
      return `block ${v.blockNumber}`;
    case 'read-data-block-access':
    case 'write-data-block-access':
      return `block ${v.blockNumber}${v.lastBlock ? ' last' : ''}`;
    default:
      return assertNever(v, 'Variable-Access-Specification');
  }
}

function readReadResult(r: ByteReader): ReadResult {
  return r.node('read-result', (): ReadResult => {
    const type = readChoice(r, 'ReadResponse', READ_RESULT_CHOICE);
    switch (type) {
      case 'data':
        return { type, data: readData(r, 'data') };
      case 'data-access-error':
        return { type, result: readDataAccessResult(r, 'data-access-error') };
      case 'data-block-result':
        return r.node('data-block-result', () => {
          const lastBlock = readBoolean(r, 'last-block');
          const blockNumber = readUnsigned16(r, 'block-number');
          return { type, lastBlock, blockNumber, rawData: readOctetString(r, 'raw-data') };
        });
      case 'block-number':
        return { type, blockNumber: readUnsigned16(r, 'block-number') };
      default:
        return assertNever(type, 'ReadResponse choice');
    }
  });
}

function writeReadResult(w: ByteWriter, v: ReadResult): void {
  switch (v.type) {
    case 'data':
      w.u8(0);
      writeData(w, v.data);
      return;
    case 'data-access-error':
      w.u8(1).u8(v.result);
      return;
    case 'data-block-result':
      w.u8(2);
      writeBoolean(w, v.lastBlock);
      w.u16(v.blockNumber);
      writeOctetString(w, v.rawData);
      return;
    case 'block-number':
      w.u8(3).u16(v.blockNumber);
      return;
    default:
      return assertNever(v, 'ReadResponse result');
  }
}

function readWriteResult(r: ByteReader): WriteResult {
  return r.node('write-result', (): WriteResult => {
    const type = readChoice(r, 'WriteResponse', WRITE_RESULT_CHOICE);
    switch (type) {
      case 'success':
        return { type };
      case 'data-access-error':
        return { type, result: readDataAccessResult(r, 'data-access-error') };
      case 'block-number':
        return { type, blockNumber: readUnsigned16(r, 'block-number') };
      default:
        return assertNever(type, 'WriteResponse choice');
    }
  });
}

function writeWriteResult(w: ByteWriter, v: WriteResult): void {
  switch (v.type) {
    case 'success':
      w.u8(0);
      return;
    case 'data-access-error':
      w.u8(1).u8(v.result);
      return;
    case 'block-number':
      w.u8(2).u16(v.blockNumber);
      return;
    default:
      return assertNever(v, 'WriteResponse result');
  }
}

const readVariables = (r: ByteReader) =>
  readSequenceOf(r, 'variable-access-specification', () => readVariableAccessSpecification(r));

export function decodeReadRequest(r: ByteReader): ReadRequest {
  return r.node('ReadRequest', () => {
    readApduTag(r, READ_REQUEST_TAG, 'readRequest');
    return { type: 'read-request' as const, variables: readVariables(r) };
  });
}

export function decodeReadResponse(r: ByteReader): ReadResponse {
  return r.node('ReadResponse', () => {
    readApduTag(r, READ_RESPONSE_TAG, 'readResponse');
    return { type: 'read-response' as const, results: readSequenceOf(r, 'results', () => readReadResult(r)) };
  });
}

export function decodeWriteRequest(r: ByteReader): WriteRequest {
  return r.node('WriteRequest', () => {
    readApduTag(r, WRITE_REQUEST_TAG, 'writeRequest');
    const variables = readVariables(r);
    return { type: 'write-request' as const, variables, values: readSequenceOf(r, 'list-of-data', () => readData(r, 'data')) };
  });
}

export function decodeUnconfirmedWriteRequest(r: ByteReader): UnconfirmedWriteRequest {
  return r.node('UnconfirmedWriteRequest', () => {
    readApduTag(r, UNCONFIRMED_WRITE_REQUEST_TAG, 'unconfirmedWriteRequest');
    const variables = readVariables(r);
    return {
      type: 'unconfirmed-write-request' as const,
      variables,
      values: readSequenceOf(r, 'list-of-data', () => readData(r, 'data')),
    };
  });
}

export function decodeWriteResponse(r: ByteReader): WriteResponse {
  return r.node('WriteResponse', () => {
    readApduTag(r, WRITE_RESPONSE_TAG, 'writeResponse');
    return { type: 'write-response' as const, results: readSequenceOf(r, 'results', () => readWriteResult(r)) };
  });
}

export function encodeSnApdu(w: ByteWriter, pdu: SnApdu): void {
  switch (pdu.type) {
    case 'read-request':
      w.u8(READ_REQUEST_TAG);
      writeSequenceOf(w, pdu.variables, (v) => writeVariableAccessSpecification(w, v));
      return;
    case 'read-response':
      w.u8(READ_RESPONSE_TAG);
      writeSequenceOf(w, pdu.results, (v) => writeReadResult(w, v));
      return;
    case 'write-request':
    case 'unconfirmed-write-request':
      w.u8(pdu.type === 'write-request' ? WRITE_REQUEST_TAG : UNCONFIRMED_WRITE_REQUEST_TAG);
      writeSequenceOf(w, pdu.variables, (v) => writeVariableAccessSpecification(w, v));
      writeSequenceOf(w, pdu.values, (d) => writeData(w, d));
      return;
    case 'write-response':
      w.u8(WRITE_RESPONSE_TAG);
      writeSequenceOf(w, pdu.results, (v) => writeWriteResult(w, v));
      return;
    default:
      return assertNever(pdu, 'SN APDU');
  }
}

function describeReadResult(v: ReadResult): string {
  switch (v.type) {
    case 'data':
      return v.data.type;
    case 'data-access-error':
      return dataAccessResultName(v.result);
    case 'data-block-result':
      return `block ${v.blockNumber}${v.lastBlock ? ' last' : ''}`;
    case 'block-number':
      return `block-number ${v.blockNumber}`;
    default:
      return assertNever(v, 'ReadResponse result');
  }
}

function describeWriteResult(v: WriteResult): string {
  switch (v.type) {
    case 'success':
      return 'success';
    case 'data-access-error':
      return dataAccessResultName(v.result);
    case 'block-number':
      return `block-number ${v.blockNumber}`;
    default:
      return assertNever(v, 'WriteResponse result');
  }
}

export function describeSn(pdu: SnApdu): string {
  switch (pdu.type) {
    case 'read-request':
    case 'write-request':
    case 'unconfirmed-write-request':
      return pdu.variables.map(describeVariable).join(', ');
    case 'read-response':
      return pdu.results.map(describeReadResult).join(', ');
    case 'write-response':
      return pdu.results.map(describeWriteResult).join(', ');
    default:
      return assertNever(pdu, 'SN APDU');
  }
}
