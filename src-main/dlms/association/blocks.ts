// Classic (service-specific) block transfer as the client runs it, for both referencings
// (Green Book 9.3.x, IEC 62056-5-3):
//
//   receiving   LN GET     get-response-with-datablock {last-block, block-number, raw-data}
//                          → get-request-next {block-number of the block received}
//               LN ACTION  action-response-with-pblock {pblock DataBlock-SA}
//                          → action-request-next-pblock {block-number of the block received}
//               SN READ    ReadResponse [data-block-result {last-block, block-number, raw-data}]
//                          → ReadRequest [block-number-access {block-number of the block received}]
//                          (the block number a Gurux server checks against the one it sent)
//   sending     SN WRITE   WriteRequest [write-data-block-access {last-block, block-number}],
//                          list-of-data [octet-string raw-data]; each non-last block is answered
//                          WriteResponse [block-number n], the last one with the WriteResponse
//               SN READ    ReadRequest [read-data-block-access {last-block, block-number, raw-data}];
//                          non-last blocks are answered ReadResponse [block-number n]
//               (the LN SET/ACTION datablocks are built in requests.ts)
//
// What the raw data carries once the blocks are joined:
//   get-response-with-datablock   Data, or for a with-list request SEQUENCE OF Get-Data-Result
//   action-response-with-pblock   the method's return parameters: Data (as the request's pblocks
//                                 carry the method-invocation-parameters as Data)
//   ReadResponse data-block-result  Data for a one-variable ReadRequest, else SEQUENCE OF the
//                                 ReadResponse CHOICE {data [0], data-access-error [1]}
//   SN request blocks             the request's own encoding after its tag: what the server
//                                 decodes as the ReadRequest/WriteRequest once the last block is in
//                                 (Gurux's HandleReadDataBlockAccess does the same)

import { encodeApdu, type Apdu } from '../apdu';
import { decodeData } from '../axdr/data';
import type { DlmsData } from '../axdr/types';
import { ByteReader } from '../codec/byte-reader';
import { readChoice, readData, readDataAccessResult, readGetDataResult, readSequenceOf, type GetDataResult, type InvokeIdAndPriority } from '../xdlms/common';
import type { ReadResult, WriteResult } from '../xdlms/sn';
import { AssociationFault } from './fault';
import { blockPayload, firstBlockApdu, firstBlockHeaderSize, nextBlockApdu, splitBlocks, type Batch, type Job, type Referencing } from './requests';
import type { RequestResult } from './types';

const RESPONSE_TYPES = new Set<Apdu['type']>([
  'get-response-normal', 'get-response-with-datablock', 'get-response-with-list',
  'set-response-normal', 'set-response-datablock', 'set-response-last-datablock', 'set-response-last-datablock-with-list', 'set-response-with-list',
  'action-response-normal', 'action-response-with-pblock', 'action-response-with-list', 'action-response-next-pblock',
  'read-response', 'write-response',
]);

export function isServiceResponse(a: Apdu): boolean {
  return RESPONSE_TYPES.has(a.type);
}

/** Which block-transfer service a received block belongs to. */
export type InboundBlocks = 'get' | 'action' | 'read';
/** The SN request that goes out in blocks. */
export type OutboundSnBlocks = 'read' | 'write';

/** What a service response is to the association: a whole answer, a block of one, or a block acknowledgement. */
export function responseKind(apdu: Apdu): 'response' | 'block' | 'block-ack' {
  switch (apdu.type) {
    case 'get-response-with-datablock':
    case 'action-response-with-pblock':
      return 'block';
    case 'set-response-datablock':
    case 'action-response-next-pblock':
      return 'block-ack';
    case 'read-response':
      if (apdu.results.length === 1 && apdu.results[0]!.type === 'data-block-result') return 'block';
      return apdu.results.length === 1 && apdu.results[0]!.type === 'block-number' ? 'block-ack' : 'response';
    case 'write-response':
      return apdu.results.length === 1 && apdu.results[0]!.type === 'block-number' ? 'block-ack' : 'response';
    default:
      return 'response';
  }
}

