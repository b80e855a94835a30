// Looks interface-class descriptors up by class id and version. The one place that knows the list.
import { CLASS_DESCRIPTORS } from './classes/index';
import type { AttributeDescriptor, ClassDescriptor, MethodDescriptor } from './classes/types';

const BY_CLASS = new Map<number, ClassDescriptor[]>();
for (const d of CLASS_DESCRIPTORS) {
  const list = BY_CLASS.get(d.classId) ?? [];
  list.push(d);
  list.sort((a, b) => a.version - b.version);
  BY_CLASS.set(d.classId, list);
}

/**
 * The descriptor of a class: the exact version when given (undefined if we have no such version),
 * else the highest version we know.
 */
export function getClassDescriptor(classId: number, version?: number): ClassDescriptor | undefined {
  const list = BY_CLASS.get(classId);
  if (!list) return undefined;
  if (version === undefined) return list[list.length - 1];
  return list.find((d) => d.version === version);
}

/**
 * For a meter that reports a version we don't know: the exact version, else the highest lower one, else the
 * lowest we have; `exact` says which. Undefined only for an unknown class.
 */
export function resolveClassDescriptor(classId: number, version: number): { descriptor: ClassDescriptor; exact: boolean } | undefined {
  const list = BY_CLASS.get(classId);
  if (!list || list.length === 0) return undefined;
  const exact = list.find((d) => d.version === version);
  if (exact) return { descriptor: exact, exact: true };
  const lower = list.filter((d) => d.version < version);
  return { descriptor: lower[lower.length - 1] ?? list[0]!, exact: false };
}

export function listClassDescriptors(): readonly ClassDescriptor[] {
  return CLASS_DESCRIPTORS;
}

/** Known versions of a class, ascending. */
export function classVersions(classId: number): number[] {
  return (BY_CLASS.get(classId) ?? []).map((d) => d.version);
}

export function getAttributeDescriptor(d: ClassDescriptor, index: number): AttributeDescriptor | undefined {
  return d.attributes.find((a) => a.index === index);
}

export function getMethodDescriptor(d: ClassDescriptor, index: number): MethodDescriptor | undefined {
  return d.methods.find((m) => m.index === index);
}

/** "Register" or "class 9999" for display. */
export function className(classId: number): string {
  return getClassDescriptor(classId)?.name ?? `class ${classId}`;
}
