// The transport the settings describe: TCP for the wrapper and for HDLC over TCP, UDP for the
// wrapper over UDP, a serial port for HDLC (and mode E, where the port starts at 300 Bd 7E1).

import type { DeviceSettings } from '../../src-shared/settings';
import { assertNever } from '../dlms/errors';
import { SerialTransport, type SerialPortFactory } from '../transport/serial';
import { TcpTransport } from '../transport/tcp';
import type { Transport } from '../transport/types';
import { TransportError } from '../transport/types';
import { UdpTransport } from '../transport/udp';

export function createTransport(s: DeviceSettings, opts: { serialFactory?: SerialPortFactory } = {}): Transport {
  const connectTimeoutMs = s.timeouts.connectMs;
  switch (s.interface) {
    case 'wrapper-tcp':
    case 'hdlc-tcp':
      return new TcpTransport({ host: s.host, port: s.port, connectTimeoutMs });
    case 'wrapper-udp':
      return new UdpTransport({ host: s.host, port: s.port, connectTimeoutMs });
    case 'hdlc-serial':
    case 'hdlc-mode-e': {
      if (!s.serial) throw new TransportError('unavailable', `interface ${s.interface} needs a serial port (settings.serial.path)`);
      const f = s.serial;
      const base = { path: f.path, connectTimeoutMs, ...(opts.serialFactory ? { factory: opts.serialFactory } : {}) };
      // Mode E opens at the sign-on's 300 Bd 7E1; the sign-on switches to the announced rate.
      return s.interface === 'hdlc-mode-e'
        ? new SerialTransport({ ...base, baudRate: 300, dataBits: 7, parity: 'even', stopBits: 1 })
        : new SerialTransport({ ...base, baudRate: f.baudRate, dataBits: f.dataBits, parity: f.parity, stopBits: f.stopBits });
    }
    default:
      return assertNever(s.interface, 'interface');
  }
}
