// Checks and renders type descriptions: used by the descriptor tests, the value editors (labels) and
// the device-file loader (does a JSON value fit the attribute's type?).
import { INTEGER_RANGES, type DeviceValue } from '../device-file';
import type { ClassDescriptor, TypeSpec } from './types';
import { OCTET_STRING_SIZES, OCTET_STRING_FORMATS, SIMPLE_TYPES } from './types';

const SIMPLE = new Set<string>(SIMPLE_TYPES);

/** Problems with a type description (empty when it is well-formed). */
export function checkTypeSpec(spec: TypeSpec, path = 'type'): string[] {
  if (typeof spec === 'string') return spec === 'any' || SIMPLE.has(spec) ? [] : [`${path}: unknown type '${spec}'`];
  if ('octetString' in spec) {
    const out: string[] = [];
    if (!(OCTET_STRING_FORMATS as readonly string[]).includes(spec.octetString)) out.push(`${path}: unknown octet-string format '${spec.octetString}'`);
    if (spec.size !== undefined && (!Number.isInteger(spec.size) || spec.size < 0)) out.push(`${path}: bad size ${spec.size}`);
    return out;
  }
  if ('enum' in spec) {
    const keys = Object.keys(spec.enum).map(Number);
    if (keys.length === 0) return [`${path}: enum without values`];
    return keys.filter((k) => !Number.isInteger(k) || k < 0 || k > 255).map((k) => `${path}: enum value ${k} outside 0..255`);
  }
  if ('bitString' in spec) return [];
  if ('structure' in spec) {
    if (spec.structure.length === 0) return [`${path}: empty structure`];
    const seen = new Set<string>();
    const out: string[] = [];
    for (const f of spec.structure) {
      if (!f.name) out.push(`${path}: unnamed field`);
      if (seen.has(f.name)) out.push(`${path}: duplicate field '${f.name}'`);
      seen.add(f.name);
      out.push(...checkTypeSpec(f.type, `${path}.${f.name}`));
    }
    return out;
  }
  if ('array' in spec) return checkTypeSpec(spec.array, `${path}[]`);
  if (spec.choice.length < 2) return [`${path}: choice needs two alternatives or more`];
  return spec.choice.flatMap((c, i) => checkTypeSpec(c, `${path}|${i}`));
}

/** A one-line rendering: "structure { scaler: integer, unit: enum }", "date-time as octet-string(12)". */
export function typeSpecToString(spec: TypeSpec): string {
  if (typeof spec === 'string') return spec === 'any' ? 'CHOICE (any data)' : spec;
  if ('octetString' in spec) {
    const size = spec.size ?? OCTET_STRING_SIZES[spec.octetString];
    return `${spec.octetString} as octet-string${size !== undefined ? `(${size})` : ''}`;
  }
  if ('enum' in spec) return 'enum';
  if ('bitString' in spec) return 'bit-string';
  if ('structure' in spec) return `structure { ${spec.structure.map((f) => `${f.name}: ${typeSpecToString(f.type)}`).join(', ')} }`;
  if ('array' in spec) return `array of ${typeSpecToString(spec.array)}`;
  return `CHOICE { ${spec.choice.map(typeSpecToString).join(' | ')} }`;
}

/** Problems with a descriptor: attribute 1 is logical_name, indices run 1..n, names unique, types well-formed. */
export function checkDescriptor(d: ClassDescriptor): string[] {
  const out: string[] = [];
  const where = `class ${d.classId} v${d.version}`;
  const first = d.attributes[0];
  if (!first || first.index !== 1 || first.name !== 'logical_name') out.push(`${where}: attribute 1 must be logical_name`);
  else if (typeof first.type !== 'object' || !('octetString' in first.type) || first.type.octetString !== 'obis') out.push(`${where}: logical_name must be an OBIS octet-string`);
  d.attributes.forEach((a, i) => {
    if (a.index !== i + 1) out.push(`${where}: attribute ${a.name} has index ${a.index}, expected ${i + 1}`);
    out.push(...checkTypeSpec(a.type, `${where}.${a.name}`));
  });
  d.methods.forEach((m, i) => {
    if (m.index !== i + 1) out.push(`${where}: method ${m.name} has index ${m.index}, expected ${i + 1}`);
    out.push(...checkTypeSpec(m.parameter, `${where}.${m.name}()`));
  });
  const names = d.attributes.map((a) => a.name);
  if (new Set(names).size !== names.length) out.push(`${where}: duplicate attribute names`);
  if (d.snMethodOffset !== undefined && d.methods.length > 0 && d.snMethodOffset < d.attributes.length * 8) {
    out.push(`${where}: snMethodOffset 0x${d.snMethodOffset.toString(16)} overlaps the attributes`);
  }
  return out;
}


/**
 * Does a device value fit a type description? Returns the first problem with its path inside the value, or
 * undefined. Lenient where meters are: a date-time attribute may come as octet-string(12) or as date-time.
 */
export function checkValueType(value: DeviceValue, spec: TypeSpec, path = ''): string | undefined {
  const [tag] = Object.keys(value) as [keyof DeviceValue & string];
  if (spec === 'any') return undefined;
  if (typeof spec === 'string') {
    if (tag !== spec) return `${path || 'value'}: expected ${spec}, got ${tag}`;
    const range = (INTEGER_RANGES as Record<string, readonly [number, number]>)[spec];
    const v = (value as Record<string, unknown>)[tag];
    if (range && typeof v === 'number' && (v < range[0] || v > range[1])) return `${path || 'value'}: ${v} outside ${spec} range ${range[0]}..${range[1]}`;
    return undefined;
  }
  if ('octetString' in spec) {
    const fmt = spec.octetString;
    if ((fmt === 'date-time' || fmt === 'date' || fmt === 'time') && tag === fmt) return undefined;
    if (tag !== 'octet-string') return `${path || 'value'}: expected octet-string (${fmt}), got ${tag}`;
    const size = spec.size ?? OCTET_STRING_SIZES[fmt];
    const v = (value as { 'octet-string': unknown })['octet-string'];
    if (size !== undefined && typeof v === 'string' && v.length !== size * 2) return `${path || 'value'}: ${fmt} needs ${size} bytes, got ${v.length / 2}`;
    return undefined;
  }
  if ('enum' in spec) return tag === 'enum' ? undefined : `${path || 'value'}: expected enum, got ${tag}`;
  if ('bitString' in spec) return tag === 'bit-string' ? undefined : `${path || 'value'}: expected bit-string, got ${tag}`;
  if ('structure' in spec) {
    if (tag !== 'structure') return `${path || 'value'}: expected structure, got ${tag}`;
    const items = (value as { structure: DeviceValue[] }).structure;
    if (items.length !== spec.structure.length) return `${path || 'value'}: structure needs ${spec.structure.length} elements, got ${items.length}`;
    for (let i = 0; i < items.length; i++) {
      const p = checkValueType(items[i]!, spec.structure[i]!.type, `${path}.${spec.structure[i]!.name}`);
      if (p) return p;
    }
    return undefined;
  }
  if ('array' in spec) {
    if (tag === 'compact-array') return undefined;
    if (tag !== 'array') return `${path || 'value'}: expected array, got ${tag}`;
    const items = (value as { array: DeviceValue[] }).array;
    for (let i = 0; i < items.length; i++) {
      const p = checkValueType(items[i]!, spec.array, `${path}[${i}]`);
      if (p) return p;
    }
    return undefined;
  }
  for (const alt of spec.choice) if (checkValueType(value, alt, path) === undefined) return undefined;
  return `${path || 'value'}: ${tag} is none of ${typeSpecToString(spec)}`;
}