/** The request for the block after `received` (the number of the block just received). */
export function nextBlockRequest(kind: InboundBlocks, iip: InvokeIdAndPriority, received: number): Apdu {
  switch (kind) {
    case 'get':
      return { type: 'get-request-next', invokeIdAndPriority: iip, blockNumber: received };
    case 'action':
      return { type: 'action-request-next-pblock', invokeIdAndPriority: iip, blockNumber: received };
    case 'read':
      return { type: 'read-request', variables: [{ type: 'block-number-access', blockNumber: received }] };
  }
}

export function snResult(r: ReadResult | undefined): GetDataResult {
  if (r?.type === 'data') return { type: 'data', data: r.data };
  if (r?.type === 'data-access-error') return { type: 'data-access-result', result: r.result };
  throw new AssociationFault('protocol-error', `ReadResponse ${r?.type ?? 'without a result'} where a result was expected`);
}

export function writeCode(r: WriteResult | undefined): number {
  if (r?.type === 'success') return 0;
  if (r?.type === 'data-access-error') return r.result;
  throw new AssociationFault('protocol-error', `WriteResponse ${r?.type ?? 'without a result'} where a result was expected`);
}

const READ_RESULT = { 0: 'data', 1: 'data-access-error' } as const;

/** Joined raw data → the results of the batch (`count` attributes asked for). */
export function resultsOfBlocks(kind: 'get' | 'read', whole: Uint8Array, count: number): GetDataResult[] {
  const r = ByteReader.from(whole);
  let results: GetDataResult[];
  if (count <= 1) results = [{ type: 'data', data: decodeData(r) }];
  else if (kind === 'get') results = readSequenceOf(r, 'result', () => readGetDataResult(r));
  else {
    results = readSequenceOf(r, 'read-result', () =>
      readChoice(r, 'ReadResponse', READ_RESULT) === 'data' ? { type: 'data' as const, data: readData(r, 'data') } : { type: 'data-access-result' as const, result: readDataAccessResult(r) },
    );
  }
  r.expectEnd('reassembled data blocks');
  return results;
}

/** Joined pblocks of an action response → the return parameters. */
export function returnParametersOfBlocks(whole: Uint8Array): DlmsData {
  const r = ByteReader.from(whole);
  const data = decodeData(r);
  r.expectEnd('reassembled pblocks');
  return data;
}

/** The raw data an SN request carries in blocks: its encoding after the tag. */
export function snBlockPayload(encodedRequest: Uint8Array): Uint8Array {
  return encodedRequest.subarray(1);
}

/** Block n of an SN request that goes out in blocks. */
export function snBlockApdu(kind: OutboundSnBlocks, lastBlock: boolean, blockNumber: number, rawData: Uint8Array): Apdu {
  return kind === 'write'
    ? { type: 'write-request', variables: [{ type: 'write-data-block-access', lastBlock, blockNumber }], values: [{ type: 'octet-string', value: rawData }] }
    : { type: 'read-request', variables: [{ type: 'read-data-block-access', lastBlock, blockNumber, rawData }] };
}

/** A request going out in blocks: LN datablocks/pblocks, or (sn) an SN request in blocks; blocks 1..sent are out. */
export interface OutboundBlocks {
  parts: Uint8Array[];
  sent: number;
  sn?: OutboundSnBlocks;
}

/**
 * A request too long for the meter's max PDU, in classic blocks (no GBT negotiated): SN, the
 * request's own encoding in read-/write-data-block-access blocks; LN, SET datablocks or ACTION
 * pblocks (nothing carries a long GET request). Each block leaves room for `overhead` (ciphering).
 */
