// SN referencing (Green Book 9.3.x, IEC 61334-4-41 services as COSEM uses them): ReadRequest and
// WriteRequest name attributes and methods by short name (short-names.ts). A method is invoked by a
// ReadRequest with parameterized-access (selector 0, the parameter: a return value comes back as data)
// or by a WriteRequest of its parameter, as Gurux and jDLMS clients do; parameterized-access on an
// attribute is selective access (Profile generic buffer).
// Long responses travel as GBT when it is negotiated, else (block-transfer-with-get-or-read) as
// ReadResponse [data-block-result {last-block, block-number, raw-data}], the client asking for each
// next block with ReadRequest [block-number-access {the block it received}]; the raw data is the
// Data of a one-variable read, else the SEQUENCE OF read results. Long requests arrive in
// read-data-block-access / write-data-block-access blocks carrying the request after its tag;
// non-last blocks are answered [block-number n], the last one with the response to the whole.
import { decodeApduBytes, encodeApdu } from '../../dlms/apdu';
import { encodeDataBytes } from '../../dlms/axdr/data';
import type { DlmsData } from '../../dlms/axdr/types';
import { assertNever, DlmsDecodeError } from '../../dlms/errors';
import { ACTION_RESULT, DATA_ACCESS_RESULT } from '../../dlms/xdlms/common';
import { conformanceBitValue } from '../../dlms/xdlms/conformance';
import { READ_REQUEST_TAG, WRITE_REQUEST_TAG, type ReadRequest, type ReadResponse, type ReadResult, type UnconfirmedWriteRequest, type VariableAccessSpecification, type WriteRequest, type WriteResult } from '../../dlms/xdlms/sn';
import { answerTo, blockOf, startBlocks } from './blocks';
import { concat, type ServiceContext } from './context';
import { readAttribute, writeAttribute } from './objects';
import { call } from './set-action';
import { resolveShortName } from './short-names';

const error = (result: keyof typeof DATA_ACCESS_RESULT) => ({ type: 'data-access-error', result: DATA_ACCESS_RESULT[result] }) as const;

function methodResult(ctx: ServiceContext, sn: number, parameter: DlmsData | undefined): ReadResult {
  const t = resolveShortName(ctx.rt.model, sn)!;
  const m = call(ctx, { classId: t.obj.classId, instanceId: t.obj.logicalName, methodId: t.index }, parameter);
  if (m.result !== 'success') return { type: 'data-access-error', result: ACTION_RESULT[m.result] };
  return { type: 'data', data: m.data ?? { type: 'null-data' } };
}

function read(ctx: ServiceContext, v: VariableAccessSpecification): ReadResult {
  if (v.type !== 'variable-name' && v.type !== 'parameterized-access') return error('other-reason');
  const t = resolveShortName(ctx.rt.model, v.variableName);
  if (!t) return error('object-undefined');
  const parameter = v.type === 'parameterized-access' ? v.parameter : undefined;
  if (t.kind === 'method') return methodResult(ctx, v.variableName, parameter);
  if (ctx.view.status === 'pending') return error('read-write-denied');
  const selection = v.type === 'parameterized-access' ? { accessSelector: v.selector, accessParameters: v.parameter } : undefined;
  const r = readAttribute(ctx.rt, ctx.view, t.obj.classId, t.obj.logicalName, t.index, selection);
  return r.ok ? { type: 'data', data: r.data } : error(r.result);
}

function write(ctx: ServiceContext, v: VariableAccessSpecification, value: DlmsData | undefined): WriteResult {
  if (v.type !== 'variable-name' || value === undefined) return error('other-reason');
  const t = resolveShortName(ctx.rt.model, v.variableName);
  if (!t) return error('object-undefined');
  if (t.kind === 'method') {
    const m = methodResult(ctx, v.variableName, value);
    return m.type === 'data' ? { type: 'success' } : { type: 'data-access-error', result: m.type === 'data-access-error' ? m.result : DATA_ACCESS_RESULT['other-reason'] };
  }
  if (ctx.view.status === 'pending') return error('read-write-denied');
  const r = writeAttribute(ctx.rt, ctx.view, t.obj.classId, t.obj.logicalName, t.index, value);
  return r === 'success' ? { type: 'success' } : error(r);
}

const BLOCK_TRANSFER_READ = conformanceBitValue('block-transfer-with-get-or-read');
/** 0C 01 02 last-block block-number(2) and the raw-data length (≤ 3 octets) around a block. */
const DATA_BLOCK_RESULT_OVERHEAD = 9;

const readError = (result: keyof typeof DATA_ACCESS_RESULT): Uint8Array => encodeApdu({ type: 'read-response', results: [error(result)] });

