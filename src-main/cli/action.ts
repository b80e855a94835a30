// meterscope action OBIS:METHOD [PARAM] [--class N] [connection flags] [--json]
// Invokes a method. PARAM as for `set` (JSON A-XDR or a literal typed by the method descriptor);
// without PARAM, methods whose parameter is the Blue Book's "data ::= integer(0)" get integer 0,
// others none.

import { formatData } from '../dlms/axdr/format';
import { dataToJson } from '../dlms/axdr/json';
import type { DlmsData } from '../dlms/axdr/types';
import { getClassDescriptor, getMethodDescriptor } from '../../src-shared/cosem/registry';
import { obisToBytes, parseObis } from '../../src-shared/cosem/obis';
import { bytesEqual } from '../../src-shared/hex';
import { type CliCommand, EXIT_OK, UsageError } from './command';
import { CONNECTION_OPTIONS, CONNECTION_USAGE, parseObisIndex, stringFlag, withSession } from './connection-flags';
import { parseValue, simpleTypeOf } from './set';

const USAGE = `Usage: meterscope action OBIS:METHOD [PARAM] [--class N] [connection flags] [--json]

Invokes a method, e.g.  meterscope action 0-0:96.3.10.255:1 -c 1 -a HighGmac -C AuthenticationEncryption
PARAM: JSON A-XDR ({"integer":0}) or a literal typed by the method descriptor; without it, a method
whose parameter is the Blue Book's data ::= integer(0) gets integer 0.
  --class N   the interface class (else looked up in the association's object list)

${CONNECTION_USAGE}`;

export const actionCommand: CliCommand = {
  name: 'action',
  summary: 'invoke a method (OBIS:method [PARAM])',
  usage: USAGE,
  options: { ...CONNECTION_OPTIONS, class: { type: 'string' } },
  run: async (ctx) => {
    if (ctx.positionals.length < 1 || ctx.positionals.length > 2) throw new UsageError('give OBIS:METHOD and optionally PARAM');
    const { obis, index } = parseObisIndex(ctx.positionals[0]!, 'method');
    const paramText = ctx.positionals[1];
    const classText = stringFlag(ctx.values, 'class');
    if (classText !== undefined && !/^\d+$/.test(classText)) throw new UsageError('--class must be a class id');
    return withSession(ctx, 'action', async (session) => {
      let classId = classText !== undefined ? Number(classText) : undefined;
      if (classId === undefined) {
        const ln = obisToBytes(parseObis(obis));
        classId = (session.objectList ?? (await session.readObjectList())).find((e) => bytesEqual(e.logicalName, ln))?.classId;
        if (classId === undefined) throw new UsageError(`${obis} is not in the association's object list (give --class)`);
      }
      const d = getClassDescriptor(classId);
      const m = d ? getMethodDescriptor(d, index) : undefined;
      const type = simpleTypeOf(m?.parameter);
      let param: DlmsData | undefined;
      if (paramText !== undefined) param = parseValue(paramText, type);
      else if (type === 'integer') param = { type: 'integer', value: 0 };
      const ret = await session.action(obis, index, param, { classId });
      if (ctx.values.json === true) ctx.stdout(`${JSON.stringify({ obis, method: index, ok: true, ...(ret ? { returnParameters: dataToJson(ret) } : {}) })}\n`);
      else ctx.stdout(`${obis} method ${index}${m ? ` (${m.name})` : ''}: success${ret ? `, returned ${formatData(ret)}` : ''}\n`);
      return EXIT_OK;
    });
  },
};
