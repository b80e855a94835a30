import { afterEach, describe, expect, it } from 'vitest';
import { SerialPortMock } from 'serialport';
type MockPortBinding = NonNullable<SerialPortMock['port']>;
import { listSerialPorts, SerialTransport, type SerialOpenOptions, type SerialPortLike } from '../../../src-main/transport/serial';
import { signOnModeE } from '../../../src-main/transport/mode-e';
import type { CloseInfo } from '../../../src-main/transport/types';

const MockBinding = SerialPortMock.binding;
const PATH = '/dev/OPTICAL';
const opened: SerialOpenOptions[] = [];
let current: SerialPortMock | undefined;
const ports: SerialPortMock[] = [];

function factory(opts: SerialOpenOptions): SerialPortLike {
  opened.push({ ...opts });
  current = new SerialPortMock(opts);
  ports.push(current);
  return current as unknown as SerialPortLike;
}
const binding = (): MockPortBinding => current!.port as MockPortBinding;
const ascii = (b: Uint8Array | Buffer): string => String.fromCharCode(...b);

afterEach(() => {
  MockBinding.reset();
  opened.length = 0;
  ports.length = 0;
  current = undefined;
});

describe('SerialTransport', () => {
  it('opens with the given character format, passes bytes both ways and reconfigures without a close', async () => {
    MockBinding.createPort(PATH, { echo: false, record: true });
    const t = new SerialTransport({ path: PATH, baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1, factory });
    const rx: number[] = [];
    const closes: CloseInfo[] = [];
    t.onData((b) => rx.push(...b));
    t.onClose((c) => closes.push(c));
    await t.open();
    expect(t.description).toBe(`serial ${PATH} 9600 8N1`);
    expect(opened[0]).toMatchObject({ path: PATH, baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 });
    t.write(Uint8Array.of(0x7e, 0xa0, 0x7e));
    await t.drain();
    expect([...binding().recording]).toEqual([0x7e, 0xa0, 0x7e]);
    binding().emitData(Buffer.from([1, 2]));
    await expect.poll(() => rx).toEqual([1, 2]);

    await t.reconfigure({ baudRate: 300, dataBits: 7, parity: 'even', stopBits: 1 });
    expect(opened[1]).toMatchObject({ baudRate: 300, dataBits: 7, parity: 'even' });
    expect(t.isOpen).toBe(true);
    expect(closes).toEqual([]);
    binding().emitData(Buffer.from([3]));
    await expect.poll(() => rx).toEqual([1, 2, 3]);

    await t.close();
    expect(closes).toEqual([expect.objectContaining({ local: true })]);
  });

  it('a missing port fails to open with a plain reason', async () => {
    const t = new SerialTransport({ path: '/dev/NOPE', factory });
    await expect(t.open()).rejects.toMatchObject({ name: 'TransportError' });
  });

  it('lists ports; when list() fails (no udevadm) falls back to the device nodes', async () => {
    const ok = await listSerialPorts({ list: async () => [{ path: '/dev/ttyUSB0', manufacturer: 'FTDI' }] });
    expect(ok).toEqual({ ports: [{ path: '/dev/ttyUSB0', manufacturer: 'FTDI' }] });
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(`${tmpdir()}/dev-`);
    for (const n of ['ttyUSB10', 'ttyUSB2', 'ttyS0', 'null', 'ttyACM0', 'tty']) writeFileSync(`${dir}/${n}`, '');
    const fallback = await listSerialPorts({ list: () => Promise.reject(new Error('spawn udevadm ENOENT')), devDir: dir });
    expect(fallback.ports.map((p) => p.path)).toEqual([`${dir}/ttyACM0`, `${dir}/ttyS0`, `${dir}/ttyUSB2`, `${dir}/ttyUSB10`]);
    expect(fallback.note).toContain('udevadm');
  });
});

describe('IEC 62056-21 mode E sign-on', () => {
  it("sends '/?!' at 300 7E1, acknowledges the identification with ACK 2 Z 2 and switches to Z Bd 8N1", async () => {
    MockBinding.createPort(PATH, { echo: false, record: true });
    const t = new SerialTransport({ path: PATH, baudRate: 9600, factory });
    await t.open();
    const signOn = signOnModeE(t, { switchDelayMs: 1 });
    await expect.poll(() => ascii(binding().recording)).toBe('/?!\r\n');
    expect(opened[1]).toMatchObject({ baudRate: 300, dataBits: 7, parity: 'even', stopBits: 1 });
    // The meter: manufacturer MSC, baud character '5' (9600), mode E capability \2.
    binding().emitData(Buffer.from('/MSC5\\2SIM-METER\r\n', 'latin1'));
    const id = await signOn;
    expect(id).toMatchObject({ manufacturer: 'MSC', baudRate: 9600, modeE: true, identification: 'SIM-METER' });
    // The acknowledgement was written at 300 Bd (before the switch): ACK '2' '5' '2' CR LF.
    const signOnPort = ports.at(-2)!;
    expect(opened.at(-2)).toMatchObject({ baudRate: 300, dataBits: 7, parity: 'even' });
    expect(ascii((signOnPort.port as MockPortBinding).recording)).toBe('/?!\r\n\x06252\r\n');
    expect(opened.at(-1)).toMatchObject({ baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 });
    expect(t.currentFormat).toEqual({ baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 });
    await t.close();
  });

  it('no identification before the timeout, or no mode E capability: a clear error', async () => {
    MockBinding.createPort(PATH, { echo: false, record: true });
    const t = new SerialTransport({ path: PATH, factory });
    await t.open();
    await expect(signOnModeE(t, { identificationTimeoutMs: 30 })).rejects.toThrow(/mode E sign-on: no identification message before the timeout/);
    await t.close();

    MockBinding.createPort('/dev/OTHER', { echo: false, record: true });
    const t2 = new SerialTransport({ path: '/dev/OTHER', factory });
    await t2.open();
    const p = signOnModeE(t2, { identificationTimeoutMs: 1000 });
    await expect.poll(() => ascii(binding().recording)).toBe('/?!\r\n');
    binding().emitData(Buffer.from('/ABC5METER\r\n', 'latin1'));
    await expect(p).rejects.toThrow(/does not announce mode E/);
    await t2.close();
  });
});
