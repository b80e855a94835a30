// SET and ACTION (Green Book 9.3.x) against the device model, with the client's datablocks/pblocks:
//   set-request-with-first-datablock / -with-list-and-first-datablock, then set-request-with-datablock
//   until last-block: each non-last block is acknowledged with set-response-datablock(block-number);
//   the last one applies the value(s) and answers set-response-last-datablock(-with-list).
//   action-request-with-first-pblock / -with-list-and-first-pblock, then action-request-with-pblock:
//   non-last blocks get action-response-next-pblock(block-number); the last one calls the method(s).
//   A method's return parameters too long for the client's PDU (and no GBT) go back in
//   action-response-with-pblock when block-transfer-with-action is negotiated: the raw data is the
//   return value's Data; the client asks for each next block with action-request-next-pblock
//   naming the block it received.
// The raw data of the blocks concatenate to the A-XDR Data (or SEQUENCE OF Data for the lists).
import { encodeApdu } from '../../dlms/apdu';
import { decodeData } from '../../dlms/axdr/data';
import type { DlmsData } from '../../dlms/axdr/types';
import { ByteReader } from '../../dlms/codec/byte-reader';
import { assertNever, DlmsDecodeError } from '../../dlms/errors';
import type { ActionRequest, ActionResponseWithOptionalData } from '../../dlms/xdlms/action';
import { ACTION_RESULT, DATA_ACCESS_RESULT, type CosemMethodDescriptor, type InvokeIdAndPriority } from '../../dlms/xdlms/common';
import type { SetRequest } from '../../dlms/xdlms/set';
import { conformanceBitValue } from '../../dlms/xdlms/conformance';
import { encodeDataBytes } from '../../dlms/axdr/data';
import { answerTo, blockOf, startBlocks } from './blocks';
import { concat, type ServiceContext } from './context';
import { invokeMethod, writeAttribute, type MethodResult } from './objects';

type Descriptor = { classId: number; instanceId: Uint8Array; attributeId: number };

function set(ctx: ServiceContext, d: Descriptor, value: DlmsData): number {
  if (ctx.view.status === 'pending') return DATA_ACCESS_RESULT['read-write-denied'];
  return DATA_ACCESS_RESULT[writeAttribute(ctx.rt, ctx.view, d.classId, d.instanceId, d.attributeId, value)];
}

/** The values carried by datablocks: one Data, or for a list a SEQUENCE OF Data; undefined if malformed. */
function valuesOf(raw: Uint8Array, list: boolean, count: number): DlmsData[] | undefined {
  try {
    const r = ByteReader.from(raw);
    const n = list ? r.length('value-list quantity') : 1;
    if (n !== count) return undefined;
    const out: DlmsData[] = [];
    for (let i = 0; i < n; i++) out.push(decodeData(r));
    r.expectEnd('datablock value');
    return out;
  } catch (e) {
    if (e instanceof DlmsDecodeError) return undefined;
    throw e;
  }
}

