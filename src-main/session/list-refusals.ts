// Meters that refused a GET/SET with-list request as a whole. The engine then reads the list one
// attribute at a time and sends no more lists on that association; a Session remembers the meter
// here (in memory, for its own life) so that the next association with it, after a reconnect,
// starts one by one instead of making the meter refuse (or choke on) a list again.
//
// A meter is its transport endpoint and its server address: host:port (or the serial port) with
// the wrapper's server wPort, or the HDLC server's logical and physical address. The client
// address is no part of it: whether lists work is the meter's implementation, not the client's.

import type { DeviceSettings } from '../../src-shared/settings';
import { assertNever } from '../dlms/errors';

/** The meter the settings address, as a key: 'wrapper-tcp 10.0.0.5:4059 server 1'. */
export function meterKey(s: DeviceSettings): string {
  switch (s.interface) {
    case 'wrapper-tcp':
    case 'wrapper-udp':
      return `${s.interface} ${hostPort(s.host, s.port)} server ${s.serverLogicalAddress}`;
    case 'hdlc-tcp':
      return `${s.interface} ${hostPort(s.host, s.port)} server ${s.serverLogicalAddress}/${s.serverPhysicalAddress}`;
    case 'hdlc-serial':
    case 'hdlc-mode-e':
      return `${s.interface} ${s.serial?.path ?? '(no port)'} server ${s.serverLogicalAddress}/${s.serverPhysicalAddress}`;
    default:
      return assertNever(s.interface, 'interface');
  }
}

function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** The meters known to refuse lists. One per Session by default; a caller may share one. */
export class ListRefusals {
  private readonly meters = new Set<string>();

  has(key: string): boolean {
    return this.meters.has(key);
  }

  remember(key: string): void {
    this.meters.add(key);
  }
}