export function firstOutboundBlock(apdu: Apdu, job: Job, iip: InvokeIdAndPriority, batch: Batch, referencing: Referencing, maxPdu: number, overhead: number): { tx: OutboundBlocks; apdu: Apdu } {
  if (referencing === 'sn') {
    const sn: OutboundSnBlocks = apdu.type === 'write-request' ? 'write' : 'read';
    const header = encodeApdu(snBlockApdu(sn, false, 1, new Uint8Array(0))).length + 2; // raw-data length may grow to 3 octets
    const tx = { parts: splitBlocks(snBlockPayload(encodeApdu(apdu)), maxPdu - header - overhead), sent: 1, sn };
    return { tx, apdu: snBlockApdu(sn, tx.parts.length === 1, 1, tx.parts[0]!) };
  }
  const blockable = job.kind === 'set' || job.kind === 'set-with-list' || job.kind === 'action';
  if (!blockable) throw new AssociationFault('unsupported', `the request needs ${encodeApdu(apdu).length} bytes, more than the meter's max PDU ${maxPdu}, and no block transfer can carry it`);
  const refs = batch.refs.length > 0 ? batch.refs : undefined;
  const room = maxPdu - firstBlockHeaderSize(job, iip, refs) - overhead;
  const tx = { parts: splitBlocks(blockPayload(job, batch.values), room), sent: 1 };
  return { tx, apdu: firstBlockApdu(job, iip, { lastBlock: tx.parts.length === 1, blockNumber: 1, rawData: tx.parts[0]! }, refs) };
}

/** The meter acknowledged block n of the request going out: the next block (n must be the last one sent). */
export function nextOutboundBlock(tx: OutboundBlocks | undefined, n: number, job: Job, iip: InvokeIdAndPriority): Apdu {
  if (tx === undefined || n !== tx.sent) throw new AssociationFault('block-number', `the meter acknowledged block ${n}, block ${tx?.sent ?? 'none'} was sent`);
  const part = tx.parts[tx.sent]!;
  tx.sent++;
  const lastBlock = tx.sent === tx.parts.length;
  return tx.sn ? snBlockApdu(tx.sn, lastBlock, tx.sent, part) : nextBlockApdu(job, iip, { lastBlock, blockNumber: tx.sent, rawData: part });
}

/** A whole (unblocked) response to a job: the results of a batch, the SET codes of a batch, or the final result. */
export type Completion = { kind: 'results'; results: GetDataResult[] } | { kind: 'codes'; codes: number[] } | { kind: 'final'; result: RequestResult };

export function completeResponse(job: Job, apdu: Apdu): Completion {
  const unexpected = (): never => {
    throw new AssociationFault('protocol-error', `${apdu.type} does not answer a ${job.kind} request`);
  };
  switch (job.kind) {
    case 'get':
    case 'get-with-list':
      if (apdu.type === 'get-response-normal') return { kind: 'results', results: [apdu.result] };
      if (apdu.type === 'get-response-with-list') return { kind: 'results', results: apdu.results };
      if (apdu.type === 'read-response') return { kind: 'results', results: apdu.results.map(snResult) };
      return unexpected();
    case 'set':
    case 'set-with-list':
      if (apdu.type === 'set-response-normal' || apdu.type === 'set-response-last-datablock') return { kind: 'codes', codes: [apdu.result] };
      if (apdu.type === 'set-response-with-list' || apdu.type === 'set-response-last-datablock-with-list') return { kind: 'codes', codes: apdu.results };
      if (apdu.type === 'write-response') return { kind: 'codes', codes: apdu.results.map(writeCode) };
      return unexpected();
    case 'action':
      if (apdu.type === 'action-response-normal') {
        const result: RequestResult = { type: 'action', result: apdu.response.result };
        if (apdu.response.returnParameters) result.returnParameters = apdu.response.returnParameters;
        return { kind: 'final', result };
      }
      if (apdu.type === 'read-response') {
        const ret = snResult(apdu.results[0]);
        return { kind: 'final', result: ret.type === 'data' ? { type: 'action', result: 0, returnParameters: ret } : { type: 'action', result: ret.result } };
      }
      return unexpected();
  }
}
