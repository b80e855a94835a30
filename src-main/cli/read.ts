// meterscope read [connection flags] [-g "OBIS:attr; OBIS:attr"] [--with-list | --one-by-one] [--trace] [--json]
// The Gurux example client's job: associate, read the association view and then every readable
// attribute of every object (or only the -g list), print them, release. Register values come with
// their scaler and unit applied.

import { decodeAttributeValue, scalerUnitAttribute, scalerUnitOf } from '../dlms/association/object-list';
import { dataToJson } from '../dlms/axdr/json';
import type { ScalerUnit } from '../../src-shared/cosem/format';
import { readAllAttributes } from '../session/read-all';
import { toHex } from '../../src-shared/hex';
import { type CliCommand, EXIT_FAILED, EXIT_OK, UsageError } from './command';
import { CONNECTION_OPTIONS, CONNECTION_USAGE, parseObisIndex, stringFlag, withSession } from './connection-flags';
import { octetMeaning, type Reading, readDescribed, readingLine } from './get';
import { standardName } from './objects';

const USAGE = `Usage: meterscope read [connection flags] [-g "OBIS:ATTR; OBIS:ATTR"] [--with-list | --one-by-one] [--trace] [--json]

Associates, reads the object list and every readable attribute (or only those given with -g),
prints them and releases. Works with Gurux example command lines, e.g.
  meterscope read -h 127.0.0.1 -p 4059 -i WRAPPER -c 1 -s 1 -a HighGmac -C AuthenticationEncryption \\
                  -T 4D53433030303031 -A D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF -B 000102030405060708090A0B0C0D0E0F
  -g, --get LIST     "0.0.1.0.0.255:2; 1.0.1.8.0.255:2" (';' or ',' between)
      --with-list    batch with GET with-list (default: when the meter grants multiple-references)
      --one-by-one   never batch
A meter that refuses a list is read one by one: a warning on stderr (and in "warnings" with --json).

${CONNECTION_USAGE}`;

export const readCommand: CliCommand = {
  name: 'read',
  summary: 'associate and read the object list and all attributes (Gurux-style flags)',
  usage: USAGE,
  options: { ...CONNECTION_OPTIONS, get: { type: 'string', short: 'g' }, 'with-list': { type: 'boolean' }, 'one-by-one': { type: 'boolean' } },
  run: async (ctx) => {
    if (ctx.positionals.length > 0) throw new UsageError(`unexpected argument '${ctx.positionals[0]}' (use -g "OBIS:attr" to pick attributes)`);
    const list = stringFlag(ctx.values, 'get');
    const picks = list === undefined ? undefined : list.split(/[;,]/).map((s) => s.trim()).filter(Boolean).map((p) => parseObisIndex(p));
    if (picks?.length === 0) throw new UsageError('-g needs at least one OBIS:attribute');
    const json = ctx.values.json === true;
    return withSession(ctx, 'read', async (session) => {
      const readings: Reading[] = [];
      const warnings: string[] = [];
      if (picks) {
        for (const p of picks) readings.push(await readDescribed(session, p.obis, p.index));
      } else {
        const objects = await session.readObjectList();
        const withList = ctx.values['one-by-one'] === true ? false : ctx.values['with-list'] === true ? true : undefined;
        const { readings: all, notices } = await readAllAttributes(session, objects, withList === undefined ? {} : { withList });
        // What the session did beyond the request (the meter refused a list: read one by one).
        warnings.push(...notices);
        for (const n of notices) ctx.stderr(`meterscope read: warning: ${n}\n`);
        // scaler_unit of each register, from what was read, for its value attributes
        const scalers = new Map<string, ScalerUnit>();
        for (const a of all) {
          if (a.result.ok && scalerUnitAttribute(a.entry.classId, a.entry.version) === a.attributeId) {
            const su = scalerUnitOf(a.result.data);
            if (su) scalers.set(a.entry.obis, su);
          }
        }
        let lastObis = '';
        for (const a of all) {
          const e = a.entry;
          if (!json && e.obis !== lastObis) ctx.stdout(`${e.className} (${e.classId}) ${e.obis}${standardName(e) ? ` ${standardName(e)}` : ''}\n`);
          lastObis = e.obis;
          const r: Reading = { obis: e.obis, attribute: a.attributeId, classId: e.classId };
          if (a.result.ok) {
            const su = scalers.get(e.obis);
            const d = decodeAttributeValue(e.classId, a.attributeId, a.result.data, { version: e.version, ...(su ? { scalerUnit: su } : {}) });
            Object.assign(r, { name: d.name, text: octetMeaning(e.classId, a.attributeId, a.result.data) ?? d.text, value: dataToJson(a.result.data) }, d.unit ? { unit: d.unit } : {}, d.scaled ? { scaled: d.scaled } : {});
          } else r.error = a.result.error;
          readings.push(r);
          if (!json) ctx.stdout(`  ${readingLine(r).slice(e.obis.length + 1)}\n`);
        }
      }
      if (json) ctx.stdout(`${JSON.stringify({ association: session.associationInfo, readings, ...(warnings.length > 0 ? { warnings } : {}) }, (_k, v: unknown) => (v instanceof Uint8Array ? toHex(v) : v), 2)}\n`);
      else if (picks) for (const r of readings) ctx.stdout(`${readingLine(r)}\n`);
      return picks && readings.some((r) => r.error !== undefined) ? EXIT_FAILED : EXIT_OK;
    });
  },
};
