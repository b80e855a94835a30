// Serial transport through `serialport` 13: HDLC on RS-485/RS-232 or an optical probe. The port's
// character format (baud rate, data bits, parity, stop bits) can be changed while the transport
// stays open (reconfigure), which the IEC 62056-21 mode E sign-on needs (300 Bd 7E1, then 8N1 at
// the announced rate). serialport's update() only changes the baud rate, so a format change
// closes and reopens the port without reporting a close to the session.
// The native binding is loaded lazily: the CLI and the tests run where it is missing.

import { readdir } from 'node:fs/promises';
import { BaseTransport } from './base';
import { TransportError } from './types';

export interface SerialFormat {
  baudRate: number;
  dataBits: 7 | 8;
  parity: 'none' | 'even' | 'odd';
  stopBits: 1 | 2;
}

export interface SerialOpenOptions extends SerialFormat {
  path: string;
  autoOpen: false;
}

/** The part of a serialport SerialPortStream this transport uses (SerialPortMock fits too). */
export interface SerialPortLike {
  readonly isOpen: boolean;
  open(cb: (err: Error | null) => void): void;
  close(cb?: (err: Error | null) => void): void;
  write(data: Uint8Array): boolean;
  drain(cb: (err: Error | null) => void): void;
  on(event: 'data', fn: (b: Buffer) => void): unknown;
  on(event: 'close' | 'error', fn: (e?: Error) => void): unknown;
  removeAllListeners(event?: string): unknown;
}

export type SerialPortFactory = (opts: SerialOpenOptions) => SerialPortLike;

export interface SerialTransportOptions extends Partial<SerialFormat> {
  path: string;
  connectTimeoutMs?: number;
  /** For tests (SerialPortMock) or another binding; default: serialport's SerialPort. */
  factory?: SerialPortFactory;
}

export const formatName = (f: SerialFormat): string => `${f.baudRate} ${f.dataBits}${f.parity[0]!.toUpperCase()}${f.stopBits}`;

async function defaultFactory(): Promise<SerialPortFactory> {
  try {
    const mod = await import('serialport');
    return (opts) => new mod.SerialPort(opts) as unknown as SerialPortLike;
  } catch (e) {
    throw new TransportError('unavailable', `serial ports are not available here (serialport could not be loaded: ${(e as Error).message})`);
  }
}

export class SerialTransport extends BaseTransport {
  readonly kind = 'serial';
  private port: SerialPortLike | undefined;
  private reconfiguring = false;
  private format: SerialFormat;
  private factory: SerialPortFactory | undefined;

  constructor(private readonly opts: SerialTransportOptions) {
    super();
    this.format = { baudRate: opts.baudRate ?? 9600, dataBits: opts.dataBits ?? 8, parity: opts.parity ?? 'none', stopBits: opts.stopBits ?? 1 };
    this.factory = opts.factory;
  }

  get description(): string {
    return `serial ${this.opts.path} ${formatName(this.format)}`;
  }

  get currentFormat(): SerialFormat {
    return { ...this.format };
  }

  async open(signal?: AbortSignal): Promise<void> {
    const refused = this.openRefusal(this.port !== undefined, signal, 'opening');
    if (refused) throw refused;
    this.factory ??= await defaultFactory();
    await this.openPort(signal);
    this.open_ = true;
  }

  private openPort(signal?: AbortSignal): Promise<void> {
    let port: SerialPortLike;
    try {
      port = this.factory!({ path: this.opts.path, ...this.format, autoOpen: false });
    } catch (e) {
      return Promise.reject(new TransportError('io', `${this.description}: ${(e as Error).message}`));
    }
    this.port = port;
    return this.openWithin(
      signal,
      this.opts.connectTimeoutMs ?? 5000,
      { action: 'open', timedOut: (ms) => `port did not open within ${ms} ms` },
      (done) => {
        port.open((err) => {
          if (err) return void done(new TransportError(/not found|ENOENT|No such file/i.test(err.message) ? 'unreachable' : 'io', `${this.description}: ${err.message}`));
          if (done()) this.attach(port);
        });
        return () => undefined;
      },
      () => {
        this.port = undefined;
        if (port.isOpen) port.close();
      },
    );
  }

