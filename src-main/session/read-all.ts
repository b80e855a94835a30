// Reading every readable attribute of an association view, one by one (GET normal) or batched
// (GET with-list, when the meter granted multiple-references): what `meterscope read`, the
// integration matrix and the bench do. A data-access-result is a per-attribute answer, not a failure.
//
// Attributes that are large by nature are never put in a list, even when lists are allowed: the
// Gurux C++ server died of heap corruption on a with-list request naming Association LN
// object_list among ten attributes, and real meters choke on lists holding such attributes (the
// server must build every answer in one buffer before it can start block transfer). They are read
// one by one after the batched rest; the readings keep the object list's order.

import type { ObjectListEntry } from '../dlms/association/object-list';
import type { DlmsData } from '../dlms/axdr/types';
import { dataAccessResultName, type GetDataResult } from '../dlms/xdlms/common';
import { getAttributeDescriptor, getClassDescriptor, resolveClassDescriptor } from '../../src-shared/cosem/registry';
import type { Session } from './session';
import { SessionError, type RequestOptions } from './types';

const READABLE = new Set(['read-only', 'read-and-write', 'authenticated-read-only', 'authenticated-read-and-write']);

export interface AttributeReading {
  entry: ObjectListEntry;
  attributeId: number;
  /** The value, or the meter's data-access-result name. */
  result: { ok: true; data: DlmsData } | { ok: false; error: string };
}

/** What a whole read gave: a reading per attribute, in object-list order, and the engine's notices. */
export interface ReadAllResult {
  readings: AttributeReading[];
  /** What the session did beyond the request (e.g. the meter refused lists: read one by one). */
  notices: string[];
}

/** The attributes of an entry the association may read (its access rights, else the class descriptor). */
export function readableAttributes(e: ObjectListEntry): number[] {
  if (e.attributes) return e.attributes.filter((a) => READABLE.has(a.access)).map((a) => a.attributeId);
  return getClassDescriptor(e.classId, e.version)?.attributes.map((a) => a.index) ?? [1];
}

/**
 * Whether an attribute is large by nature and so never goes in a with-list request: its class
 * descriptor types it as an array of structures (Association LN/SN object_list, Profile generic
 * capture_objects, script tables, calendars, ...) or as an array of any data (Profile generic
 * buffer: rows of captured values). The count of such arrays is the meter's, without a bound.
 * An attribute of a class (or version) we have no descriptor for is taken as small.
 */
export function isLargeByNature(classId: number, version: number, attributeId: number): boolean {
  const descriptor = resolveClassDescriptor(classId, version)?.descriptor;
  const type = descriptor ? getAttributeDescriptor(descriptor, attributeId)?.type : undefined;
  if (type === undefined || typeof type !== 'object' || !('array' in type)) return false;
  const element = type.array;
  return element === 'any' || (typeof element === 'object' && 'structure' in element);
}

export interface ReadAllOptions extends RequestOptions {
  /** Batch with GET with-list; default: when the association granted multiple-references. */
  withList?: boolean;
  /** Attributes to leave out (e.g. profile buffers, read by range instead). */
  skip?: (entry: ObjectListEntry, attributeId: number) => boolean;
}

interface Work {
  entry: ObjectListEntry;
  attributeId: number;
}

export async function readAllAttributes(session: Session, entries: readonly ObjectListEntry[], opts: ReadAllOptions = {}): Promise<ReadAllResult> {
  const work: Work[] = entries.flatMap((entry) => readableAttributes(entry).filter((a) => !opts.skip?.(entry, a)).map((attributeId) => ({ entry, attributeId })));
  const withList = opts.withList ?? session.associationInfo?.negotiatedConformance.includes('multiple-references') ?? false;
  const notices: string[] = [];
  const results = new Map<Work, AttributeReading['result']>();
  const listed = withList ? work.filter((w) => !isLargeByNature(w.entry.classId, w.entry.version, w.attributeId)) : [];
  if (listed.length > 1) {
    const r = await session.getManyWithNotices(
      listed.map((w) => ({ obis: w.entry.obis, attributeId: w.attributeId, classId: w.entry.classId })),
      opts,
    );
    notices.push(...r.notices);
    listed.forEach((w, i) => results.set(w, readingOf(r.results[i])));
  }
  for (const w of work) if (!results.has(w)) results.set(w, await readOne(session, w, opts));
  return { readings: work.map((w) => ({ ...w, result: results.get(w)! })), notices };
}

function readingOf(r: GetDataResult | undefined): AttributeReading['result'] {
  return r?.type === 'data' ? { ok: true, data: r.data } : { ok: false, error: r ? dataAccessResultName(r.result) : 'no result' };
}

async function readOne(session: Session, w: Work, opts: RequestOptions): Promise<AttributeReading['result']> {
  try {
    return { ok: true, data: await session.get(w.entry.obis, w.attributeId, { ...opts, classId: w.entry.classId }) };
  } catch (e) {
    if (e instanceof SessionError && e.code === 'data-access') return { ok: false, error: e.detail ?? e.message };
    throw e;
  }
}
