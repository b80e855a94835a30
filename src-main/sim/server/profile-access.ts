// Profile generic (class 7) buffer reads with selective access (Blue Book 4.3.6, attribute 2):
//   access_selector 1, range_descriptor: rows whose restricting column lies in [from_value, to_value]
//     (the simulator restricts on the capture-time column, a date-time octet-string), optionally
//     only the selected_values columns;
//   access_selector 2, entry_descriptor: rows from_entry..to_entry (1-based, 0 = last) and columns
//     from_selected_value..to_selected_value (1-based, 0 = last).
// A generated buffer (a year of 15-minute rows) is never built whole for a range: only the rows asked for.
import type { DlmsData } from '../../dlms/axdr/types';
import { decodeCosemDateTime, toDate } from '../../dlms/axdr/datetime';
import type { SelectiveAccessDescriptor } from '../../dlms/xdlms/common';
import { parseEntryDescriptor, parseRangeDescriptor, type CaptureObjectDefinition } from '../../dlms/xdlms/selective-access';
import { DlmsDecodeError } from '../../dlms/errors';
import { bytesEqual } from '../../../src-shared/hex';
import type { CosemObjectModel } from '../device-model';
import type { DeviceRuntime } from './runtime';
import type { DataAccessResultName } from '../../dlms/xdlms/common';

export type BufferResult = { ok: true; data: DlmsData } | { ok: false; result: DataAccessResultName };

interface Column {
  classId: number;
  logicalName: Uint8Array;
  attributeIndex: number;
}

/** The capture_objects (attribute 3) as columns. */
export function captureColumns(obj: CosemObjectModel): Column[] {
  const co = obj.get(3);
  if (co?.type !== 'array') return [];
  return co.items.flatMap((it) => {
    if (it.type !== 'structure' || it.items.length < 3) return [];
    const [c, ln, a] = it.items;
    if (c?.type !== 'long-unsigned' || ln?.type !== 'octet-string' || a?.type !== 'integer') return [];
    return [{ classId: c.value, logicalName: ln.value, attributeIndex: a.value }];
  });
}

/** Rows of the buffer without the generated part materialised: count and row(i). */
function bufferRows(rt: DeviceRuntime, obj: CosemObjectModel): { count: number; row: (i: number) => DlmsData; generated: number } {
  const o = rt.overlay(obj);
  if (obj.profile) {
    const generated = o.cleared ? 0 : obj.profile.entries;
    const p = obj.profile;
    return { count: generated + o.extra.length, generated, row: (i) => (i < generated ? p.row(i) : o.extra[i - generated]!) };
  }
  const stored = obj.get(2);
  const items = stored?.type === 'array' ? stored.items : [];
  return { count: items.length, generated: 0, row: (i) => items[i]! };
}

export function entriesInUse(rt: DeviceRuntime, obj: CosemObjectModel): number {
  return bufferRows(rt, obj).count;
}

/** reset (method 1): the buffer is emptied. */
export function resetProfile(rt: DeviceRuntime, obj: CosemObjectModel): void {
  const o = rt.overlay(obj);
  o.extra = [];
  if (obj.profile) o.cleared = true;
  else obj.set(2, { type: 'array', items: [] });
}

/** capture (method 2): one row of the capture objects' current values is appended. */
export function captureRow(rt: DeviceRuntime, obj: CosemObjectModel, valueOf: (c: Column) => DlmsData): void {
  const row: DlmsData = { type: 'structure', items: captureColumns(obj).map(valueOf) };
  if (obj.profile) rt.overlay(obj).extra.push(row);
  else {
    const stored = obj.get(2);
    obj.set(2, { type: 'array', items: [...(stored?.type === 'array' ? stored.items : []), row] });
  }
}

function project(row: DlmsData, cols: number[] | undefined): DlmsData {
  if (!cols || row.type !== 'structure') return row;
  return { type: 'structure', items: cols.map((c) => row.items[c]!).filter((x) => x !== undefined) };
}