export function handleSet(ctx: ServiceContext, req: SetRequest): Uint8Array {
  const iip = req.invokeIdAndPriority;
  switch (req.type) {
    case 'set-request-normal':
      ctx.blocks.set = undefined;
      return encodeApdu({ type: 'set-response-normal', invokeIdAndPriority: iip, result: set(ctx, req.descriptor, req.value) });
    case 'set-request-with-list':
      ctx.blocks.set = undefined;
      return encodeApdu({ type: 'set-response-with-list', invokeIdAndPriority: iip, results: req.attributes.map((a, i) => (req.values[i] ? set(ctx, a.descriptor, req.values[i]) : DATA_ACCESS_RESULT['type-unmatched'])) });
    case 'set-request-with-first-datablock':
    case 'set-request-with-list-and-first-datablock': {
      const list = req.type === 'set-request-with-list-and-first-datablock';
      const attributes = list ? req.attributes : [{ descriptor: req.descriptor }];
      if (req.datablock.blockNumber !== 1) return encodeApdu({ type: 'set-response-normal', invokeIdAndPriority: iip, result: DATA_ACCESS_RESULT['data-block-number-invalid'] });
      ctx.blocks.set = { attributes, list, parts: [req.datablock.rawData], last: 1 };
      return req.datablock.lastBlock ? finishSet(ctx, iip) : encodeApdu({ type: 'set-response-datablock', invokeIdAndPriority: iip, blockNumber: 1 });
    }
    case 'set-request-with-datablock': {
      const s = ctx.blocks.set;
      const n = req.datablock.blockNumber;
      if (!s) return encodeApdu({ type: 'set-response-last-datablock', invokeIdAndPriority: iip, result: DATA_ACCESS_RESULT['no-long-set-in-progress'], blockNumber: n });
      if (n !== s.last + 1) {
        ctx.blocks.set = undefined;
        return encodeApdu({ type: 'set-response-last-datablock', invokeIdAndPriority: iip, result: DATA_ACCESS_RESULT['data-block-number-invalid'], blockNumber: n });
      }
      s.parts.push(req.datablock.rawData);
      s.last = n;
      return req.datablock.lastBlock ? finishSet(ctx, iip) : encodeApdu({ type: 'set-response-datablock', invokeIdAndPriority: iip, blockNumber: n });
    }
    default:
      return assertNever(req, 'Set-Request');
  }
}

function finishSet(ctx: ServiceContext, iip: InvokeIdAndPriority): Uint8Array {
  const s = ctx.blocks.set!;
  ctx.blocks.set = undefined;
  const values = valuesOf(concat(s.parts), s.list, s.attributes.length);
  const results = s.attributes.map((a, i) => (values ? set(ctx, a.descriptor, values[i]!) : DATA_ACCESS_RESULT['type-unmatched']));
  return s.list
    ? encodeApdu({ type: 'set-response-last-datablock-with-list', invokeIdAndPriority: iip, results, blockNumber: s.last })
    : encodeApdu({ type: 'set-response-last-datablock', invokeIdAndPriority: iip, result: results[0]!, blockNumber: s.last });
}

/** Association LN method 1 and Association SN method 8 answer HLS pass 3; everything else is a method call. */
export function isHlsReply(d: CosemMethodDescriptor): boolean {
  return (d.classId === 15 && d.methodId === 1) || (d.classId === 12 && d.methodId === 8);
}

export function call(ctx: ServiceContext, d: CosemMethodDescriptor, parameters: DlmsData | undefined): MethodResult {
  if (isHlsReply(d)) {
    const own = ctx.rt.model.getObject(d.instanceId);
    const current = own?.obis === '0-0:40.0.0.255' || own?.obis === ctx.view.association.logicalName;
    if (own?.classId === d.classId && current) return ctx.hlsReply(parameters);
  }
  if (ctx.view.status === 'pending') return { result: 'read-write-denied' };
  return invokeMethod(ctx.rt, ctx.view, d.classId, d.instanceId, d.methodId, parameters);
}

function responseOf(m: MethodResult): ActionResponseWithOptionalData {
  const r: ActionResponseWithOptionalData = { result: ACTION_RESULT[m.result] };
  if (m.data) r.returnParameters = { type: 'data', data: m.data };
  return r;
}

const BLOCK_TRANSFER_ACTION = conformanceBitValue('block-transfer-with-action');
/** C7 02 iip last-block block-number(4) and the raw-data length (≤ 3 octets) around a pblock. */
const PBLOCK_OVERHEAD = 12;

/** action-response-normal, or its return parameters in pblocks when it does not fit. */
function actionResponse(ctx: ServiceContext, iip: InvokeIdAndPriority, m: MethodResult): Uint8Array {
  const whole = encodeApdu({ type: 'action-response-normal', invokeIdAndPriority: iip, response: responseOf(m) });
  if (ctx.fits(whole.length) || ctx.gbt || m.data === undefined) return whole;
  if ((ctx.conformance & BLOCK_TRANSFER_ACTION) === 0) return encodeApdu({ type: 'action-response-normal', invokeIdAndPriority: iip, response: { result: ACTION_RESULT['other-reason'] } });
  ctx.blocks.actionOut = { ...startBlocks(encodeDataBytes(m.data), ctx.plainBudget() - PBLOCK_OVERHEAD), iip };
  return actionBlock(ctx, iip, 1);
}

