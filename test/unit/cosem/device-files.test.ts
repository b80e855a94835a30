import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { conformanceToNames } from '../../../src-shared/cosem/device-file';
import { fromHex, toHex } from '../../../src-shared/hex';
import { encodedLength, loadDeviceFile, objectListData, parseDeviceFile, type DeviceModel } from '../../../src-main/sim/device-model/index';
import { REPO_ROOT, seedVector } from '../../support/vectors';

const DEVICES = resolve(REPO_ROOT, 'assets/devices');
const EK = '000102030405060708090A0B0C0D0E0F';
const AK = 'D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF';

function value(m: DeviceModel, obis: string, attr: number) {
  const v = m.getObject(obis)?.get(attr);
  if (!v) throw new Error(`no ${obis} attribute ${attr}`);
  return v;
}

describe('assets/devices/residential-meter.json', () => {
  let m: DeviceModel;
  beforeAll(() => {
    m = loadDeviceFile(resolve(DEVICES, 'residential-meter.json'));
  });

  it('has the MSC identity and the wrapper/HDLC addresses', () => {
    expect(String.fromCharCode(...m.identity.systemTitle.subarray(0, 3))).toBe('MSC');
    expect(m.addressing.wrapper.serverWPort).toBe(1);
    expect(value(m, '0-0:42.0.0.255', 2)).toEqual({ type: 'octet-string', value: m.identity.logicalDeviceName });
  });

  it('has the listed objects with their classes', () => {
    const expected: [string, number][] = [
      ['0-0:1.0.0.255', 8], ['1-0:0.2.0.255', 1], ['1-0:1.8.0.255', 3], ['1-0:1.8.1.255', 3], ['1-0:1.8.2.255', 3], ['1-0:2.8.0.255', 3],
      ['1-0:3.8.0.255', 3], ['1-0:32.7.0.255', 3], ['1-0:52.7.0.255', 3], ['1-0:72.7.0.255', 3], ['1-0:31.7.0.255', 3], ['1-0:21.7.0.255', 3],
      ['1-0:1.4.0.255', 5], ['1-0:99.1.0.255', 7], ['0-0:99.98.0.255', 7], ['0-0:96.3.10.255', 70], ['0-0:43.0.0.255', 64],
      ['0-0:43.0.1.255', 64], ['0-0:43.1.1.255', 1], ['0-0:40.0.1.255', 15], ['0-0:40.0.3.255', 15], ['0-0:41.0.0.255', 17],
      ['0-0:22.0.0.255', 23], ['0-0:25.0.0.255', 41], ['0-0:25.9.0.255', 40],
    ];
    for (const [obis, classId] of expected) expect(m.getObject(obis)?.classId, obis).toBe(classId);
    expect(m.getObject('1.0.1.8.0.255')).toBe(m.getObject('1-0:1.8.0*255'));
    expect(m.getObject(fromHex('000060030AFF'))?.classId).toBe(70);
    expect(m.objectsOfClass(15)).toHaveLength(4);
  });

  it('gives registers their scaler and unit (voltage 230.1 V = 2301 × 10^-1 V)', () => {
    expect(value(m, '1-0:32.7.0.255', 2)).toEqual({ type: 'long-unsigned', value: 2301 });
    expect(value(m, '1-0:32.7.0.255', 3)).toEqual({ type: 'structure', items: [{ type: 'integer', value: -1 }, { type: 'enum', value: 35 }] });
    expect(value(m, '1-0:1.8.0.255', 3)).toEqual({ type: 'structure', items: [{ type: 'integer', value: 0 }, { type: 'enum', value: 30 }] });
  });

  it('has the three IDIS associations: public, reader (LLS), management (HLS-GMAC, ciphered)', () => {
    const pub = m.associationForClient(16)!;
    expect([pub.mechanism, pub.securityPolicy, pub.applicationContext]).toEqual([0, 0, 'logical-name']);
    const reader = m.associationForClient(32)!;
    expect(reader.mechanism).toBe(1);
    expect(String.fromCharCode(...reader.password!)).toBe('12345678');
    const mgmt = m.associationForClient(1)!;
    expect(mgmt.mechanismName).toBe('high-level-security-GMAC');
    expect([mgmt.mechanism, mgmt.securityPolicy, mgmt.securitySuite, mgmt.applicationContextId]).toEqual([5, 3, 0, 3]);
    expect([toHex(mgmt.keys.ek), toHex(mgmt.keys.ak)]).toEqual([EK, AK]);
    expect(m.associationForClient(99)).toBeUndefined();
  });

  it('applies access rights: the public client reads a few objects and calls nothing', () => {
    const pub = m.associationForClient(16)!;
    const clock = m.getObject('0-0:1.0.0.255')!;
    const breaker = m.getObject('0-0:96.3.10.255')!;
    expect(pub.attributeAccess(clock, 2)).toBe('read-only');
    expect(pub.attributeAccess(breaker, 2)).toBe('no-access');
    const mgmt = m.associationForClient(1)!;
    expect(mgmt.attributeAccess(clock, 2)).toBe('read-and-write');
    expect(mgmt.methodAccess(breaker, 1)).toBe('access');
    expect(mgmt.attributeAccess(breaker, 4)).toBe('read-and-write');
    expect(m.associationForClient(32)!.methodAccess(breaker, 1)).toBe('no-access');
  });

  it('serves the Association LN attributes from the association (object list, context, mechanism)', () => {
    const aln = m.getObject('0-0:40.0.3.255')!;
    const list = aln.get(2)!;
    expect(list.type === 'array' && list.items.length).toBe(m.objects.length);
    // 2.16.756.5.8.1.3 = LN with ciphering, 2.16.756.5.8.2.5 = GMAC
    expect(aln.get(4)).toEqual({ type: 'octet-string', value: fromHex('60857405080103') });
    expect(aln.get(6)).toEqual({ type: 'octet-string', value: fromHex('60857405080205') });
    const pubList = m.getObject('0-0:40.0.1.255')!.get(2)!;
    expect(pubList.type === 'array' && pubList.items.length).toBe(7);
  });

  it('keeps an event log with events', () => {
    const log = value(m, '0-0:99.98.0.255', 2);
    expect(log.type === 'array' && log.items.length).toBeGreaterThanOrEqual(5);
  });
});