  private attach(port: SerialPortLike): void {
    port.on('data', (b: Buffer) => {
      if (this.port === port) this.received(b);
    });
    port.on('error', (e) => {
      this.closeInfo ??= { code: 'io', reason: `${this.description}: ${e?.message ?? 'port error'}`, local: false };
    });
    port.on('close', (e) => {
      if (this.port !== port || this.reconfiguring || !this.open_) return;
      this.port = undefined;
      this.ended(
        this.closeInfo ?? (e ? { code: 'closed-by-peer', reason: `${this.description}: the port went away (${e.message})`, local: false } : { code: 'closed', reason: `${this.description}: closed`, local: true }),
      );
    });
  }

  /** Changes the character format; reopens the port (the session sees no close). */
  async reconfigure(format: SerialFormat): Promise<void> {
    if (!this.open_ || !this.port) throw new TransportError('closed', `${this.description}: not open`);
    const f = this.format;
    if (f.baudRate === format.baudRate && f.dataBits === format.dataBits && f.parity === format.parity && f.stopBits === format.stopBits) return;
    const old = this.port;
    this.reconfiguring = true;
    try {
      await new Promise<void>((resolve) => old.drain(() => resolve()));
      await new Promise<void>((resolve) => old.close(() => resolve()));
      old.removeAllListeners();
      this.format = { ...format };
      await this.openPort();
    } catch (e) {
      this.ended({ code: 'io', reason: `${this.description}: could not switch to ${formatName(format)}: ${(e as Error).message}`, local: false });
      throw e;
    } finally {
      this.reconfiguring = false;
    }
  }

  /** Resolves when everything written has left the port. */
  drain(): Promise<void> {
    const port = this.port;
    if (!port) return Promise.resolve();
    return new Promise((resolve) => port.drain(() => resolve()));
  }

  write(bytes: Uint8Array): void {
    if (!this.open_ || !this.port) throw new TransportError('closed', `${this.description}: not open`);
    this.port.write(bytes);
  }

  close(): Promise<void> {
    const port = this.port;
    if (!port || !this.open_) return Promise.resolve();
    const info = (this.closeInfo ??= { code: 'closed', reason: `${this.description}: closed by the client`, local: true });
    return new Promise((resolve) => {
      port.close(() => {
        if (this.open_) this.port = undefined;
        this.ended(info);
        resolve();
      });
    });
  }
}

export interface SerialPortInfo {
  path: string;
  manufacturer?: string;
  serialNumber?: string;
  vendorId?: string;
  productId?: string;
}

/**
 * Serial ports of this machine. serialport's list() runs udevadm on Linux and fails where udev is
 * missing or broken (containers); then the device nodes under /dev are listed instead.
 */
export async function listSerialPorts(opts: { list?: () => Promise<SerialPortInfo[]>; devDir?: string } = {}): Promise<{ ports: SerialPortInfo[]; note?: string }> {
  try {
    const list = opts.list ?? (await import('serialport')).SerialPort.list;
    const ports = await list();
    return { ports: ports.map((p) => ({ ...p })) };
  } catch (e) {
    const devDir = opts.devDir ?? '/dev';
    let names: string[] = [];
    try {
      names = await readdir(devDir);
    } catch {
      // no /dev (Windows without a binding): nothing to list
    }
    const ports = names
      .filter((n) => /^tty(USB|ACM|S|AMA|XRUSB)\d+$|^cu\./.test(n))
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
      .map((n) => ({ path: `${devDir}/${n}` }));
    return { ports, note: `port details unavailable (${(e as Error).message.split('\n')[0]}); listed the device nodes in ${devDir}` };
  }
}
