// meterscope get OBIS:attr [OBIS:attr…] [--class N] [connection flags] [--json]
// Reads attributes. The interface class comes from --class or the association's object list; the
// value is named from the class descriptor, and for the value attributes of registers (Register,
// Extended register, Demand register) the scaler_unit is read too and applied.

import type { DlmsData } from '../dlms/axdr/types';
import { decodeAttributeValue, scalerUnitAttribute, scalerUnitOf } from '../dlms/association/object-list';
import { dataToJson } from '../dlms/axdr/json';
import type { Session } from '../session/session';
import { formatObis, obisFromBytes, obisToBytes, parseObis } from '../../src-shared/cosem/obis';
import { getAttributeDescriptor, getClassDescriptor } from '../../src-shared/cosem/registry';
import { decodeCosemDate, decodeCosemDateTime, decodeCosemTime, formatCosemDate, formatCosemDateTime, formatCosemTime } from '../dlms/axdr/datetime';
import { bytesEqual } from '../../src-shared/hex';
import { SessionError } from '../session/types';
import { type CliCommand, EXIT_FAILED, EXIT_OK, UsageError } from './command';
import { CONNECTION_OPTIONS, CONNECTION_USAGE, failureText, parseObisIndex, stringFlag, withSession } from './connection-flags';

const USAGE = `Usage: meterscope get OBIS:ATTR [OBIS:ATTR…] [--class N] [connection flags] [--json]

Reads attributes, e.g.  meterscope get 0-0:1.0.0.255:2  (the clock's time)
                        meterscope get 1-0:1.8.0.255:2  (a register: scaler and unit applied)
  --class N   the interface class (else looked up in the association's object list)

${CONNECTION_USAGE}`;

export interface Reading {
  obis: string;
  attribute: number;
  classId: number;
  name?: string;
  text?: string;
  unit?: string;
  scaled?: string;
  value?: unknown;
  error?: string;
}

async function classOf(session: Session, obis: string, given: number | undefined): Promise<number> {
  if (given !== undefined) return given;
  const list = session.objectList ?? (await session.readObjectList());
  let ln: Uint8Array;
  try {
    ln = obisToBytes(parseObis(obis));
  } catch (e) {
    throw new UsageError(`'${obis}' is not an OBIS code: ${(e as Error).message}`);
  }
  const e = list.find((x) => bytesEqual(x.logicalName, ln));
  if (!e) throw new SessionError('bad-request', `${obis} is not in the association's object list (give --class)`);
  return e.classId;
}

/** Reads one attribute and describes it (scaler_unit applied where the class has one). */
export async function readDescribed(session: Session, obis: string, attribute: number, classIdGiven?: number): Promise<Reading> {
  const classId = await classOf(session, obis, classIdGiven);
  let data: DlmsData;
  try {
    data = await session.get(obis, attribute, { classId });
  } catch (e) {
    if (e instanceof SessionError && e.code === 'data-access') return { obis, attribute, classId, error: e.detail ?? e.message };
    throw e;
  }
  const suAttr = scalerUnitAttribute(classId);
  let scalerUnit;
  if (suAttr !== undefined && suAttr !== attribute) {
    const su = await session.get(obis, suAttr, { classId }).catch(() => undefined);
    if (su) scalerUnit = scalerUnitOf(su);
  }
  const d = decodeAttributeValue(classId, attribute, data, scalerUnit ? { scalerUnit } : {});
  const out: Reading = { obis, attribute, classId, name: d.name, text: octetMeaning(classId, attribute, data) ?? d.text, value: dataToJson(data) };
  if (d.unit !== undefined) out.unit = d.unit;
  if (d.scaled !== undefined) out.scaled = d.scaled;
  return out;
}

/** The descriptor's meaning of an octet-string (date-time, date, time, OBIS) as text, if it has one. */
export function octetMeaning(classId: number, attributeId: number, data: DlmsData): string | undefined {
  if (data.type !== 'octet-string') return undefined;
  const d = getClassDescriptor(classId);
  const t = d ? getAttributeDescriptor(d, attributeId)?.type : undefined;
  if (typeof t !== 'object' || !('octetString' in t)) return undefined;
  try {
    switch (t.octetString) {
      case 'date-time':
        return data.value.length === 12 ? formatCosemDateTime(decodeCosemDateTime(data.value)) : undefined;
      case 'date':
        return data.value.length === 5 ? formatCosemDate(decodeCosemDate(data.value)) : undefined;
      case 'time':
        return data.value.length === 4 ? formatCosemTime(decodeCosemTime(data.value)) : undefined;
      case 'obis':
        return data.value.length === 6 ? formatObis(obisFromBytes(data.value)) : undefined;
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}

export function readingLine(r: Reading): string {
  return `${r.obis} attribute ${r.attribute}${r.name ? ` (${r.name})` : ''}: ${r.error !== undefined ? `[${r.error}]` : r.text}`;
}

function classFlag(v: Record<string, unknown>): number | undefined {
  const t = stringFlag(v as never, 'class');
  if (t === undefined) return undefined;
  if (!/^\d+$/.test(t)) throw new UsageError(`--class must be a class id, got '${t}'`);
  return Number(t);
}

export const getCommand: CliCommand = {
  name: 'get',
  summary: 'read attributes (OBIS:attr), scaler/unit applied for registers',
  usage: USAGE,
  options: { ...CONNECTION_OPTIONS, class: { type: 'string' } },
  run: async (ctx) => {
    if (ctx.positionals.length === 0) throw new UsageError('give at least one OBIS:attribute, e.g. 0-0:1.0.0.255:2');
    const refs = ctx.positionals.map((p) => parseObisIndex(p));
    const classId = classFlag(ctx.values);
    return withSession(ctx, 'get', async (session) => {
      const readings: Reading[] = [];
      for (const r of refs) readings.push(await readDescribed(session, r.obis, r.index, classId));
      if (ctx.values.json === true) ctx.stdout(`${JSON.stringify(readings, null, 2)}\n`);
      else for (const r of readings) ctx.stdout(`${readingLine(r)}\n`);
      const failed = readings.filter((r) => r.error !== undefined);
      for (const f of failed) ctx.stderr(`meterscope get: the meter answered ${f.error} for ${f.obis} attribute ${f.attribute}\n`);
      return failed.length > 0 ? EXIT_FAILED : EXIT_OK;
    });
  },
};

export { failureText };
