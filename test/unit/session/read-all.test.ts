// Which attributes a whole-meter read never puts in a GET with-list request: the large-by-nature
// ones of the Blue Book (arrays of structures, the profile buffer), from the class descriptors.
import { describe, expect, it } from 'vitest';
import { isLargeByNature, readableAttributes } from '../../../src-main/session/read-all';
import type { ObjectListEntry } from '../../../src-main/dlms/association/object-list';

describe('isLargeByNature', () => {
  it.each([
    [15, 1, 2, 'Association LN object_list'],
    [15, 2, 2, 'Association LN v2 object_list'],
    [15, 2, 10, 'Association LN v2 user_list'],
    [12, 2, 2, 'Association SN object_list'],
    [12, 2, 3, 'Association SN access_rights_list'],
    [7, 1, 2, 'Profile generic buffer'],
    [7, 1, 3, 'Profile generic capture_objects'],
    [9, 0, 2, 'Script table scripts'],
    [20, 0, 9, 'Activity calendar day_profile_table_passive'],
    [40, 0, 2, 'Push setup push_object_list'],
    [64, 1, 6, 'Security setup certificates'],
  ])('%i v%i attribute %i (%s) is', (classId, version, attributeId) => {
    expect(isLargeByNature(classId, version, attributeId)).toBe(true);
  });

  it.each([
    [15, 1, 1, 'logical_name'],
    [15, 1, 3, 'associated_partners_id (a structure, not an array)'],
    [3, 0, 2, 'Register value'],
    [3, 0, 3, 'Register scaler_unit'],
    [1, 0, 2, 'Data value (any, not an array)'],
    [7, 1, 4, 'Profile generic capture_period'],
    [7, 1, 6, 'Profile generic sort_object (one structure)'],
    [8, 0, 2, 'Clock time'],
    [29, 2, 6, 'Auto connect destination_list (array of octet-strings)'],
    [9999, 0, 2, 'a class we have no descriptor for'],
    [7, 1, 99, 'an attribute the class does not have'],
  ])('%i v%i attribute %i (%s) is not', (classId, version, attributeId) => {
    expect(isLargeByNature(classId, version, attributeId)).toBe(false);
  });

  it('a version we do not know falls back to the nearest descriptor of the class', () => {
    expect(isLargeByNature(15, 7, 2)).toBe(true);
    expect(isLargeByNature(7, 0, 2)).toBe(true);
  });
});

describe('readableAttributes', () => {
  const entry = (over: Partial<ObjectListEntry>): ObjectListEntry => ({ classId: 3, version: 0, logicalName: Uint8Array.of(1, 0, 1, 8, 0, 255), obis: '1-0:1.8.0*255', className: 'Register', ...over });
  it('takes the access rights when the object list has them, else every attribute of the class', () => {
    const rights = entry({
      attributes: [
        { attributeId: 1, access: 'read-only' },
        { attributeId: 2, access: 'write-only' },
        { attributeId: 3, access: 'authenticated-read-and-write' },
        { attributeId: 4, access: 'no-access' },
      ],
    });
    expect(readableAttributes(rights)).toEqual([1, 3]);
    expect(readableAttributes(entry({}))).toEqual([1, 2, 3]);
    expect(readableAttributes(entry({ classId: 9999 }))).toEqual([1]);
  });
});
