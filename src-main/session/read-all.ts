// Reading every readable attribute of an association view, one by one (GET normal) or batched
// (GET with-list, when the meter granted multiple-references): what `meterscope read`, the
// integration matrix and the bench do. A data-access-result is a per-attribute answer, not a failure.

import type { ObjectListEntry } from '../dlms/association/object-list';
import type { DlmsData } from '../dlms/axdr/types';
import { dataAccessResultName } from '../dlms/xdlms/common';
import { getClassDescriptor } from '../../src-shared/cosem/registry';
import type { Session } from './session';
import { SessionError, type RequestOptions } from './types';

const READABLE = new Set(['read-only', 'read-and-write', 'authenticated-read-only', 'authenticated-read-and-write']);

export interface AttributeReading {
  entry: ObjectListEntry;
  attributeId: number;
  /** The value, or the meter's data-access-result name. */
  result: { ok: true; data: DlmsData } | { ok: false; error: string };
}

/** The attributes of an entry the association may read (its access rights, else the class descriptor). */
export function readableAttributes(e: ObjectListEntry): number[] {
  if (e.attributes) return e.attributes.filter((a) => READABLE.has(a.access)).map((a) => a.attributeId);
  return getClassDescriptor(e.classId, e.version)?.attributes.map((a) => a.index) ?? [1];
}

export interface ReadAllOptions extends RequestOptions {
  /** Batch with GET with-list; default: when the association granted multiple-references. */
  withList?: boolean;
  /** Attributes to leave out (e.g. profile buffers, read by range instead). */
  skip?: (entry: ObjectListEntry, attributeId: number) => boolean;
}

export async function readAllAttributes(session: Session, entries: readonly ObjectListEntry[], opts: ReadAllOptions = {}): Promise<AttributeReading[]> {
  const work = entries.flatMap((entry) => readableAttributes(entry).filter((a) => !opts.skip?.(entry, a)).map((attributeId) => ({ entry, attributeId })));
  const withList = opts.withList ?? session.associationInfo?.negotiatedConformance.includes('multiple-references') ?? false;
  if (withList && work.length > 1) {
    const results = await session.getMany(
      work.map((w) => ({ obis: w.entry.obis, attributeId: w.attributeId, classId: w.entry.classId })),
      opts,
    );
    return work.map((w, i) => {
      const r = results[i];
      const result: AttributeReading['result'] = r?.type === 'data' ? { ok: true, data: r.data } : { ok: false, error: r ? dataAccessResultName(r.result) : 'no result' };
      return { ...w, result };
    });
  }
  const out: AttributeReading[] = [];
  for (const w of work) {
    try {
      out.push({ ...w, result: { ok: true, data: await session.get(w.entry.obis, w.attributeId, { ...opts, classId: w.entry.classId }) } });
    } catch (e) {
      if (e instanceof SessionError && e.code === 'data-access') out.push({ ...w, result: { ok: false, error: e.detail ?? e.message } });
      else throw e;
    }
  }
  return out;
}
