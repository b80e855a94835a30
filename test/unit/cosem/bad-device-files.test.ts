import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeviceFileError, loadDeviceFile, parseDeviceFile } from '../../../src-main/sim/device-model/index';
import { REPO_ROOT } from '../../support/vectors';

const PATH = resolve(REPO_ROOT, 'assets/devices/elster-ip-module.json');
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function good(): Json {
  return JSON.parse(readFileSync(PATH, 'utf8')) as Json;
}
function objectIndex(f: Json, obis: string): number {
  return (f.objects as Json[]).findIndex((o) => o.obis === obis);
}
function errorOf(f: Json): DeviceFileError {
  try {
    parseDeviceFile(f, 'test.json');
  } catch (e) {
    if (e instanceof DeviceFileError) return e;
    throw e;
  }
  throw new Error('the device file was accepted');
}

describe('bad device files name the JSON path', () => {
  const cases: [string, (f: Json) => void, string, RegExp][] = [
    ['wrong format tag', (f) => (f.format = 'x'), '$.format', /meterscope-device\/1/],
    ['bad OBIS text', (f) => (f.objects[3].obis = '1-0:1.8'), '$.objects[3].obis', /OBIS/],
    ['integer out of range', (f) => (f.objects[objectIndex(f, '0-0:25.0.0.255')].attributes['2'] = { 'long-unsigned': 70000 }), `$.objects[${objectIndex(good(), '0-0:25.0.0.255')}].attributes.2.long-unsigned`, /outside long-unsigned range/],
    ['unknown value type', (f) => (f.objects[0].attributes['2'] = { 'octet-strin': '00' }), '$.objects[0].attributes.2', /unknown type/],
    ['a value with two keys', (f) => (f.objects[0].attributes['2'] = { unsigned: 1, enum: 2 }), '$.objects[0].attributes.2', /exactly one key/],
    ['deep inside a structure', (f) => (f.objects[objectIndex(f, '0-0:25.9.0.255')].attributes['3'].structure[1] = { 'octet-string': 'XYZ' }), `$.objects[${objectIndex(good(), '0-0:25.9.0.255')}].attributes.3.structure[1].octet-string`, /hex/],
    ['value of the wrong type for the attribute', (f) => (f.objects[objectIndex(f, '1-0:1.8.0.255')].attributes['3'] = { structure: [{ integer: 0 }, { unsigned: 30 }] }), `$.objects[${objectIndex(good(), '1-0:1.8.0.255')}].attributes.3`, /scaler_unit: \.unit: expected enum/],
    ['attribute the class does not have', (f) => (f.objects[objectIndex(f, '1-0:1.8.0.255')].attributes['4'] = { unsigned: 0 }), `$.objects[${objectIndex(good(), '1-0:1.8.0.255')}].attributes.4`, /Register has no attribute 4/],
    ['unknown class version', (f) => (f.objects[0].version = 9), '$.objects[0].version', /no descriptor for class 1 version 9/],
    ['duplicate OBIS', (f) => (f.objects[1].obis = f.objects[0].obis), '$.objects[1].obis', /duplicate object/],
    ['invalid calendar date', (f) => (f.objects[objectIndex(f, '0-0:1.0.0.255')].attributes['2'] = { 'octet-string': { 'date-time': '2025-02-30T00:00:00Z' } }), `$.objects[${objectIndex(good(), '0-0:1.0.0.255')}].attributes.2.octet-string.date-time`, /not a calendar date/],
    ['system title of another manufacturer', (f) => (f.identity.systemTitle = '4D53430000000001'), '$.identity.systemTitle', /manufacturer id 'ELS'/],
    ['key of the wrong length', (f) => (f.security.keySets.default.ek = '0001'), '$.security.keySets.default.ek', /16 bytes/],
    ['unknown conformance bit', (f) => f.associations[0].conformance.push('get-with-list'), '$.associations[0].conformance[11]', /./],
    ['association object missing', (f) => (f.associations[0].logicalName = '0-0:40.0.9.255'), '$.associations[0].logicalName', /no object 0-0:40.0.9.255/],
    ['missing key set', (f) => (f.associations[0].security.keys = 'other'), '$.associations[0].security.keys', /no key set 'other'/],
    ['ciphering policy without a ciphered context', (f) => (f.associations[0].security.policy = 3), '$.associations[0].security.policy', /with-ciphering/],
    ['LLS without password', (f) => (f.associations[0].authentication.mechanism = 1), '$.associations[0].authentication.password', /needs a password/],
    ['generator on a non-profile object', (f) => (f.generators[0].profile = '0-0:1.0.0.255'), '$.generators[0].profile', /class 8, expected class 7/],
    ['generator off the capture boundary', (f) => (f.generators[0].start = '2016-03-01T00:00:07Z'), '$.generators[0].start', /capture boundary/],
  ];
  it.each(cases)('%s', (_, mutate, path, message) => {
    const f = good();
    mutate(f);
    const e = errorOf(f);
    expect(e.jsonPath).toBe(path);
    expect(e.detail).toMatch(message);
    expect(e.message).toContain('test.json');
  });

  it('names the file for unreadable and non-JSON files', () => {
    expect(() => loadDeviceFile('/nonexistent/meter.json')).toThrow(/\/nonexistent\/meter\.json: \$: cannot read/);
    expect(() => loadDeviceFile(resolve(REPO_ROOT, 'package.json'))).toThrow(DeviceFileError);
  });

  it('accepts the untouched file (the cases above fail only for their change)', () => {
    expect(() => parseDeviceFile(good(), 'test.json')).not.toThrow();
  });
});
