// The association view and attribute values in the engineer's terms (Blue Book 4.4.3 / 4.4.4):
//
//   Association LN attribute 2  object_list ::= array object_list_element
//     object_list_element ::= structure { class_id long-unsigned, version unsigned,
//       logical_name octet-string, access_rights }
//     access_rights ::= structure { attribute_access array { attribute_id integer, access_mode enum,
//       access_selectors CHOICE { null-data, array integer } }, method_access array { method_id integer,
//       access_mode enum (boolean in version 0) } }
//   Association SN attribute 2  object_list ::= array { base_name long, class_id long-unsigned,
//       version unsigned, logical_name octet-string }
//
// decodeAttributeValue names an attribute from the class descriptor and applies scaler_unit to the
// value attributes of the registers (Register 3, Extended register 4: attribute 2; Demand register 5:
// attributes 2 and 3), exactly (decimal arithmetic, src-shared/cosem/format.ts).

import { formatObis, obisFromBytes } from '../../../src-shared/cosem/obis';
import { className, getAttributeDescriptor, getClassDescriptor, resolveClassDescriptor } from '../../../src-shared/cosem/registry';
import { formatScaled, type ScalerUnit } from '../../../src-shared/cosem/format';
import { unitSymbol } from '../../../src-shared/cosem/units';
import { formatData } from '../axdr/format';
import type { DlmsData } from '../axdr/types';
import { AssociationFault } from './fault';

const ATTRIBUTE_ACCESS = ['no-access', 'read-only', 'write-only', 'read-and-write', 'authenticated-read-only', 'authenticated-write-only', 'authenticated-read-and-write'] as const;
const METHOD_ACCESS = ['no-access', 'access', 'authenticated-access'] as const;

export interface AttributeAccess {
  attributeId: number;
  access: string;
  accessSelectors?: number[];
}

export interface MethodAccess {
  methodId: number;
  access: string;
}

export interface ObjectListEntry {
  classId: number;
  version: number;
  logicalName: Uint8Array;
  /** OBIS text as the Blue Book writes it, e.g. '1-0:1.8.0*255'. */
  obis: string;
  /** The class's Blue Book name ('Register') or 'class n'. */
  className: string;
  /** SN referencing: the object's base name (unsigned). */
  baseName?: number;
  /** LN referencing: the access rights the association grants. */
  attributes?: AttributeAccess[];
  methods?: MethodAccess[];
}

function bad(what: string): never {
  throw new AssociationFault('decode-error', `object_list: ${what}`);
}

function int(d: DlmsData | undefined, what: string): number {
  if (d !== undefined && 'value' in d && typeof d.value === 'number') return d.value;
  if (d?.type === 'boolean') return d.value ? 1 : 0;
  return bad(`${what} is not an integer`);
}

function items(d: DlmsData | undefined, type: 'array' | 'structure', what: string, min = 0): DlmsData[] {
  if ((d?.type !== type && !(type === 'array' && d?.type === 'compact-array')) || d.items.length < min) return bad(`${what} is not ${type === 'array' ? 'an array' : `a structure of ${min}`}`);
  return d.items;
}

function logicalName(d: DlmsData | undefined): Uint8Array {
  if (d?.type !== 'octet-string' || d.value.length !== 6) return bad('logical_name is not an octet-string of 6');
  return d.value;
}

function entryOf(classId: number, version: number, ln: Uint8Array): ObjectListEntry {
  return { classId, version, logicalName: ln, obis: formatObis(obisFromBytes(ln)), className: className(classId) };
}

function accessRights(e: ObjectListEntry, d: DlmsData | undefined): void {
  const [attrs, methods] = items(d, 'structure', 'access_rights', 2);
  e.attributes = items(attrs, 'array', 'attribute_access').map((a) => {
    const [id, mode, selectors] = items(a, 'structure', 'attribute_access_item', 3);
    const out: AttributeAccess = { attributeId: int(id, 'attribute_id'), access: ATTRIBUTE_ACCESS[int(mode, 'access_mode')] ?? `mode ${int(mode, 'access_mode')}` };
    if (selectors?.type === 'array') out.accessSelectors = selectors.items.map((s) => int(s, 'access_selector'));
    return out;
  });
  e.methods = items(methods, 'array', 'method_access').map((m) => {
    const [id, mode] = items(m, 'structure', 'method_access_item', 2);
    return { methodId: int(id, 'method_id'), access: METHOD_ACCESS[int(mode, 'access_mode')] ?? `mode ${int(mode, 'access_mode')}` };
  });
}