function actionBlock(ctx: ServiceContext, iip: InvokeIdAndPriority, n: number): Uint8Array {
  const b = blockOf(ctx.blocks.actionOut!, n);
  return encodeApdu({ type: 'action-response-with-pblock', invokeIdAndPriority: iip, pblock: { lastBlock: b.lastBlock, blockNumber: n, rawData: b.rawData } });
}

export function handleAction(ctx: ServiceContext, req: ActionRequest): Uint8Array {
  const iip = req.invokeIdAndPriority;
  const normal = (m: MethodResult): Uint8Array => encodeApdu({ type: 'action-response-normal', invokeIdAndPriority: iip, response: responseOf(m) });
  if (req.type !== 'action-request-next-pblock') ctx.blocks.actionOut = undefined;
  switch (req.type) {
    case 'action-request-normal':
      ctx.blocks.action = undefined;
      return actionResponse(ctx, iip, call(ctx, req.descriptor, req.parameters));
    case 'action-request-with-list':
      ctx.blocks.action = undefined;
      return encodeApdu({ type: 'action-response-with-list', invokeIdAndPriority: iip, responses: req.descriptors.map((d, i) => responseOf(call(ctx, d, req.parameters[i]))) });
    case 'action-request-with-first-pblock':
    case 'action-request-with-list-and-first-pblock': {
      const list = req.type === 'action-request-with-list-and-first-pblock';
      const descriptors = list ? req.descriptors : [req.descriptor];
      if (req.pblock.blockNumber !== 1) return normal({ result: 'data-block-unavailable' });
      ctx.blocks.action = { descriptors, list, parts: [req.pblock.rawData], last: 1 };
      return req.pblock.lastBlock ? finishAction(ctx, iip) : encodeApdu({ type: 'action-response-next-pblock', invokeIdAndPriority: iip, blockNumber: 1 });
    }
    case 'action-request-with-pblock': {
      const a = ctx.blocks.action;
      const n = req.pblock.blockNumber;
      if (!a) return normal({ result: 'no-long-action-in-progress' });
      if (n !== a.last + 1) {
        ctx.blocks.action = undefined;
        return normal({ result: 'data-block-unavailable' });
      }
      a.parts.push(req.pblock.rawData);
      a.last = n;
      return req.pblock.lastBlock ? finishAction(ctx, iip) : encodeApdu({ type: 'action-response-next-pblock', invokeIdAndPriority: iip, blockNumber: n });
    }
    case 'action-request-next-pblock': {
      const b = ctx.blocks.actionOut;
      const n = b && answerTo(b, req.blockNumber);
      if (b === undefined || n === 'finished') return normal({ result: 'no-long-action-in-progress' });
      if (n === undefined) {
        ctx.blocks.actionOut = undefined;
        return normal({ result: 'long-action-aborted' });
      }
      return actionBlock(ctx, iip, n);
    }
    default:
      return assertNever(req, 'Action-Request');
  }
}

function finishAction(ctx: ServiceContext, iip: InvokeIdAndPriority): Uint8Array {
  const a = ctx.blocks.action!;
  ctx.blocks.action = undefined;
  const values = valuesOf(concat(a.parts), a.list, a.descriptors.length);
  const results = a.descriptors.map((d, i) => (values ? call(ctx, d, values[i]) : ({ result: 'type-unmatched' } as MethodResult)));
  return a.list
    ? encodeApdu({ type: 'action-response-with-list', invokeIdAndPriority: iip, responses: results.map(responseOf) })
    : actionResponse(ctx, iip, results[0]!);
}
