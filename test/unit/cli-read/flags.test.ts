import { describe, expect, it } from 'vitest';
import { parseAuthentication, parseObisIndex, parseSecurity, parseSerial, parseSystemTitle, settingsFromFlags } from '../../../src-main/cli/connection-flags';
import { UsageError } from '../../../src-main/cli/command';
import { deviceSettings } from '../../../src-shared/settings';
import { parseValue } from '../../../src-main/cli/set';

describe('Gurux-style connection flags', () => {
  it('maps a GuruxDlmsSample command line onto DeviceSettings', () => {
    const s = deviceSettings(
      settingsFromFlags({
        host: '10.0.0.5',
        port: '4060',
        interface: 'WRAPPER',
        client: '1',
        server: '1',
        auth: 'HighGmac',
        security: 'AuthenticationEncryption',
        'system-title': '4775727578313233',
        'auth-key': 'D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF',
        'block-cipher-key': '000102030405060708090A0B0C0D0E0F',
        'trace-level': 'Verbose',
        referencing: 'LN',
      }),
    );
    expect(s).toMatchObject({
      host: '10.0.0.5',
      port: 4060,
      interface: 'wrapper-tcp',
      clientAddress: 1,
      serverLogicalAddress: 1,
      authentication: 'high-gmac',
      securityPolicy: 'authenticated-encrypted',
      cipherInitiateRequest: true,
      clientSystemTitle: { encoding: 'hex', text: '4775727578313233' },
      referencing: 'ln',
    });
  });

  it('accepts the value names case-insensitively', () => {
    for (const [text, want] of [['HighGmac', 'high-gmac'], ['highgmac', 'high-gmac'], ['HIGH_SHA256', 'high-sha256'], ['Low', 'low'], ['None', 'none'], ['HighMd5', 'high-md5'], ['high-ecdsa', 'high-ecdsa']] as const) {
      expect(parseAuthentication(text)).toBe(want);
    }
    for (const [text, want] of [['AuthenticationEncryption', 'authenticated-encrypted'], ['authentication', 'authenticated'], ['Encryption', 'encrypted'], ['encrypted', 'encrypted'], ['NONE', 'none']] as const) {
      expect(parseSecurity(text)).toBe(want);
    }
    expect(() => parseAuthentication('HighSha512')).toThrow(UsageError);
    expect(() => parseSecurity('Signed')).toThrow(UsageError);
  });

  it('defaults are the simulator: wrapper 127.0.0.1:4059, client 16, server 1, no security', () => {
    const s = deviceSettings(settingsFromFlags({}));
    expect(s).toMatchObject({ interface: 'wrapper-tcp', host: '127.0.0.1', port: 4059, clientAddress: 16, serverLogicalAddress: 1, authentication: 'none', securityPolicy: 'none', cipherInitiateRequest: false });
  });

  it('-s alone is the logical device; with -l it is the physical address (GetServerAddress)', () => {
    expect(settingsFromFlags({ server: '1' })).toMatchObject({ serverLogicalAddress: 1 });
    expect(settingsFromFlags({ server: '17', logical: '1', interface: 'HDLC' })).toMatchObject({ serverLogicalAddress: 1, serverPhysicalAddress: 17, interface: 'hdlc-tcp' });
    expect(settingsFromFlags({ udp: true })).toMatchObject({ interface: 'wrapper-udp' });
    expect(settingsFromFlags({ interface: 'HdlcWithModeE', serial: '/dev/ttyUSB0' })).toMatchObject({ interface: 'hdlc-mode-e', serial: { path: '/dev/ttyUSB0' } });
  });

  it('serial ports in the Gurux form COM1:9600:8None1', () => {
    expect(parseSerial('COM1:9600:8None1')).toEqual({ path: 'COM1', baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 });
    expect(parseSerial('/dev/ttyS0:300:7Even1')).toEqual({ path: '/dev/ttyS0', baudRate: 300, dataBits: 7, parity: 'even', stopBits: 1 });
    expect(parseSerial('/dev/ttyUSB1')).toEqual({ path: '/dev/ttyUSB1' });
    expect(settingsFromFlags({ serial: 'COM3:19200:8None1' })).toMatchObject({ interface: 'hdlc-serial', serial: { path: 'COM3', baudRate: 19200 } });
  });

  it('system titles as hex or 8 ASCII characters; keys and numbers are checked', () => {
    expect(parseSystemTitle('454C531111111111', '-T')).toEqual({ encoding: 'hex', text: '454C531111111111' });
    expect(parseSystemTitle('ELS-0000', '-T')).toEqual({ encoding: 'ascii', text: 'ELS-0000' });
    expect(parseSystemTitle('ascii:12345678', '-T')).toEqual({ encoding: 'ascii', text: '12345678' });
    expect(() => parseSystemTitle('ELS', '-T')).toThrow(/16 hex digits or 8 ASCII/);
    expect(() => settingsFromFlags({ 'auth-key': '0011' })).toThrow(/32 hex digits/);
    expect(() => settingsFromFlags({ port: '70000' })).toThrow(/--port/);
    expect(() => settingsFromFlags({ client: 'sixteen' })).toThrow(/--client/);
  });

  it('--no-gbt clears only the general-block-transfer bit (seed: 0x603EDD -> 0x403EDD)', () => {
    expect(settingsFromFlags({ 'no-gbt': true }).proposedConformance).toBe(0x403edd);
    expect(settingsFromFlags({ conformance: '0x603EDD', 'no-gbt': true }).proposedConformance).toBe(0x403edd);
    expect(settingsFromFlags({ 'invocation-counter': '0.0.43.1.1.255' })).toMatchObject({ invocationCounterSource: 'read', invocationCounterObis: '0.0.43.1.1.255' });
    expect(settingsFromFlags({ security: 'Authentication', 'plain-initiate': true }).cipherInitiateRequest).toBe(false);
  });

  it('OBIS:index references and typed values', () => {
    expect(parseObisIndex('1-0:1.8.0.255:2')).toEqual({ obis: '1-0:1.8.0.255', index: 2 });
    expect(parseObisIndex('0.0.1.0.0.255:2')).toEqual({ obis: '0.0.1.0.0.255', index: 2 });
    expect(() => parseObisIndex('1-0:1.8.0.255')).toThrow(UsageError);
    expect(parseValue('{"long-unsigned":5}', undefined)).toEqual({ type: 'long-unsigned', value: 5 });
    expect(parseValue('{"structure":[{"unsigned":1},{"enum":2}]}', undefined)).toEqual({ type: 'structure', items: [{ type: 'unsigned', value: 1 }, { type: 'enum', value: 2 }] });
    expect(parseValue('{"octet-string":"0102"}', undefined)).toEqual({ type: 'octet-string', value: Uint8Array.of(1, 2) });
    expect(parseValue('{"type":"long","value":-3}', undefined)).toEqual({ type: 'long', value: -3 });
    expect(parseValue('7', 'enum')).toEqual({ type: 'enum', value: 7 });
    expect(parseValue('abc', 'visible-string')).toEqual({ type: 'visible-string', value: Uint8Array.of(0x61, 0x62, 0x63) });
    expect(parseValue('true', 'boolean')).toEqual({ type: 'boolean', value: true });
    expect(() => parseValue('300', 'unsigned')).toThrow(/range 0..255/);
    expect(() => parseValue('5', undefined)).toThrow(/write it as JSON/);
    expect(() => parseValue('{"unsigned":1,"enum":2}', undefined)).toThrow(UsageError);
  });
});

describe('--max-list-items', () => {
  it('sets maxListItems (0 = no count cap); the default stays the settings default', () => {
    expect(deviceSettings(settingsFromFlags({ 'max-list-items': '3' })).maxListItems).toBe(3);
    expect(deviceSettings(settingsFromFlags({ 'max-list-items': '0' })).maxListItems).toBe(0);
    expect(deviceSettings(settingsFromFlags({})).maxListItems).toBe(deviceSettings().maxListItems);
    expect(() => settingsFromFlags({ 'max-list-items': '-1' })).toThrow(UsageError);
    expect(() => settingsFromFlags({ 'max-list-items': '65536' })).toThrow(/--max-list-items must be a whole number 0..65535/);
  });
});
