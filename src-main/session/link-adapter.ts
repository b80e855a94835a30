// The link layer of a session, behind one sans-I/O interface for both profiles: events in
// (connect, bytesReceived, send, timerExpired, disconnect), commands out (send bytes, arm/cancel
// timers, APDUs, connected/closed/error), the vocabulary of src-main/dlms/framing/hdlc/link-types.
//   - HDLC: the client link of src-main/dlms/framing/hdlc/link.ts (SNRM/UA with the parameters of
//     settings.hdlc, segmentation, RR/RNR, retransmission, keep-alive, DISC) as it is.
//   - Wrapper (IEC 62056-47): no link establishment; each APDU travels in one WPDU from the client
//     wPort (client SAP) to the server wPort (logical device, e.g. 1 for the management device:
//     the seed's meter had only 1, not Gurux's 145). Received WPDUs for other wPorts are reported
//     and dropped.

import type { DeviceSettings } from '../../src-shared/settings';
import { type HdlcAddress, type HdlcAddressSize, serverAddress } from '../dlms/framing/hdlc/address';
import { HdlcClientLink, type LinkCommand, type LinkEvent } from '../dlms/framing/hdlc/link';
import { encodeWrapperFrame, WrapperDeframer } from '../dlms/framing/wrapper';
import { assertNever } from '../dlms/errors';

export interface LinkAdapter {
  readonly profile: 'wrapper' | 'hdlc';
  handle(event: LinkEvent): LinkCommand[];
  /** Largest APDU the link can carry in one go (the wrapper's 16-bit length; HDLC segments anything). */
  readonly maxApdu: number;
}

export class WrapperLink implements LinkAdapter {
  readonly profile = 'wrapper';
  readonly maxApdu = 0xffff;
  private connected = false;
  private readonly deframer: WrapperDeframer;

  constructor(
    readonly clientWPort: number,
    readonly serverWPort: number,
  ) {
    this.deframer = new WrapperDeframer();
  }

  handle(event: LinkEvent): LinkCommand[] {
    switch (event.kind) {
      case 'connect':
        this.connected = true;
        return [{ kind: 'connected', params: { maxInfoTransmit: 0xffff, maxInfoReceive: 0xffff, windowTransmit: 1, windowReceive: 1 } }];
      case 'send':
        if (!this.connected) return [{ kind: 'error', reason: 'wrapper: send before connect', fatal: false }];
        return [{ kind: 'send', bytes: encodeWrapperFrame({ sourceWPort: this.clientWPort, destinationWPort: this.serverWPort, apdu: event.apdu }) }];
      case 'bytesReceived': {
        const out: LinkCommand[] = [];
        for (const e of this.deframer.pushEvents(event.bytes)) {
          if (e.kind === 'garbage') out.push({ kind: 'error', reason: `wrapper: ${e.length} byte(s) that are no WPDU skipped at stream offset ${e.offset}`, fatal: false });
          else if (e.kind === 'error') out.push({ kind: 'error', reason: `wrapper: ${e.message}`, fatal: false });
          else {
            const h = e.frame.header;
            if (h.destinationWPort !== this.clientWPort || h.sourceWPort !== this.serverWPort) {
              out.push({ kind: 'error', reason: `wrapper: WPDU from wPort ${h.sourceWPort} to ${h.destinationWPort} is not for this association (${this.serverWPort} -> ${this.clientWPort}); ignored`, fatal: false });
            } else out.push({ kind: 'apdu', bytes: e.frame.apdu });
          }
        }
        return out;
      }
      case 'timerExpired':
        return [];
      case 'disconnect':
        if (!this.connected) return [];
        this.connected = false;
        return [{ kind: 'closed', reason: 'disconnected' }];
      default:
        return assertNever(event, 'link event');
    }
  }
}

export class HdlcLink implements LinkAdapter {
  readonly profile = 'hdlc';
  readonly maxApdu = 0xffff;
  constructor(readonly link: HdlcClientLink) {}
  handle(event: LinkEvent): LinkCommand[] {
    return this.link.handle(event);
  }
}

/**
 * The HDLC server address of the settings. Size 0 = the smallest that fits: physical address 0
 * (NO_STATION, IEC 62056-46 8.4.2.4) is not sent, so 1 byte; both parts up to 0x7F: 2 bytes; else 4.
 */
export function hdlcServerAddress(s: Pick<DeviceSettings, 'serverLogicalAddress' | 'serverPhysicalAddress' | 'serverAddressSize'>): HdlcAddress {
  const { serverLogicalAddress: logical, serverPhysicalAddress: physical } = s;
  let size: HdlcAddressSize;
  if (s.serverAddressSize !== 0) size = s.serverAddressSize;
  else if (physical === 0 && logical <= 0x7f) size = 1;
  else size = logical <= 0x7f && physical <= 0x7f ? 2 : 4;
  return serverAddress(logical, size === 1 ? undefined : physical, size);
}

/** The link the settings describe. */
export function createLink(s: DeviceSettings): LinkAdapter {
  switch (s.interface) {
    case 'wrapper-tcp':
    case 'wrapper-udp':
      return new WrapperLink(s.clientAddress, s.serverLogicalAddress);
    case 'hdlc-tcp':
    case 'hdlc-serial':
    case 'hdlc-mode-e': {
      const h = s.hdlc;
      const inactivityMs = h.inactivityTimeoutSeconds * 1000;
      return new HdlcLink(
        new HdlcClientLink({
          clientAddress: s.clientAddress,
          serverAddress: hdlcServerAddress(s),
          params: { maxInfoTransmit: h.maxInfoFieldTransmit, maxInfoReceive: h.maxInfoFieldReceive, windowTransmit: h.windowSizeTransmit, windowReceive: h.windowSizeReceive },
          replyTimeoutMs: s.timeouts.responseMs,
          maxRetries: s.timeouts.retries,
          // Poll a little before the meter's inactivity timer would drop the link.
          ...(inactivityMs > 0 ? { keepAliveMs: Math.max(1000, Math.floor(inactivityMs * 0.8)) } : {}),
        }),
      );
    }
    default:
      return assertNever(s.interface, 'interface');
  }
}
