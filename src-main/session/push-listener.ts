// Listening for pushes (Green Book 9.3.11 / IDIS push): meters open a TCP connection or send UDP
// datagrams to the head end carrying wrapper frames with a DataNotification (or an
// EventNotificationRequest / InformationReportRequest), usually ciphered (general-glo-ciphering,
// which names the sender's system title, or a service-specific envelope with the meter's system
// title from the settings). Each push is opened with the configured keys, checked against replay
// (the invocation counter must grow per system title) and emitted decoded.

import { createServer, type Server, type Socket } from 'node:net';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { decodeApduBytes, type Apdu } from '../dlms/apdu';
import { DlmsDecodeError } from '../dlms/errors';
import { WrapperDeframer } from '../dlms/framing/wrapper';
import { openCipheredApdu, type CipheringKeys } from '../dlms/security/gcm';
import type { NotificationApdu } from '../dlms/xdlms/notification';
import { fromHex, toHex } from '../../src-shared/hex';
import { Listeners } from '../transport/types';

export interface PushKeys {
  /** Global unicast encryption key, hex. */
  ek?: string;
  /** Authentication key, hex. */
  ak?: string;
  /** Broadcast key, hex. */
  broadcastEk?: string;
  /** The meter's system title (hex) for envelopes that carry none. */
  serverSystemTitle?: string;
}

export interface PushMessage {
  /** ms since the epoch when it arrived. */
  at: number;
  from: { address: string; port: number };
  sourceWPort: number;
  destinationWPort: number;
  notification: NotificationApdu;
  /** The plain APDU (after deciphering). */
  apdu: Uint8Array;
  /** Present when the push was ciphered. */
  security?: { securityControl: number; invocationCounter: number; systemTitle: string; key: string };
}

export interface PushListenerOptions {
  transport: 'tcp' | 'udp';
  port: number;
  host?: string;
  keys?: PushKeys;
  now?: () => number;
}

export interface PushListener {
  readonly port: number;
  onPush(fn: (m: PushMessage) => void): () => void;
  /** Pushes that could not be read (no key, failed tag, replayed counter, not a notification). */
  onError(fn: (e: { from: { address: string; port: number }; message: string }) => void): () => void;
  close(): Promise<void>;
}

const NOTIFICATION_TYPES = new Set<Apdu['type']>(['data-notification', 'event-notification-request', 'information-report-request']);

export async function listenForPushes(opts: PushListenerOptions): Promise<PushListener> {
  const pushes = new Listeners<PushMessage>();
  const errors = new Listeners<{ from: { address: string; port: number }; message: string }>();
  const now = opts.now ?? Date.now;
  const k = opts.keys ?? {};
  const keys: CipheringKeys = {};
  if (k.ek) keys.ek = fromHex(k.ek);
  if (k.ak) keys.ak = fromHex(k.ak);
  if (k.broadcastEk) keys.broadcastEk = fromHex(k.broadcastEk);
  if (k.serverSystemTitle) keys.systemTitle = fromHex(k.serverSystemTitle);
  const lastCounter = new Map<string, number>();

  const handle = (from: { address: string; port: number }, sourceWPort: number, destinationWPort: number, bytes: Uint8Array): void => {
    try {
      let apdu = decodeApduBytes(bytes);
      let plain = bytes;
      let security: PushMessage['security'];
      if (apdu.type === 'ciphered') {
        const opened = openCipheredApdu(apdu.apdu, keys);
        const st = toHex(opened.systemTitle);
        const last = lastCounter.get(st);
        if (last !== undefined && opened.invocationCounter <= last) throw new Error(`replayed invocation counter ${opened.invocationCounter} from ${st} (last ${last})`);
        lastCounter.set(st, opened.invocationCounter);
        plain = opened.plaintext;
        apdu = decodeApduBytes(plain);
        security = { securityControl: opened.securityControl, invocationCounter: opened.invocationCounter, systemTitle: st, key: opened.key };
      }
      if (!NOTIFICATION_TYPES.has(apdu.type)) throw new Error(`${apdu.type} is not a push notification`);
      const m: PushMessage = { at: now(), from, sourceWPort, destinationWPort, notification: apdu as NotificationApdu, apdu: plain };
      if (security) m.security = security;
      pushes.emit(m);
    } catch (e) {
      const msg = e instanceof DlmsDecodeError ? `push did not decode or open: ${e.message}` : (e as Error).message;
      errors.emit({ from, message: msg });
    }
  };

  const host = opts.host ?? '0.0.0.0';
  if (opts.transport === 'tcp') {
    const sockets = new Set<Socket>();
    const server: Server = createServer((socket) => {
      sockets.add(socket);
      const from = { address: socket.remoteAddress ?? '?', port: socket.remotePort ?? 0 };
      const deframer = new WrapperDeframer();
      socket.on('data', (b: Buffer) => {
        for (const f of deframer.push(new Uint8Array(b.buffer, b.byteOffset, b.length))) handle(from, f.header.sourceWPort, f.header.destinationWPort, f.apdu);
      });
      socket.on('error', () => socket.destroy());
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port, host, () => resolve());
    });
    return {
      port: (server.address() as { port: number }).port,
      onPush: (fn) => pushes.add(fn),
      onError: (fn) => errors.add(fn),
      close: () =>
        new Promise<void>((resolve) => {
          for (const s of sockets) s.destroy();
          server.close(() => resolve());
        }),
    };
  }
  const socket: UdpSocket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  socket.on('message', (msg: Buffer, rinfo) => {
    const from = { address: rinfo.address, port: rinfo.port };
    const frames = new WrapperDeframer().push(new Uint8Array(msg.buffer, msg.byteOffset, msg.length));
    if (frames.length === 0) errors.emit({ from, message: 'datagram holds no wrapper frame' });
    for (const f of frames) handle(from, f.header.sourceWPort, f.header.destinationWPort, f.apdu);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(opts.port, host, () => resolve());
  });
  return {
    port: socket.address().port,
    onPush: (fn) => pushes.add(fn),
    onError: (fn) => errors.add(fn),
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
