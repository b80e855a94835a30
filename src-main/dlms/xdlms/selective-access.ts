// Typed views of the two selective-access parameters every profile generic (class 7) understands
// (Blue Book, IEC 62056-6-2 "Profile generic", attribute 2 buffer, selective access):
//
// access_selector 1, range_descriptor ::= structure {
//   restricting_object  capture_object_definition,
//   from_value          CHOICE (the restricting value's type, e.g. octet-string date-time),
//   to_value            CHOICE,
//   selected_values     array capture_object_definition }   -- empty array = all columns
// capture_object_definition ::= structure {
//   class_id long-unsigned, logical_name octet-string, attribute_index integer, data_index long-unsigned }
//
// access_selector 2, entry_descriptor ::= structure {
//   from_entry double-long-unsigned, to_entry double-long-unsigned,          -- 1-based, to_entry 0 = last
//   from_selected_value long-unsigned, to_selected_value long-unsigned }     -- 1-based, 0 = last column
//
// These work on the decoded access-parameters Data (no bytes), so a shape that does not match is
// "not this descriptor" (undefined), not a decode error.

import type { DlmsData } from '../axdr/types';
import type { SelectiveAccessDescriptor } from './common';

export const RANGE_DESCRIPTOR_SELECTOR = 1;
export const ENTRY_DESCRIPTOR_SELECTOR = 2;

export interface CaptureObjectDefinition {
  classId: number;
  logicalName: Uint8Array;
  attributeIndex: number;
  dataIndex: number;
}

export interface RangeDescriptor {
  restrictingObject: CaptureObjectDefinition;
  fromValue: DlmsData;
  toValue: DlmsData;
  selectedValues: CaptureObjectDefinition[];
}

export interface EntryDescriptor {
  fromEntry: number;
  toEntry: number;
  fromSelectedValue: number;
  toSelectedValue: number;
}

function captureObjectToData(c: CaptureObjectDefinition): DlmsData {
  return {
    type: 'structure',
    items: [
      { type: 'long-unsigned', value: c.classId },
      { type: 'octet-string', value: c.logicalName },
      { type: 'integer', value: c.attributeIndex },
      { type: 'long-unsigned', value: c.dataIndex },
    ],
  };
}

function num(d: DlmsData | undefined, type: DlmsData['type']): number | undefined {
  if (d === undefined || d.type !== type || !('value' in d) || typeof d.value !== 'number') return undefined;
  return d.value;
}

function captureObjectFromData(d: DlmsData | undefined): CaptureObjectDefinition | undefined {
  if (d?.type !== 'structure' || d.items.length !== 4) return undefined;
  const [c, ln, a, i] = d.items;
  const classId = num(c, 'long-unsigned');
  const attributeIndex = num(a, 'integer');
  const dataIndex = num(i, 'long-unsigned');
  if (classId === undefined || attributeIndex === undefined || dataIndex === undefined) return undefined;
  if (ln?.type !== 'octet-string') return undefined;
  return { classId, logicalName: ln.value, attributeIndex, dataIndex };
}

export function rangeDescriptorAccess(rd: RangeDescriptor): SelectiveAccessDescriptor {
  return {
    accessSelector: RANGE_DESCRIPTOR_SELECTOR,
    accessParameters: {
      type: 'structure',
      items: [
        captureObjectToData(rd.restrictingObject),
        rd.fromValue,
        rd.toValue,
        { type: 'array', items: rd.selectedValues.map(captureObjectToData) },
      ],
    },
  };
}

export function parseRangeDescriptor(s: SelectiveAccessDescriptor): RangeDescriptor | undefined {
  const p = s.accessParameters;
  if (s.accessSelector !== RANGE_DESCRIPTOR_SELECTOR || p.type !== 'structure' || p.items.length !== 4) return undefined;
  const [ro, from, to, sel] = p.items;
  const restrictingObject = captureObjectFromData(ro);
  if (!restrictingObject || from === undefined || to === undefined || sel?.type !== 'array') return undefined;
  const selectedValues: CaptureObjectDefinition[] = [];
  for (const item of sel.items) {
    const c = captureObjectFromData(item);
    if (!c) return undefined;
    selectedValues.push(c);
  }
  return { restrictingObject, fromValue: from, toValue: to, selectedValues };
}

export function entryDescriptorAccess(ed: EntryDescriptor): SelectiveAccessDescriptor {
  return {
    accessSelector: ENTRY_DESCRIPTOR_SELECTOR,
    accessParameters: {
      type: 'structure',
      items: [
        { type: 'double-long-unsigned', value: ed.fromEntry },
        { type: 'double-long-unsigned', value: ed.toEntry },
        { type: 'long-unsigned', value: ed.fromSelectedValue },
        { type: 'long-unsigned', value: ed.toSelectedValue },
      ],
    },
  };
}

export function parseEntryDescriptor(s: SelectiveAccessDescriptor): EntryDescriptor | undefined {
  const p = s.accessParameters;
  if (s.accessSelector !== ENTRY_DESCRIPTOR_SELECTOR || p.type !== 'structure' || p.items.length !== 4) return undefined;
  const fromEntry = num(p.items[0], 'double-long-unsigned');
  const toEntry = num(p.items[1], 'double-long-unsigned');
  const fromSelectedValue = num(p.items[2], 'long-unsigned');
  const toSelectedValue = num(p.items[3], 'long-unsigned');
  if (fromEntry === undefined || toEntry === undefined || fromSelectedValue === undefined || toSelectedValue === undefined) {
    return undefined;
  }
  return { fromEntry, toEntry, fromSelectedValue, toSelectedValue };
}
