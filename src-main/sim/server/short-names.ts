// Short names for SN referencing (Green Book 9.1.4, Blue Book 4.1.3): attribute n of an object sits at
// base_name + 8·(n−1), method m at base_name + snMethodOffset + 8·(m−1). An object's base_name comes
// from the device file; objects without one get one here: Association SN objects 0xFA00 (the usual
// current-association name, then 0xFA00 + its span), the others from 0x0100 up in file order, each
// placed after the previous one's span and never over a name the file gave.
import type { DlmsData } from '../../dlms/axdr/types';
import type { AssociationModel, CosemObjectModel, DeviceModel } from '../device-model';

export type ShortNameTarget = { obj: CosemObjectModel; kind: 'attribute' | 'method'; index: number };

interface Table {
  base: Map<CosemObjectModel, number>;
  sorted: { obj: CosemObjectModel; base: number; span: number }[];
}

const tables = new WeakMap<DeviceModel, Table>();

/** Octets of short-name space an object takes: its attributes, and its methods after snMethodOffset. */
export function spanOf(obj: CosemObjectModel): number {
  const attrs = 8 * obj.descriptor.attributes.length;
  const methods = obj.descriptor.methods.length;
  const off = obj.descriptor.snMethodOffset;
  return Math.max(attrs, methods > 0 && off !== undefined ? off + 8 * methods : 0, 8);
}

function table(model: DeviceModel): Table {
  const known = tables.get(model);
  if (known) return known;
  const base = new Map<CosemObjectModel, number>();
  const taken: [number, number][] = [];
  for (const o of model.objects) {
    if (o.baseName !== undefined) {
      base.set(o, o.baseName);
      taken.push([o.baseName, o.baseName + spanOf(o)]);
    }
  }
  const place = (start: number, o: CosemObjectModel): number => {
    let at = start;
    for (let moved = true; moved; ) {
      moved = false;
      for (const [a, b] of taken) {
        if (at < b && at + spanOf(o) > a) {
          at = b;
          moved = true;
        }
      }
    }
    base.set(o, at);
    taken.push([at, at + spanOf(o)]);
    return at + spanOf(o);
  };
  let assocCursor = 0xfa00;
  let cursor = 0x0100;
  for (const o of model.objects) {
    if (base.has(o)) continue;
    if (o.classId === 12) assocCursor = place(assocCursor, o);
    else cursor = place(cursor, o);
  }
  const sorted = [...base].map(([obj, b]) => ({ obj, base: b, span: spanOf(obj) })).sort((x, y) => x.base - y.base);
  const t = { base, sorted };
  tables.set(model, t);
  return t;
}

export function baseNameOf(model: DeviceModel, obj: CosemObjectModel): number {
  return table(model).base.get(obj)!;
}

/** What a short name refers to, if anything. */
export function resolveShortName(model: DeviceModel, sn: number): ShortNameTarget | undefined {
  for (const { obj, base, span } of table(model).sorted) {
    if (sn < base || sn >= base + span) continue;
    const off = sn - base;
    if (off % 8 !== 0) return undefined;
    if (off < 8 * obj.descriptor.attributes.length) return { obj, kind: 'attribute', index: off / 8 + 1 };
    const mo = obj.descriptor.snMethodOffset;
    if (mo !== undefined && off >= mo) {
      const m = (off - mo) / 8 + 1;
      if (m <= obj.descriptor.methods.length) return { obj, kind: 'method', index: m };
    }
    return undefined;
  }
  return undefined;
}

/** Association SN attribute 2, object_list: array of { base_name long, class_id, version, logical_name }. */
export function snObjectList(model: DeviceModel, a: AssociationModel): DlmsData {
  return {
    type: 'array',
    items: a.objects.map((o) => {
      const bn = baseNameOf(model, o);
      return {
        type: 'structure',
        items: [
          { type: 'long', value: bn >= 0x8000 ? bn - 0x10000 : bn },
          { type: 'long-unsigned', value: o.classId },
          { type: 'unsigned', value: o.version },
          { type: 'octet-string', value: o.logicalName },
        ],
      };
    }),
  };
}
