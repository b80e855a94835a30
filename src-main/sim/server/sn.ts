// SN referencing (Green Book 9.3.x, IEC 61334-4-41 services as COSEM uses them): ReadRequest and
// WriteRequest name attributes and methods by short name (short-names.ts). A method is invoked by a
// ReadRequest with parameterized-access (selector 0, the parameter: a return value comes back as data)
// or by a WriteRequest of its parameter, as Gurux and jDLMS clients do; parameterized-access on an
// attribute is selective access (Profile generic buffer). Long SN responses travel as GBT when it is
// negotiated; the SN block transfer (read-data-block-access) is not offered by the simulator.
import { encodeApdu } from '../../dlms/apdu';
import type { DlmsData } from '../../dlms/axdr/types';
import { assertNever } from '../../dlms/errors';
import { ACTION_RESULT, DATA_ACCESS_RESULT } from '../../dlms/xdlms/common';
import type { ReadRequest, ReadResult, UnconfirmedWriteRequest, VariableAccessSpecification, WriteRequest, WriteResult } from '../../dlms/xdlms/sn';
import type { ServiceContext } from './context';
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

/** The response APDU (plain) to an SN request; none for an unconfirmed write. */
export function handleSn(ctx: ServiceContext, req: ReadRequest | WriteRequest | UnconfirmedWriteRequest): Uint8Array | undefined {
  switch (req.type) {
    case 'read-request':
      return encodeApdu({ type: 'read-response', results: req.variables.map((v) => read(ctx, v)) });
    case 'write-request':
      return encodeApdu({ type: 'write-response', results: req.variables.map((v, i) => write(ctx, v, req.values[i])) });
    case 'unconfirmed-write-request':
      req.variables.forEach((v, i) => write(ctx, v, req.values[i]));
      return undefined;
    default:
      return assertNever(req, 'SN request');
  }
}
