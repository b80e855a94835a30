// GET (Green Book 9.3.x): get-request-normal / -with-list against the device model; a response longer
// than the client's max receive PDU goes in datablocks (get-response-with-datablock, then one block per
// get-request-next naming the last block received) when block-transfer-with-get-or-read is negotiated.
// With general-block-transfer negotiated the engine sends the whole response as GBT instead.
import { encodeApdu } from '../../dlms/apdu';
import { build } from '../../dlms/codec/byte-writer';
import { encodeData } from '../../dlms/axdr/data';
import { conformanceBitValue } from '../../dlms/xdlms/conformance';
import { DATA_ACCESS_RESULT, writeGetDataResult, type GetDataResult, type InvokeIdAndPriority } from '../../dlms/xdlms/common';
import type { GetRequest, GetResponse } from '../../dlms/xdlms/get';
import { assertNever } from '../../dlms/errors';
import { readAttribute } from './objects';
import type { ServiceContext } from './context';

const BLOCK_TRANSFER_GET = conformanceBitValue('block-transfer-with-get-or-read');
const MULTIPLE_REFERENCES = conformanceBitValue('multiple-references');
const SELECTIVE_ACCESS = conformanceBitValue('selective-access');
/** get-response-with-datablock around the raw data: C4 02 iip last-block block-number(4) choice length(≤3). */
const DATABLOCK_OVERHEAD = 12;

const failed = (result: keyof typeof DATA_ACCESS_RESULT): GetDataResult => ({ type: 'data-access-result', result: DATA_ACCESS_RESULT[result] });

function get(ctx: ServiceContext, d: { classId: number; instanceId: Uint8Array; attributeId: number }, sel: Parameters<typeof readAttribute>[5]): GetDataResult {
  if (ctx.view.status === 'pending') return failed('read-write-denied');
  if (sel && (ctx.conformance & SELECTIVE_ACCESS) === 0) return failed('read-write-denied');
  const r = readAttribute(ctx.rt, ctx.view, d.classId, d.instanceId, d.attributeId, sel);
  return r.ok ? { type: 'data', data: r.data } : failed(r.result);
}

function datablock(ctx: ServiceContext, iip: InvokeIdAndPriority, blockNumber: number): Uint8Array {
  const g = ctx.blocks.get!;
  const from = (blockNumber - 1) * g.chunk;
  const rawData = g.raw.subarray(from, Math.min(g.raw.length, from + g.chunk));
  const lastBlock = from + g.chunk >= g.raw.length;
  g.sent = blockNumber;
  g.done = lastBlock; // kept: a lost last block can be asked for again
  return encodeApdu({ type: 'get-response-with-datablock', invokeIdAndPriority: iip, lastBlock, blockNumber, result: { type: 'raw-data', rawData } });
}

function blockError(iip: InvokeIdAndPriority, blockNumber: number, result: keyof typeof DATA_ACCESS_RESULT): Uint8Array {
  return encodeApdu({ type: 'get-response-with-datablock', invokeIdAndPriority: iip, lastBlock: true, blockNumber, result: { type: 'data-access-result', result: DATA_ACCESS_RESULT[result] } });
}

/** The response APDU (plain) to a GET request; long ones start a block transfer. */
export function handleGet(ctx: ServiceContext, req: GetRequest): Uint8Array {
  const iip = req.invokeIdAndPriority;
  switch (req.type) {
    case 'get-request-normal':
    case 'get-request-with-list': {
      ctx.blocks.get = undefined;
      let response: GetResponse;
      let raw: () => Uint8Array;
      if (req.type === 'get-request-normal') {
        const result = get(ctx, req.descriptor, req.accessSelection);
        response = { type: 'get-response-normal', invokeIdAndPriority: iip, result };
        raw = () => (result.type === 'data' ? build((w) => encodeData(w, result.data)) : new Uint8Array(0));
      } else {
        if ((ctx.conformance & MULTIPLE_REFERENCES) === 0) {
          response = { type: 'get-response-with-list', invokeIdAndPriority: iip, results: req.attributes.map(() => failed('read-write-denied')) };
        } else {
          response = { type: 'get-response-with-list', invokeIdAndPriority: iip, results: req.attributes.map((a) => get(ctx, a.descriptor, a.accessSelection)) };
        }
        const results = response.results;
        raw = () => build((w) => {
          w.length_(results.length);
          for (const r of results) writeGetDataResult(w, r);
        });
      }
      const whole = encodeApdu(response);
      if (ctx.fits(whole.length) || ctx.gbt) return whole;
      if ((ctx.conformance & BLOCK_TRANSFER_GET) === 0 || (response.type === 'get-response-normal' && response.result.type !== 'data')) {
        // too long and no way to split it: the meter can only refuse
        return req.type === 'get-request-normal'
          ? encodeApdu({ type: 'get-response-normal', invokeIdAndPriority: iip, result: failed('other-reason') })
          : encodeApdu({ type: 'get-response-with-list', invokeIdAndPriority: iip, results: req.attributes.map(() => failed('other-reason')) });
      }
      ctx.blocks.get = { iip, raw: raw(), chunk: Math.max(1, ctx.plainBudget() - DATABLOCK_OVERHEAD), sent: 0 };
      return datablock(ctx, iip, 1);
    }
    case 'get-request-next': {
      const g = ctx.blocks.get;
      if (!g || (g.done && req.blockNumber === g.sent)) return blockError(iip, req.blockNumber, 'no-long-get-in-progress');
      // the client names the last block it received: the next one follows; naming the one before
      // means our last block was lost, so it goes again
      if (req.blockNumber === g.sent && !g.done) return datablock(ctx, iip, g.sent + 1);
      if (req.blockNumber === g.sent - 1) return datablock(ctx, iip, g.sent);
      ctx.blocks.get = undefined;
      return blockError(iip, req.blockNumber, 'data-block-number-invalid');
    }
    default:
      return assertNever(req, 'Get-Request');
  }
}
