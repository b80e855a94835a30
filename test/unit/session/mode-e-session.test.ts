// A Session over an optical probe (interface hdlc-mode-e) with serialport's mock binding: the
// IEC 62056-21 sign-on at 300 Bd 7E1, the switch to the announced rate 8N1, then the HDLC SNRM.
import { afterEach, describe, expect, it } from 'vitest';
import { SerialPortMock } from 'serialport';
import { Session } from '../../../src-main/session/session';
import { SerialTransport, type SerialOpenOptions, type SerialPortLike } from '../../../src-main/transport/serial';
import { createTransport } from '../../../src-main/session/transport-factory';
import { deviceSettings } from '../../../src-shared/settings';
import type { SessionEvent } from '../../../src-main/session/types';
import { TracePrinter } from '../../../src-main/capture/trace-text';
import { toHex } from '../../../src-shared/hex';

type MockPortBinding = NonNullable<SerialPortMock['port']>;
const ports: { opts: SerialOpenOptions; port: SerialPortMock }[] = [];
const factory = (opts: SerialOpenOptions): SerialPortLike => {
  const port = new SerialPortMock(opts);
  ports.push({ opts: { ...opts }, port });
  return port as unknown as SerialPortLike;
};
const recording = (i: number): Buffer => (ports[i]!.port.port as MockPortBinding).recording;

afterEach(() => {
  SerialPortMock.binding.reset();
  ports.length = 0;
});

describe('Session over IEC 62056-21 mode E', () => {
  it('signs on, switches to 9600 8N1 and sends the SNRM; no UA: a link error after the retries', async () => {
    SerialPortMock.binding.createPort('/dev/PROBE', { echo: false, record: true });
    const settings = { interface: 'hdlc-mode-e' as const, serial: { path: '/dev/PROBE', baudRate: 19200 }, timeouts: { connectMs: 1000, responseMs: 100, retries: 0 } };
    const transport = createTransport(deviceSettings(settings), { serialFactory: factory });
    expect(transport).toBeInstanceOf(SerialTransport);
    const s = new Session({ settings, ledger: 'memory', createTransport: () => transport });
    const p = s.connect();
    await expect.poll(() => ports.length > 0 && recording(0).toString('latin1')).toBe('/?!\r\n');
    expect(ports[0]!.opts).toMatchObject({ baudRate: 300, dataBits: 7, parity: 'even', stopBits: 1 });
    (ports[0]!.port.port as MockPortBinding).emitData(Buffer.from('/MSC5\\2SIMULATOR\r\n', 'latin1'));
    const err = await p.catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'SessionError', code: 'link' });
    // the acknowledgement at 300 Bd, then HDLC at the meter's 9600 Bd (below the 19200 allowed)
    expect(recording(0).toString('latin1')).toBe('/?!\r\n\x06252\r\n');
    const hdlc = ports[1]!;
    expect(hdlc.opts).toMatchObject({ baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 });
    const sent = recording(1);
    expect(sent[0]).toBe(0x7e);
    expect(sent[1]! & 0xf0).toBe(0xa0); // frame format type 3
    expect(sent.subarray(3, 6).toString('hex')).toBe('032193'); // server 1, client 16, SNRM with P
    expect(s.state).toBe('closed');
  });

  it('emits the sign-on messages both ways as iec62056-21 frames, then the HDLC frames; the trace numbers them in one list', async () => {
    SerialPortMock.binding.createPort('/dev/PROBE', { echo: false, record: true });
    const settings = { interface: 'hdlc-mode-e' as const, serial: { path: '/dev/PROBE', baudRate: 9600 }, timeouts: { connectMs: 1000, responseMs: 100, retries: 0 } };
    const transport = createTransport(deviceSettings(settings), { serialFactory: factory });
    const s = new Session({ settings, ledger: 'memory', createTransport: () => transport });
    const frames: Extract<SessionEvent, { kind: 'frame' }>[] = [];
    s.on((e) => {
      if (e.kind === 'frame') frames.push(e);
    });
    const p = s.connect();
    await expect.poll(() => ports.length > 0 && recording(0).toString('latin1')).toBe('/?!\r\n');
    // the identification arrives in two reads: one message in the trace
    const binding = ports[0]!.port.port as MockPortBinding;
    binding.emitData(Buffer.from('/MSC5\\2SIM', 'latin1'));
    await new Promise((r) => setTimeout(r, 5));
    binding.emitData(Buffer.from('ULATOR\r\n', 'latin1'));
    await p.catch(() => undefined);
    const latin1 = (b: Uint8Array): string => Buffer.from(b).toString('latin1');
    const signOn = frames.filter((f) => f.layer === 'iec62056-21').map((f) => [f.direction, latin1(f.bytes)]);
    expect(signOn).toEqual([
      ['client->server', '/?!\r\n'],
      ['server->client', '/MSC5\\2SIMULATOR\r\n'],
      ['client->server', '\x06252\r\n'],
    ]);
    // then HDLC: the SNRM, as written to the port at 9600 Bd
    const hdlc = frames.filter((f) => f.layer === 'hdlc');
    expect(hdlc.length).toBeGreaterThanOrEqual(1);
    expect(toHex(hdlc[0]!.bytes)).toBe(toHex(recording(1).subarray(0, hdlc[0]!.bytes.length)));
    expect(frames.findIndex((f) => f.layer === 'hdlc')).toBe(3);

    const printed: string[] = [];
    const printer = new TracePrinter({ layer: 'hdlc', print: (t) => printed.push(t) });
    const entries = frames.flatMap((f) => printer.frame(f));
    expect(entries.map((e) => e.number)).toEqual(entries.map((_e, i) => i + 1));
    expect(entries.slice(0, 4).map((e) => e.layer)).toEqual(['iec62056-21', 'iec62056-21', 'iec62056-21', 'hdlc']);
    expect(entries[0]!.summary).toBe('request message "/?!\\r\\n"');
    expect(entries[1]!.summary).toBe('identification message "/MSC5\\\\2SIMULATOR\\r\\n": manufacturer MSC, up to 9600 Bd, mode E (binary HDLC) supported, identification "SIMULATOR"');
    expect(entries[2]!.summary).toMatch(/^acknowledgement\/option select message ".*": HDLC protocol procedure \(mode E\), 9600 Bd, binary mode$/);
    expect(entries[3]!.summary).toMatch(/SNRM/);
    expect(printed[0]).toMatch(/^#1 \S+Z -> iec62056-21: request message/);
    expect(printed[0]).toContain('  -> 2F 3F 21 0D 0A');
    expect(printed[3]).toMatch(/^#4 \S+Z -> hdlc: .*SNRM/);
  });
});
