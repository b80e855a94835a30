import { describe, expect, it } from 'vitest';
import { checkDescriptor, checkTypeSpec, checkValueType, typeSpecToString } from '../../../src-shared/cosem/classes/check';
import { classVersions, getAttributeDescriptor, getClassDescriptor, getMethodDescriptor, listClassDescriptors, resolveClassDescriptor } from '../../../src-shared/cosem/registry';

// The classes the brief requires, with the Blue Book's class ids.
const REQUIRED: Record<number, string> = {
  1: 'Data', 3: 'Register', 4: 'Extended register', 5: 'Demand register', 6: 'Register activation', 7: 'Profile generic',
  8: 'Clock', 9: 'Script table', 10: 'Schedule', 11: 'Special days table', 12: 'Association SN', 15: 'Association LN',
  17: 'SAP assignment', 18: 'Image transfer', 19: 'IEC local port setup', 20: 'Activity calendar', 21: 'Register monitor',
  22: 'Single action schedule', 23: 'IEC HDLC setup', 27: 'Modem configuration', 28: 'Auto answer', 29: 'Auto connect',
  40: 'Push setup', 41: 'TCP-UDP setup', 42: 'IPv4 setup', 45: 'GPRS modem setup', 64: 'Security setup', 70: 'Disconnect control',
  71: 'Limiter', 72: 'M-Bus client',
};

describe('interface-class descriptors', () => {
  it.each(listClassDescriptors().map((d) => [`${d.classId} v${d.version} ${d.name}`, d] as const))('%s is consistent', (_, d) => {
    expect(checkDescriptor(d)).toEqual([]);
  });

  it('the registry finds every required class by id, with its Blue Book name', () => {
    for (const [id, name] of Object.entries(REQUIRED)) {
      expect(getClassDescriptor(Number(id))?.name, `class ${id}`).toBe(name);
    }
  });

  it('no two descriptors share class id and version', () => {
    const keys = listClassDescriptors().map((d) => `${d.classId}/${d.version}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('looks up exact versions and falls back for unknown ones', () => {
    expect(classVersions(15)).toEqual([1, 2]);
    expect(getClassDescriptor(15)?.version).toBe(2);
    expect(getClassDescriptor(15, 1)?.attributes).toHaveLength(9);
    expect(getClassDescriptor(15, 7)).toBeUndefined();
    expect(resolveClassDescriptor(15, 3)).toMatchObject({ exact: false, descriptor: { version: 2 } });
    expect(resolveClassDescriptor(64, 0)).toMatchObject({ exact: true, descriptor: { version: 0 } });
    expect(resolveClassDescriptor(9999, 0)).toBeUndefined();
  });

  it('carries the Blue Book attribute and method names and types (spot checks)', () => {
    const reg = getClassDescriptor(3, 0)!;
    expect(reg.attributes.map((a) => a.name)).toEqual(['logical_name', 'value', 'scaler_unit']);
    expect(typeSpecToString(getAttributeDescriptor(reg, 3)!.type)).toBe('structure { scaler: integer, unit: enum }');
    const clock = getClassDescriptor(8, 0)!;
    expect(typeSpecToString(getAttributeDescriptor(clock, 2)!.type)).toBe('date-time as octet-string(12)');
    expect(clock.attributes).toHaveLength(9);
    expect(clock.methods.map((m) => m.name)).toContain('shift_time');
    const aln = getClassDescriptor(15, 1)!;
    const m1 = getMethodDescriptor(aln, 1)!;
    expect([m1.name, m1.parameter]).toEqual(['reply_to_HLS_authentication', 'octet-string']);
    expect(getAttributeDescriptor(aln, 7)?.name).toBe('secret');
    const pg = getClassDescriptor(7, 1)!;
    expect(pg.attributes.map((a) => a.name)).toEqual([
      'logical_name', 'buffer', 'capture_objects', 'capture_period', 'sort_method', 'sort_object', 'entries_in_use', 'profile_entries',
    ]);
    expect(getClassDescriptor(70)!.methods.map((m) => m.name)).toEqual(['remote_disconnect', 'remote_reconnect']);
    expect(getClassDescriptor(41)!.attributes[1]!.name).toBe('TCP-UDP_port');
    expect(getClassDescriptor(64, 0)!.methods.map((m) => m.name)).toEqual(['security_activate', 'global_key_transfer']);
    // SN: Association SN method 8 (reply_to_HLS_authentication) sits at base_name + 0x20 + 7·8 = 0x58
    const sn = getClassDescriptor(12)!;
    expect(sn.methods[7]!.name).toBe('reply_to_HLS_authentication');
    expect(sn.snMethodOffset! + 7 * 8).toBe(0x58);
  });

  it('rejects malformed type descriptions and checks values against types', () => {
    expect(checkTypeSpec('long-unsigend' as never)).toHaveLength(1);
    expect(checkTypeSpec({ structure: [] })).toHaveLength(1);
    expect(checkTypeSpec({ structure: [{ name: 'a', type: 'integer' }, { name: 'a', type: 'integer' }] })).toEqual(["type: duplicate field 'a'"]);
    expect(checkTypeSpec({ enum: { 300: 'x' } })).toHaveLength(1);
    const su = getAttributeDescriptor(getClassDescriptor(3)!, 3)!.type;
    expect(checkValueType({ structure: [{ integer: -3 }, { enum: 30 }] }, su)).toBeUndefined();
    expect(checkValueType({ structure: [{ integer: -3 }, { unsigned: 30 }] }, su)).toBe('.unit: expected enum, got unsigned');
    expect(checkValueType({ structure: [{ integer: -3 }] }, su)).toMatch(/needs 2 elements/);
    const time = getAttributeDescriptor(getClassDescriptor(8)!, 2)!.type;
    expect(checkValueType({ 'octet-string': '07E90601FF0C0000008000FF' }, time)).toBeUndefined();
    expect(checkValueType({ 'date-time': '2025-06-01T12:00:00Z' }, time)).toBeUndefined();
    expect(checkValueType({ 'octet-string': '07E9' }, time)).toMatch(/needs 12 bytes/);
    expect(checkValueType({ 'long-unsigned': 70000 }, 'long-unsigned')).toMatch(/outside/);
  });
});
