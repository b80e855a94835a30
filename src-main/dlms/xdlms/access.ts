// ACCESS service (Green Book 9.3.x, IEC 62056-5-3 "access-request / access-response"), A-XDR encoded.
//
// Access-Request ::= SEQUENCE {                                               -- [217] = D9
//   long-invoke-id-and-priority Long-Invoke-Id-And-Priority,
//   date-time                   OCTET STRING,
//   access-request-body         Access-Request-Body }
// Access-Request-Body ::= SEQUENCE {
//   access-request-specification SEQUENCE OF Access-Request-Specification,
//   access-request-list-of-data  SEQUENCE OF Data }
// Access-Request-Specification ::= CHOICE {
//   access-request-get                [1] Access-Request-Get,                -- cosem-attribute-descriptor
//   access-request-set                [2] Access-Request-Set,                -- cosem-attribute-descriptor
//   access-request-action             [3] Access-Request-Action,             -- cosem-method-descriptor
//   access-request-get-with-selection [4] Access-Request-Get-With-Selection, -- + access-selection
//   access-request-set-with-selection [5] Access-Request-Set-With-Selection }-- + access-selection
//
// Access-Response ::= SEQUENCE {                                              -- [218] = DA
//   long-invoke-id-and-priority Long-Invoke-Id-And-Priority,
//   date-time                   OCTET STRING,
//   access-response-body        Access-Response-Body }
// Access-Response-Body ::= SEQUENCE {
//   access-request-specification  [0] SEQUENCE OF Access-Request-Specification OPTIONAL,
//   access-response-list-of-data  SEQUENCE OF Data,
//   access-response-specification SEQUENCE OF Access-Response-Specification }
// Access-Response-Specification ::= CHOICE {
//   access-response-get    [1] Access-Response-Get,     -- result Data-Access-Result
//   access-response-set    [2] Access-Response-Set,     -- result Data-Access-Result
//   access-response-action [3] Access-Response-Action } -- result Action-Result

import { assertNever } from '../errors';
import type { DlmsData } from '../axdr/types';
import type { ByteReader } from '../codec/byte-reader';
import type { ByteWriter } from '../codec/byte-writer';
import {
  type CosemAttributeDescriptor,
  type CosemMethodDescriptor,
  type LongInvokeIdAndPriority,
  type SelectiveAccessDescriptor,
  readActionResult,
  readApduTag,
  readAttributeDescriptor,
  readChoice,
  readData,
  readDataAccessResult,
  readLongInvokeIdAndPriority,
  readMethodDescriptor,
  readOctetString,
  readOptional,
  readSelectiveAccess,
  readSequenceOf,
  writeAttributeDescriptor,
  writeData,
  writeLongInvokeIdAndPriority,
  writeMethodDescriptor,
  writeOctetString,
  writeOptional,
  writeSelectiveAccess,
  writeSequenceOf,
} from './common';

export const ACCESS_REQUEST_TAG = 0xd9;
export const ACCESS_RESPONSE_TAG = 0xda;

export const ACCESS_REQUEST_SPECIFICATION_CHOICE = {
  1: 'access-request-get',
  2: 'access-request-set',
  3: 'access-request-action',
  4: 'access-request-get-with-selection',
  5: 'access-request-set-with-selection',
} as const;

export const ACCESS_RESPONSE_SPECIFICATION_CHOICE = {
  1: 'access-response-get',
  2: 'access-response-set',
  3: 'access-response-action',
} as const;

export type AccessRequestSpecification =
  | { type: 'access-request-get' | 'access-request-set'; descriptor: CosemAttributeDescriptor }
  | { type: 'access-request-action'; descriptor: CosemMethodDescriptor }
  | {
      type: 'access-request-get-with-selection' | 'access-request-set-with-selection';
      descriptor: CosemAttributeDescriptor;
      accessSelection: SelectiveAccessDescriptor;
    };

/** result is a Data-Access-Result for get/set and an Action-Result for action. */
export interface AccessResponseSpecification {
  type: 'access-response-get' | 'access-response-set' | 'access-response-action';
  result: number;
}

export interface AccessRequest {
  type: 'access-request';
  longInvokeIdAndPriority: LongInvokeIdAndPriority;
  /** Empty when absent (length 0). */
  dateTime: Uint8Array;
  specifications: AccessRequestSpecification[];
  data: DlmsData[];
}

export interface AccessResponse {
  type: 'access-response';
  longInvokeIdAndPriority: LongInvokeIdAndPriority;
  dateTime: Uint8Array;
  /** The request's specifications echoed back, when the server includes them. */
  requestSpecifications?: AccessRequestSpecification[];
  data: DlmsData[];
  responses: AccessResponseSpecification[];
}

function readRequestSpecification(r: ByteReader): AccessRequestSpecification {
  return r.node('access-request-specification', (): AccessRequestSpecification => {
    const type = readChoice(r, 'Access-Request-Specification', ACCESS_REQUEST_SPECIFICATION_CHOICE);
    switch (type) {
      case 'access-request-get':
      case 'access-request-set':
        return { type, descriptor: readAttributeDescriptor(r) };
      case 'access-request-action':
        return { type, descriptor: readMethodDescriptor(r) };
      case 'access-request-get-with-selection':
      case 'access-request-set-with-selection': {
        const descriptor = readAttributeDescriptor(r);
        return { type, descriptor, accessSelection: readSelectiveAccess(r) };
      }
      default:
        return assertNever(type, 'Access-Request-Specification choice');
    }
  }, (v) => v.type);
}