/** Association LN attribute 2 into typed entries. Throws AssociationFault('decode-error') on a wrong shape. */
export function parseObjectListLn(d: DlmsData): ObjectListEntry[] {
  return items(d, 'array', 'object_list').map((el) => {
    const [classId, version, ln, rights] = items(el, 'structure', 'object_list_element', 3);
    const e = entryOf(int(classId, 'class_id'), int(version, 'version'), logicalName(ln));
    if (rights !== undefined) accessRights(e, rights);
    return e;
  });
}

/** Association SN attribute 2 into typed entries (base names as unsigned 16-bit numbers). */
export function parseObjectListSn(d: DlmsData): ObjectListEntry[] {
  return items(d, 'array', 'object_list').map((el) => {
    const [baseName, classId, version, ln] = items(el, 'structure', 'object_list_element', 4);
    const e = entryOf(int(classId, 'class_id'), int(version, 'version'), logicalName(ln));
    e.baseName = int(baseName, 'base_name') & 0xffff;
    return e;
  });
}

/** scaler_unit ::= structure { scaler integer, unit enum }. */
export function scalerUnitOf(d: DlmsData): ScalerUnit | undefined {
  if (d.type !== 'structure' || d.items.length !== 2) return undefined;
  const [s, u] = d.items;
  if (s?.type !== 'integer' || u?.type !== 'enum') return undefined;
  return { scaler: s.value, unit: u.value };
}

/** The attribute index of a class's scaler_unit, if it has one (3 for Register, 4 for Demand register). */
export function scalerUnitAttribute(classId: number, version?: number): number | undefined {
  const d = version === undefined ? getClassDescriptor(classId) : resolveClassDescriptor(classId, version)?.descriptor;
  return d?.attributes.find((a) => a.name === 'scaler_unit')?.index;
}

const SCALED_ATTRIBUTES = new Set(['value', 'current_average_value', 'last_average_value']);

export interface DecodedAttribute {
  /** The Blue Book's attribute name, or 'attribute n'. */
  name: string;
  /** The value as text (formatData), scaled with its unit where scaler_unit applies. */
  text: string;
  /** value × 10^scaler, exact decimal text, when scaled. */
  scaled?: string;
  unit?: string;
}

/**
 * Names and formats an attribute value by its class descriptor. For the value attributes of the
 * registers, pass the scaler_unit read before (attribute `scalerUnitAttribute(classId)`).
 */
export function decodeAttributeValue(classId: number, attributeId: number, data: DlmsData, opts: { version?: number; scalerUnit?: ScalerUnit } = {}): DecodedAttribute {
  const descriptor = opts.version === undefined ? getClassDescriptor(classId) : resolveClassDescriptor(classId, opts.version)?.descriptor;
  const attr = descriptor ? getAttributeDescriptor(descriptor, attributeId) : undefined;
  const name = attr?.name ?? `attribute ${attributeId}`;
  const su = opts.scalerUnit;
  const numeric = 'value' in data && (typeof data.value === 'number' || typeof data.value === 'bigint') && data.type !== 'enum';
  if (su !== undefined && attr !== undefined && SCALED_ATTRIBUTES.has(attr.name) && scalerUnitAttribute(classId, opts.version) !== undefined && numeric) {
    const scaled = formatScaled(data.value as number | bigint, { scaler: su.scaler, unit: 255 });
    const unit = su.unit === 255 ? undefined : unitSymbol(su.unit);
    const out: DecodedAttribute = { name, text: unit ? `${scaled} ${unit}` : scaled, scaled };
    if (unit !== undefined) out.unit = unit;
    return out;
  }
  if (attr?.name === 'scaler_unit') {
    const s = scalerUnitOf(data);
    if (s) return { name, text: `scaler ${s.scaler}, unit ${s.unit === 255 ? 'count' : unitSymbol(s.unit)}` };
  }
  return { name, text: formatData(data) };
}