/** A ReadResponse, as it is or (too long for the client) as its first data-block-result. */
function readResponse(ctx: ServiceContext, response: ReadResponse): Uint8Array {
  const whole = encodeApdu(response);
  if (ctx.fits(whole.length) || ctx.gbt) return whole;
  const only = response.results.length === 1 ? response.results[0] : undefined;
  if ((ctx.conformance & BLOCK_TRANSFER_READ) === 0 || (only !== undefined && only.type !== 'data')) {
    return encodeApdu({ type: 'read-response', results: response.results.map(() => error('other-reason')) });
  }
  const raw = only?.type === 'data' ? encodeDataBytes(only.data) : whole.subarray(1);
  ctx.blocks.read = startBlocks(raw, ctx.plainBudget() - DATA_BLOCK_RESULT_OVERHEAD);
  return readBlock(ctx, 1);
}

function readBlock(ctx: ServiceContext, n: number): Uint8Array {
  const b = blockOf(ctx.blocks.read!, n);
  return encodeApdu({ type: 'read-response', results: [{ type: 'data-block-result', lastBlock: b.lastBlock, blockNumber: n, rawData: b.rawData }] });
}

/** ReadRequest [block-number-access]: the block after the one the client names. */
function nextReadBlock(ctx: ServiceContext, received: number): Uint8Array {
  const b = ctx.blocks.read;
  const n = b && answerTo(b, received);
  if (b === undefined || n === 'finished') return readError('no-long-get-in-progress');
  if (n === undefined) {
    ctx.blocks.read = undefined;
    return readError('data-block-number-invalid');
  }
  return readBlock(ctx, n);
}

/** One block of a long ReadRequest/WriteRequest; the last one runs the whole request. */
function requestBlock(ctx: ServiceContext, kind: 'read' | 'write', lastBlock: boolean, n: number, raw: Uint8Array): Uint8Array | undefined {
  const refuse = (result: keyof typeof DATA_ACCESS_RESULT): Uint8Array => {
    ctx.blocks.snIn = undefined;
    return kind === 'read' ? readError(result) : encodeApdu({ type: 'write-response', results: [error(result)] });
  };
  if (n === 1) ctx.blocks.snIn = { kind, parts: [], last: 0 };
  const s = ctx.blocks.snIn;
  if (!s || s.kind !== kind || n !== s.last + 1) return refuse('data-block-number-invalid');
  s.parts.push(raw);
  s.last = n;
  if (!lastBlock) {
    return kind === 'read'
      ? encodeApdu({ type: 'read-response', results: [{ type: 'block-number', blockNumber: n }] })
      : encodeApdu({ type: 'write-response', results: [{ type: 'block-number', blockNumber: n }] });
  }
  ctx.blocks.snIn = undefined;
  let whole;
  try {
    whole = decodeApduBytes(concat([Uint8Array.of(kind === 'read' ? READ_REQUEST_TAG : WRITE_REQUEST_TAG), ...s.parts]));
  } catch (e) {
    if (e instanceof DlmsDecodeError) return refuse('type-unmatched');
    throw e;
  }
  if ((whole.type !== 'read-request' && whole.type !== 'write-request') || whole.variables.some((v) => v.type.endsWith('block-access'))) return refuse('other-reason');
  return handleSn(ctx, whole);
}

/** The response APDU (plain) to an SN request; none for an unconfirmed write. */
export function handleSn(ctx: ServiceContext, req: ReadRequest | WriteRequest | UnconfirmedWriteRequest): Uint8Array | undefined {
  const single = req.variables.length === 1 ? req.variables[0] : undefined;
  switch (req.type) {
    case 'read-request':
      if (single?.type === 'block-number-access') return nextReadBlock(ctx, single.blockNumber);
      if (single?.type === 'read-data-block-access') return requestBlock(ctx, 'read', single.lastBlock, single.blockNumber, single.rawData);
      ctx.blocks.read = undefined;
      return readResponse(ctx, { type: 'read-response', results: req.variables.map((v) => read(ctx, v)) });
    case 'write-request': {
      if (single?.type === 'write-data-block-access') {
        const raw = req.values[0];
        if (req.values.length !== 1 || raw?.type !== 'octet-string') return encodeApdu({ type: 'write-response', results: [error('type-unmatched')] });
        return requestBlock(ctx, 'write', single.lastBlock, single.blockNumber, raw.value);
      }
      return encodeApdu({ type: 'write-response', results: req.variables.map((v, i) => write(ctx, v, req.values[i])) });
    }
    case 'unconfirmed-write-request':
      req.variables.forEach((v, i) => write(ctx, v, req.values[i]));
      return undefined;
    default:
      return assertNever(req, 'SN request');
  }
}