const REQUEST_SPEC_CODE: Record<AccessRequestSpecification['type'], number> = {
  'access-request-get': 1,
  'access-request-set': 2,
  'access-request-action': 3,
  'access-request-get-with-selection': 4,
  'access-request-set-with-selection': 5,
};

function writeRequestSpecification(w: ByteWriter, s: AccessRequestSpecification): void {
  w.u8(REQUEST_SPEC_CODE[s.type]);
  switch (s.type) {
    case 'access-request-get':
    case 'access-request-set':
      writeAttributeDescriptor(w, s.descriptor);
      return;
    case 'access-request-action':
      writeMethodDescriptor(w, s.descriptor);
      return;
    case 'access-request-get-with-selection':
    case 'access-request-set-with-selection':
      writeAttributeDescriptor(w, s.descriptor);
      writeSelectiveAccess(w, s.accessSelection);
      return;
    default:
      return assertNever(s, 'Access-Request-Specification');
  }
}

function readResponseSpecification(r: ByteReader): AccessResponseSpecification {
  return r.node('access-response-specification', (): AccessResponseSpecification => {
    const type = readChoice(r, 'Access-Response-Specification', ACCESS_RESPONSE_SPECIFICATION_CHOICE);
    const result = type === 'access-response-action' ? readActionResult(r, 'result') : readDataAccessResult(r, 'result');
    return { type, result };
  }, (v) => v.type);
}

const RESPONSE_SPEC_CODE: Record<AccessResponseSpecification['type'], number> = {
  'access-response-get': 1,
  'access-response-set': 2,
  'access-response-action': 3,
};

function readDateTime(r: ByteReader): Uint8Array {
  return readOctetString(r, 'date-time');
}

export function decodeAccessRequest(r: ByteReader): AccessRequest {
  return r.node('access-request', (): AccessRequest => {
    readApduTag(r, ACCESS_REQUEST_TAG, 'access-request');
    const longInvokeIdAndPriority = readLongInvokeIdAndPriority(r);
    const dateTime = readDateTime(r);
    return r.node('access-request-body', () => {
      const specifications = readSequenceOf(r, 'access-request-specification', () => readRequestSpecification(r));
      const data = readSequenceOf(r, 'access-request-list-of-data', () => readData(r, 'data'));
      return { type: 'access-request' as const, longInvokeIdAndPriority, dateTime, specifications, data };
    });
  });
}

export function encodeAccessRequest(w: ByteWriter, pdu: AccessRequest): void {
  w.u8(ACCESS_REQUEST_TAG);
  writeLongInvokeIdAndPriority(w, pdu.longInvokeIdAndPriority);
  writeOctetString(w, pdu.dateTime);
  writeSequenceOf(w, pdu.specifications, (s) => writeRequestSpecification(w, s));
  writeSequenceOf(w, pdu.data, (d) => writeData(w, d));
}

export function decodeAccessResponse(r: ByteReader): AccessResponse {
  return r.node('access-response', (): AccessResponse => {
    readApduTag(r, ACCESS_RESPONSE_TAG, 'access-response');
    const longInvokeIdAndPriority = readLongInvokeIdAndPriority(r);
    const dateTime = readDateTime(r);
    return r.node('access-response-body', () => {
      const requestSpecifications = readOptional(r, 'access-request-specification', () =>
        readSequenceOf(r, 'access-request-specification', () => readRequestSpecification(r)),
      );
      const data = readSequenceOf(r, 'access-response-list-of-data', () => readData(r, 'data'));
      const responses = readSequenceOf(r, 'access-response-specification', () => readResponseSpecification(r));
      const pdu: AccessResponse = { type: 'access-response', longInvokeIdAndPriority, dateTime, data, responses };
      if (requestSpecifications) pdu.requestSpecifications = requestSpecifications;
      return pdu;
    });
  });
}

export function encodeAccessResponse(w: ByteWriter, pdu: AccessResponse): void {
  w.u8(ACCESS_RESPONSE_TAG);
  writeLongInvokeIdAndPriority(w, pdu.longInvokeIdAndPriority);
  writeOctetString(w, pdu.dateTime);
  writeOptional(w, pdu.requestSpecifications, (list) =>
    writeSequenceOf(w, list, (s) => writeRequestSpecification(w, s)),
  );
  writeSequenceOf(w, pdu.data, (d) => writeData(w, d));
  writeSequenceOf(w, pdu.responses, (s) => {
    w.u8(RESPONSE_SPEC_CODE[s.type]).u8(s.result);
  });
}

export function describeAccess(pdu: AccessRequest | AccessResponse): string {
  switch (pdu.type) {
    case 'access-request':
      return `id ${pdu.longInvokeIdAndPriority.longInvokeId}, ${pdu.specifications.length} request(s)`;
    case 'access-response':
      return `id ${pdu.longInvokeIdAndPriority.longInvokeId}, ${pdu.responses.length} response(s)`;
    default:
      return assertNever(pdu, 'access APDU');
  }
}
