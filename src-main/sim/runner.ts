// The simulator's I/O: TCP (wrapper or HDLC) and UDP (wrapper) listeners on loopback by default, one
// link and one association engine per connection (per datagram peer for UDP), the faults that need
// time or sockets (delay, drop, corruption), and a trace hook that sees every frame with a timestamp.
//   wrapper: WPDUs to another destination wPort than the device's logical device get no answer (as
//            the seed's Elster module ignored wPort 145); the source wPort is the client address.
//   HDLC:    the server side of framing/hdlc/link.ts with the device's HDLC addresses; the client
//            address is the SNRM's source. The link takes windows of up to 7 I frames; a GBT window
//            streams as several APDUs back to back, each its own HDLC message of one I frame (GBT
//            blocks sized to the max information field), F=1 on the last: the GBT window is at most
//            the negotiated HDLC transmit window, so a whole GBT window fits one poll.
import { createServer, type Server, type Socket } from 'node:net';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { encodeWrapperFrame, WrapperDeframer } from '../dlms/framing/wrapper';
import { HdlcDeframer } from '../dlms/framing/hdlc/deframer';
import { HdlcServerLink } from '../dlms/framing/hdlc/link-server';
import type { HdlcAddress } from '../dlms/framing/hdlc/address';
import type { LinkCommand } from '../dlms/framing/hdlc/link-types';
import { loadDeviceFile, type DeviceModel } from './device-model';
import { AssociationServer, DeviceRuntime, type SimulatorFaults } from './server';

export type SimulatorTransport = 'wrapper-tcp' | 'wrapper-udp' | 'hdlc-tcp';

export interface SimulatorTraceEvent {
  /** Connection number (1, 2, ...) within this simulator. */
  connection: number;
  direction: 'in' | 'out';
  /** ms since the epoch. */
  time: number;
  transport: SimulatorTransport;
  /** One whole frame: a WPDU, or an HDLC frame with its flags. */
  bytes: Uint8Array;
  remote: string;
}

export interface StartSimulatorOptions {
  /** A device file path or a loaded model; default assets/devices/residential-meter.json. */
  device?: string | DeviceModel;
  host?: string;
  /** 0 = any free port; default 4059 (the IANA DLMS/COSEM port). */
  port?: number;
  transport?: SimulatorTransport;
  faults?: SimulatorFaults;
  onTrace?: (e: SimulatorTraceEvent) => void;
  /** Injected for tests; defaults Date.now and crypto.randomBytes. */
  now?: () => number;
  random?: (n: number) => Uint8Array;
}

export interface SimulatorHandle {
  port: number;
  host: string;
  transport: SimulatorTransport;
  device: DeviceModel;
  stop(): Promise<void>;
  setFaults(f: SimulatorFaults): void;
  /** Open connections (TCP) or known peers (UDP). */
  connections(): number;
}

/** The default device file, wherever the code runs from (repo, dist bundle). */
export function defaultDevicePath(): string {
  const rel = 'assets/devices/residential-meter.json';
  const here = typeof __dirname === 'string' ? __dirname : dirname(process.argv[1] ?? '.');
  const candidates = [resolve(process.cwd(), rel), join(here, '..', rel), join(here, '..', '..', rel), join(here, '..', '..', '..', rel)];
  return candidates.find((p) => existsSync(p)) ?? candidates[0]!;
}

interface Conn {
  id: number;
  remote: string;
  write(bytes: Uint8Array): void;
  close(): void;
  sent: number;
  closed: boolean;
  timers: Set<ReturnType<typeof setTimeout>>;
}

