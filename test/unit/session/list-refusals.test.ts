// The key under which a Session remembers a meter that refused lists: its transport endpoint and
// server address, not the client.
import { describe, expect, it } from 'vitest';
import { ListRefusals, meterKey } from '../../../src-main/session/list-refusals';
import { deviceSettings, type DeviceSettingsInput } from '../../../src-shared/settings';

const key = (s: DeviceSettingsInput): string => meterKey(deviceSettings(s));

describe('meterKey', () => {
  it('names the endpoint and the server address the settings address', () => {
    expect(key({ interface: 'wrapper-tcp', host: '10.0.0.5', port: 4059, serverLogicalAddress: 1 })).toBe('wrapper-tcp 10.0.0.5:4059 server 1');
    expect(key({ interface: 'hdlc-tcp', host: 'fe80::1', port: 4060, serverLogicalAddress: 1, serverPhysicalAddress: 17 })).toBe('hdlc-tcp [fe80::1]:4060 server 1/17');
    expect(key({ interface: 'hdlc-serial', serial: { path: '/dev/ttyUSB0' }, serverLogicalAddress: 1, serverPhysicalAddress: 256 })).toBe('hdlc-serial /dev/ttyUSB0 server 1/256');
  });

  it('tells meters apart by host, port, transport and server address; the client does not count', () => {
    const base: DeviceSettingsInput = { interface: 'hdlc-tcp', host: '10.0.0.5', port: 4059, serverLogicalAddress: 1, serverPhysicalAddress: 17, clientAddress: 16 };
    const k = key(base);
    expect(key({ ...base, clientAddress: 1 })).toBe(k);
    for (const other of [{ host: '10.0.0.6' }, { port: 4060 }, { serverLogicalAddress: 2 }, { serverPhysicalAddress: 18 }, { interface: 'wrapper-tcp' as const }]) {
      expect(key({ ...base, ...other })).not.toBe(k);
    }
  });
});

describe('ListRefusals', () => {
  it('remembers the meters it was told of, and only those', () => {
    const r = new ListRefusals();
    expect(r.has('wrapper-tcp 10.0.0.5:4059 server 1')).toBe(false);
    r.remember('wrapper-tcp 10.0.0.5:4059 server 1');
    expect(r.has('wrapper-tcp 10.0.0.5:4059 server 1')).toBe(true);
    expect(r.has('wrapper-tcp 10.0.0.5:4059 server 2')).toBe(false);
  });
});