describe('assets/devices/elster-ip-module.json (the seed thread)', () => {
  let m: DeviceModel;
  beforeAll(() => {
    m = loadDeviceFile(resolve(DEVICES, 'elster-ip-module.json'));
  });

  it('answers as the module in the seed AARE: system title, conformance, max PDU', () => {
    const aare = seedVector('vendor-aare-auth-required');
    // responding-AP-title A4 0A 04 08 <system title>
    const title = /a40a0408([0-9a-f]{16})/.exec(aare.hex)![1]!;
    expect(toHex(m.identity.systemTitle)).toBe(title.toUpperCase());
    expect(String.fromCharCode(...m.identity.systemTitle.subarray(0, 3))).toBe('ELS');
    const mgmt = m.associationForClient(1)!;
    // InitiateResponse: 5F1F 04 00 <conformance 3 bytes> <server max receive PDU 2 bytes>
    const ir = /5f1f0400([0-9a-f]{6})([0-9a-f]{4})/.exec(aare.hex)!;
    expect(mgmt.conformance).toBe(parseInt(ir[1]!, 16));
    expect(mgmt.conformance).toBe(0x403add);
    expect(mgmt.maxPduSize).toBe(parseInt(ir[2]!, 16));
    expect(mgmt.conformanceNames).not.toContain('general-block-transfer');
    expect(conformanceToNames(0x403add)).toEqual([...mgmt.conformanceNames]);
  });

  it('is management client 1 on server wPort 1, HLS-GMAC, security policy 0, LN only, default keys', () => {
    expect(m.associations).toHaveLength(1);
    const a = m.associations[0]!;
    expect([a.clientAddress, m.addressing.wrapper.serverWPort, a.mechanism, a.securityPolicy, a.applicationContext]).toEqual([1, 1, 5, 0, 'logical-name']);
    expect([toHex(a.keys.ek), toHex(a.keys.ak)]).toEqual([EK, AK]);
    expect(m.objects.every((o) => o.baseName === undefined)).toBe(true);
  });

  it('has an object list longer than the negotiated PDU, so reading it needs block transfer', () => {
    const a = m.associationForClient(1)!;
    expect(encodedLength(objectListData(a))).toBeGreaterThan(a.maxPduSize);
  });
});

describe('both device files', () => {
  it('parse from JSON text as well as from a path, to the same model', () => {
    for (const f of ['residential-meter.json', 'elster-ip-module.json']) {
      const path = resolve(DEVICES, f);
      const a = parseDeviceFile(JSON.parse(readFileSync(path, 'utf8')));
      const b = loadDeviceFile(path);
      expect(a.objects.map((o) => o.obis)).toEqual(b.objects.map((o) => o.obis));
      expect(a.associations.map((x) => x.conformance)).toEqual(b.associations.map((x) => x.conformance));
    }
  });
});