export async function startSimulator(options: StartSimulatorOptions = {}): Promise<SimulatorHandle> {
  const device = typeof options.device === 'object' ? options.device : loadDeviceFile(options.device ?? defaultDevicePath());
  const host = options.host ?? '127.0.0.1';
  const transport = options.transport ?? 'wrapper-tcp';
  const now = options.now ?? Date.now;
  const env = { now, random: options.random ?? ((n: number) => new Uint8Array(randomBytes(n))) };
  const runtime = new DeviceRuntime(device, now);
  let faults: SimulatorFaults = { ...options.faults };
  const currentFaults = (): SimulatorFaults => faults;
  const serverWPort = device.addressing.wrapper.serverWPort;
  let nextId = 1;
  const live = new Set<Conn>();

  const trace = (c: Conn, direction: 'in' | 'out', bytes: Uint8Array): void => {
    options.onTrace?.({ connection: c.id, direction, time: now(), transport, bytes, remote: c.remote });
  };

  /** Sends one frame with the delay, corruption and drop faults applied. */
  const sendFrame = (c: Conn, frame: Uint8Array): void => {
    if (c.closed) return;
    const n = ++c.sent;
    let bytes = frame;
    const corrupt = faults.corrupt;
    if (corrupt && corrupt.frame === n && corrupt.byte >= 0 && corrupt.byte < frame.length) {
      bytes = frame.slice();
      bytes[corrupt.byte] = bytes[corrupt.byte]! ^ 0xff;
    }
    const drop = faults.dropAfterFrame === n;
    const go = (): void => {
      if (c.closed) return;
      trace(c, 'out', bytes);
      c.write(bytes);
      if (drop) c.close();
    };
    const delay = faults.delayMs ?? 0;
    if (delay > 0) {
      const t = setTimeout(() => {
        c.timers.delete(t);
        go();
      }, delay);
      c.timers.add(t);
    } else go();
  };

  /** Wrapper: WPDUs in, WPDUs out. */
  const wrapperSession = (c: Conn) => {
    const deframer = new WrapperDeframer();
    let engine: AssociationServer | undefined;
    return (chunk: Uint8Array): void => {
      for (const f of deframer.push(chunk)) {
        trace(c, 'in', encodeWrapperFrame({ sourceWPort: f.header.sourceWPort, destinationWPort: f.header.destinationWPort, apdu: f.apdu }));
        if (f.header.destinationWPort !== serverWPort) continue; // no such logical device: no answer
        if (!engine || engine.clientAddress !== f.header.sourceWPort) engine = new AssociationServer(runtime, f.header.sourceWPort, env, currentFaults, { serverAddress: serverWPort });
        for (const apdu of engine.handle(f.apdu).replies) sendFrame(c, encodeWrapperFrame({ sourceWPort: serverWPort, destinationWPort: f.header.sourceWPort, apdu }));
      }
    };
  };

  /** HDLC: the server link; an association engine per SNRM'd client. */
  const hdlcSession = (c: Conn) => {
    const peek = new HdlcDeframer();
    const { serverLogicalAddress, serverPhysicalAddress } = device.addressing.hdlc;
    let link: HdlcServerLink | undefined;
    let client = 0;
    let engine: AssociationServer | undefined;
    const ours = (a: HdlcAddress): boolean => a.upper === serverLogicalAddress && (a.lower === undefined || a.lower === serverPhysicalAddress);
    const run = (cmds: LinkCommand[]): void => {
      for (const cmd of cmds) {
        switch (cmd.kind) {
          case 'send':
            sendFrame(c, cmd.bytes);
            break;
          case 'connected':
            engine = new AssociationServer(runtime, client, env, currentFaults, {
              maxGbtWindow: cmd.params.windowTransmit,
              maxGbtApdu: cmd.params.maxInfoTransmit - 3, // LLC E6 E7 00
              serverAddress: serverLogicalAddress,
            });
            break;
          case 'apdu': {
            const replies = engine?.handle(cmd.bytes).replies ?? [];
            if (replies.length > 0) run(link!.sendAll(replies));
            break;
          }
          case 'closed':
            engine = undefined;
            break;
          case 'armTimer':
          case 'cancelTimer':
          case 'error':
            break; // no inactivity timeout configured; protocol errors are the client's to see
        }
      }
    };
    return (chunk: Uint8Array): void => {
      for (const e of peek.push(chunk)) {
        if (e.kind !== 'frame') continue;
        trace(c, 'in', Uint8Array.from([0x7e, ...e.bytes, 0x7e]));
        if (e.frame.control.kind === 'SNRM' && ours(e.frame.destination)) {
          client = e.frame.source.upper;
          if (!link || link.state === 'disconnected') link = new HdlcServerLink({ serverAddress: e.frame.destination, params: { windowTransmit: 7, windowReceive: 7 } });
        }
      }
      if (link) run(link.handle({ kind: 'bytesReceived', bytes: chunk }));
    };
  };

  const session = transport === 'hdlc-tcp' ? hdlcSession : wrapperSession;

  if (transport === 'wrapper-udp') {
    const udp: UdpSocket = createSocket('udp4');
    const peers = new Map<string, { conn: Conn; feed: (b: Uint8Array) => void }>();
    udp.on('message', (msg, rinfo) => {
      const key = `${rinfo.address}:${rinfo.port}`;
      let p = peers.get(key);
      if (!p) {
        const conn: Conn = {
          id: nextId++,
          remote: key,
          sent: 0,
          closed: false,
          timers: new Set(),
          write: (b) => udp.send(b, rinfo.port, rinfo.address),
          close: () => {
            conn.closed = true;
            peers.delete(key);
            live.delete(conn);
          },
        };
        p = { conn, feed: session(conn) };
        peers.set(key, p);
        live.add(conn);
      }
      p.feed(new Uint8Array(msg.buffer, msg.byteOffset, msg.length));
    });
    const port = await new Promise<number>((ok, fail) => {
      udp.once('error', fail);
      udp.bind(options.port ?? 4059, host, () => {
        udp.off('error', fail);
        ok(udp.address().port);
      });
    });
    return handle(port, () => new Promise<void>((ok) => udp.close(() => ok())));
  }

  const server: Server = createServer((socket: Socket) => {
    socket.setNoDelay(true);
    const conn: Conn = {
      id: nextId++,
      remote: `${socket.remoteAddress}:${socket.remotePort}`,
      sent: 0,
      closed: false,
      timers: new Set(),
      write: (b) => void socket.write(b),
      close: () => {
        conn.closed = true;
        socket.end();
        socket.destroy();
      },
    };
    live.add(conn);
    const feed = session(conn);
    socket.on('data', (d: Buffer) => feed(new Uint8Array(d.buffer, d.byteOffset, d.length)));
    socket.on('error', () => undefined); // a peer reset is the peer's business
    socket.on('close', () => {
      conn.closed = true;
      for (const t of conn.timers) clearTimeout(t);
      live.delete(conn);
    });
  });
  const port = await new Promise<number>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 4059, host, () => {
      server.off('error', fail);
      const a = server.address();
      ok(typeof a === 'object' && a ? a.port : 0);
    });
  });
  return handle(port, () => new Promise<void>((ok) => server.close(() => ok())));

  function handle(port: number, closeListener: () => Promise<void>): SimulatorHandle {
    return {
      port,
      host,
      transport,
      device,
      setFaults(f) {
        faults = { ...f };
      },
      connections: () => live.size,
      async stop() {
        for (const c of [...live]) {
          for (const t of c.timers) clearTimeout(t);
          c.close();
        }
        live.clear();
        await closeListener();
      },
    };
  }
}
