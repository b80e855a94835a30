// meterscope objects [connection flags] [--json]
// Connects, reads the association view (Association LN/SN attribute 2) and lists each object:
// interface class (name, id, version), OBIS with its standard name, and the access rights.

import { obisName } from '../../src-shared/cosem/obis-names';
import { obisFromBytes } from '../../src-shared/cosem/obis';
import type { ObjectListEntry } from '../dlms/association/object-list';
import { type CliCommand, EXIT_OK } from './command';
import { CONNECTION_OPTIONS, CONNECTION_USAGE, withSession } from './connection-flags';

const USAGE = `Usage: meterscope objects [connection flags] [--json]

Lists the objects the association may see: class, version, OBIS with its standard name, access.

${CONNECTION_USAGE}`;

/** "2:r 3:rw 4:-" — attribute access as short marks; methods "m1:x". */
export function accessText(e: ObjectListEntry): string {
  const mark: Record<string, string> = {
    'no-access': '-',
    'read-only': 'r',
    'write-only': 'w',
    'read-and-write': 'rw',
    'authenticated-read-only': 'R',
    'authenticated-write-only': 'W',
    'authenticated-read-and-write': 'RW',
    access: 'x',
    'authenticated-access': 'X',
  };
  const a = (e.attributes ?? []).map((x) => `${x.attributeId}:${mark[x.access] ?? x.access}`);
  const m = (e.methods ?? []).filter((x) => x.access !== 'no-access').map((x) => `m${x.methodId}:${mark[x.access] ?? x.access}`);
  return [...a, ...m].join(' ');
}

export function standardName(e: ObjectListEntry): string {
  return obisName(obisFromBytes(e.logicalName)) ?? '';
}

export const objectsCommand: CliCommand = {
  name: 'objects',
  summary: "list a meter's association view (class, OBIS and name, access)",
  usage: USAGE,
  options: CONNECTION_OPTIONS,
  run: (ctx) =>
    withSession(ctx, 'objects', async (session) => {
      const list = await session.readObjectList();
      if (ctx.values.json === true) {
        const objects = list.map((e) => ({
          classId: e.classId,
          className: e.className,
          version: e.version,
          obis: e.obis,
          name: standardName(e) || undefined,
          ...(e.baseName !== undefined ? { baseName: e.baseName } : {}),
          ...(e.attributes ? { attributes: e.attributes } : {}),
          ...(e.methods ? { methods: e.methods } : {}),
        }));
        ctx.stdout(`${JSON.stringify({ association: session.associationInfo?.applicationContextName, objects }, null, 2)}\n`);
        return EXIT_OK;
      }
      const rows = list.map((e) => [`${e.className} (${e.classId}) v${e.version}`, e.obis, standardName(e), e.baseName !== undefined ? `0x${e.baseName.toString(16).toUpperCase()}` : accessText(e)]);
      const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length), 0));
      for (const r of rows) ctx.stdout(`${r[0]!.padEnd(w[0]!)}  ${r[1]!.padEnd(w[1]!)}  ${r[2]!.padEnd(w[2]!)}  ${r[3]}\n`.replace(/ +\n$/, '\n'));
      ctx.stdout(`${list.length} object(s)\n`);
      return EXIT_OK;
    }),
};