function dateMs(d: DlmsData | undefined): number | undefined {
  const bytes = d?.type === 'octet-string' || d?.type === 'date-time' ? d.value : undefined;
  if (!bytes || bytes.length !== 12) return undefined;
  try {
    return toDate(decodeCosemDateTime(bytes))?.getTime();
  } catch (e) {
    if (e instanceof DlmsDecodeError) return undefined;
    throw e;
  }
}

const sameColumn = (a: Column, b: CaptureObjectDefinition): boolean =>
  a.classId === b.classId && a.attributeIndex === b.attributeIndex && bytesEqual(a.logicalName, b.logicalName);

/** The buffer (attribute 2), whole or as the access selection asks. */
export function readBuffer(rt: DeviceRuntime, obj: CosemObjectModel, selection: SelectiveAccessDescriptor | undefined): BufferResult {
  const rows = bufferRows(rt, obj);
  const collect = (indices: Iterable<number>, cols?: number[]): DlmsData => {
    const items: DlmsData[] = [];
    for (const i of indices) items.push(project(rows.row(i), cols));
    return { type: 'array', items };
  };
  const range = (a: number, b: number): Iterable<number> => ({
    *[Symbol.iterator]() {
      for (let i = a; i < b; i++) yield i;
    },
  });
  if (!selection) return { ok: true, data: obj.profile ? collect(range(0, rows.count)) : (obj.get(2) ?? { type: 'array', items: [] }) };

  const columns = captureColumns(obj);
  const entry = parseEntryDescriptor(selection);
  if (entry) {
    const from = Math.max(1, entry.fromEntry) - 1;
    const to = entry.toEntry === 0 ? rows.count : Math.min(rows.count, entry.toEntry);
    const c0 = Math.max(1, entry.fromSelectedValue) - 1;
    const c1 = entry.toSelectedValue === 0 ? columns.length : Math.min(columns.length, entry.toSelectedValue);
    const cols = c0 === 0 && c1 === columns.length ? undefined : range(c0, c1);
    return { ok: true, data: collect(range(from, Math.max(from, to)), cols ? [...cols] : undefined) };
  }
  const rd = parseRangeDescriptor(selection);
  if (!rd) return { ok: false, result: 'other-reason' };
  const col = columns.findIndex((c) => sameColumn(c, rd.restrictingObject));
  if (col < 0) return { ok: false, result: 'object-unavailable' };
  let cols: number[] | undefined;
  if (rd.selectedValues.length > 0) {
    cols = rd.selectedValues.map((s) => columns.findIndex((c) => sameColumn(c, s)));
    if (cols.some((c) => c < 0)) return { ok: false, result: 'object-unavailable' };
  }
  const fromMs = dateMs(rd.fromValue) ?? -Infinity;
  const toMs = dateMs(rd.toValue) ?? Infinity;
  const picked: number[] = [];
  // the generated part is in capture order with the clock in column `col`: index arithmetic, no scan
  if (rows.generated > 0 && obj.profile && obj.profile.generator.columns[col]?.kind === 'clock') {
    const r = obj.profile.indexRange(fromMs, toMs);
    if (r) for (let i = r[0]; i <= r[1]; i++) picked.push(i);
  } else {
    for (let i = 0; i < rows.generated; i++) picked.push(i);
  }
  for (let i = rows.generated; i < rows.count; i++) {
    const row = rows.row(i);
    const t = row.type === 'structure' ? dateMs(row.items[col]) : undefined;
    if (t !== undefined && t >= fromMs && t <= toMs) picked.push(i);
  }
  if (!(rows.generated > 0 && obj.profile?.generator.columns[col]?.kind === 'clock')) {
    // stored rows (or a generated buffer restricted on another column): filter them all by value
    const filtered = picked.filter((i) => {
      const row = rows.row(i);
      const t = row.type === 'structure' ? dateMs(row.items[col]) : undefined;
      return t !== undefined && t >= fromMs && t <= toMs;
    });
    return { ok: true, data: collect(filtered, cols) };
  }
  return { ok: true, data: collect(picked, cols) };
}
