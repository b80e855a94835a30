// The connection flags shared by `meterscope read/objects/get/set/action`: long flags in our words
// and the short flags of the Gurux example clients (GuruxDlmsSample), so an engineer's existing
// command line works:  -h host  -p port  -i WRAPPER|HDLC|HdlcWithModeE  -u (UDP)  -S COM1:9600:8None1
// -c client  -s server  -l logical server  -a None|Low|High|HighMd5|HighSha1|HighGmac|HighSha256
// -P password  -C None|Authentication|Encryption|AuthenticationEncryption  -T system title (hex)
// -A authentication key  -B block cipher key  -D dedicated key  -v invocation counter OBIS
// -r LN|SN  -W GBT window  -w HDLC window  -f HDLC frame size  -t trace level (accepted, ignored)
// -g "obis:attr; obis:attr" (read).  Value names are matched case-insensitively, ignoring '-', '_'.
// With Gurux, `-s` is the server address, and with `-l` it becomes the physical address (the
// logical one is `-l`), as GXDLMSClient.GetServerAddress(logical, physical) combines them.
// Defaults are the simulator's (wrapper on 127.0.0.1:4059, client 16, server 1).

import type { Authentication, DeviceSettingsInput, InterfaceType, SecurityPolicy } from '../../src-shared/settings';
import { deviceSettings, DeviceSettingsSchema } from '../../src-shared/settings';
import { conformanceBitValue } from '../../src-shared/cosem/conformance';
import { SessionRecorder } from '../capture/recorder';
import { TracePrinter, traceKeysOf, traceLayerOf } from '../capture/trace-text';
import { InvocationCounterLedger } from '../session/ic-ledger';
import { Session } from '../session/session';
import { SessionError } from '../session/types';
import { type CommandContext, EXIT_FAILED, type OptionSpec, UsageError } from './command';

export const CONNECTION_OPTIONS: OptionSpec = {
  host: { type: 'string', short: 'h' },
  port: { type: 'string', short: 'p' },
  interface: { type: 'string', short: 'i' },
  udp: { type: 'boolean', short: 'u' },
  hdlc: { type: 'boolean' },
  serial: { type: 'string', short: 'S' },
  client: { type: 'string', short: 'c' },
  server: { type: 'string', short: 's' },
  logical: { type: 'string', short: 'l' },
  physical: { type: 'string' },
  'address-size': { type: 'string' },
  auth: { type: 'string', short: 'a' },
  password: { type: 'string', short: 'P' },
  security: { type: 'string', short: 'C' },
  suite: { type: 'string' },
  'system-title': { type: 'string', short: 'T' },
  'server-system-title': { type: 'string' },
  'auth-key': { type: 'string', short: 'A' },
  'block-cipher-key': { type: 'string', short: 'B' },
  'dedicated-key': { type: 'string', short: 'D' },
  'invocation-counter': { type: 'string', short: 'v' },
  'ic-source': { type: 'string' },
  referencing: { type: 'string', short: 'r' },
  'gbt-window': { type: 'string', short: 'W' },
  'hdlc-window': { type: 'string', short: 'w' },
  'frame-size': { type: 'string', short: 'f' },
  'max-pdu': { type: 'string' },
  'max-list-items': { type: 'string' },
  conformance: { type: 'string' },
  'no-gbt': { type: 'boolean' },
  'cipher-initiate': { type: 'boolean' },
  'plain-initiate': { type: 'boolean' },
  'no-release': { type: 'boolean' },
  'timeout-ms': { type: 'string' },
  retries: { type: 'string' },
  ledger: { type: 'string' },
  'no-ledger': { type: 'boolean' },
  'trace-level': { type: 'string', short: 't' },
  trace: { type: 'boolean' },
  capture: { type: 'string' },
  json: { type: 'boolean' },
};

export const CONNECTION_USAGE = `Connection (defaults: the built-in simulator, wrapper on 127.0.0.1:4059, client 16, server 1):
  -h, --host HOST            meter address                 -p, --port N          TCP/UDP port (4059)
  -i, --interface I          WRAPPER | HDLC | HdlcWithModeE (Gurux names) or wrapper-tcp, wrapper-udp,
                             hdlc-tcp, hdlc-serial, hdlc-mode-e;  -u, --udp: wrapper over UDP;  --hdlc
  -S, --serial PORT[:BAUD[:8None1]]   serial port (HDLC), e.g. /dev/ttyUSB0:9600:8None1
  -c, --client N             client address (16 public, 32 reader, 1 management)
  -s, --server N             server address (logical device); with -l: the physical address
  -l, --logical N            logical server address        --physical N  --address-size 1|2|4
  -a, --auth A               None | Low | High | HighMd5 | HighSha1 | HighGmac | HighSha256 | HighEcdsa
  -P, --password TEXT        LLS password / HLS secret (hex:0102.. for bytes)
  -C, --security S           None | Authentication | Encryption | AuthenticationEncryption;  --suite 0|1|2
  -T, --system-title ST      client system title: 16 hex digits or 8 ASCII characters
      --server-system-title ST
  -A, --auth-key KEY   -B, --block-cipher-key KEY   -D, --dedicated-key KEY      (hex)
  -v, --invocation-counter OBIS   read the frame counter there through the public client first
      --ic-source stored|read|fixed   --ledger FILE | --no-ledger (invocation-counter ledger)
  -r, --referencing LN|SN    -W, --gbt-window N   -w, --hdlc-window N   -f, --frame-size N
      --max-pdu N   --conformance 0x603EDD   --no-gbt   --no-release   --timeout-ms N   --retries N
      --max-list-items N     most attributes in one GET/SET with-list (default 10; 0 = only the PDU limits)
      --cipher-initiate | --plain-initiate   the InitiateRequest ciphered or not (default: ciphered
                             when -C is not None, as the Gurux clients do)
  -t, --trace-level LEVEL    accepted for Gurux command lines, ignored; use --trace
      --trace                print every frame, numbered, timed and dissected
      --capture FILE         record the session (every frame, no secrets) to FILE (JSON Lines);
                             meterscope replay FILE prints it as --trace does
      --json                 machine-readable output
`;

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

const norm = (s: string): string => s.toLowerCase().replace(/[-_\s]/g, '');

function str(v: Values, k: string): string | undefined {
  const x = v[k];
  return typeof x === 'string' ? x : undefined;
}

function int(v: Values, k: string, min: number, max: number): number | undefined {
  const t = str(v, k);
  if (t === undefined) return undefined;
  const n = /^0x[0-9a-f]+$/i.test(t) ? parseInt(t, 16) : /^\d+$/.test(t) ? Number(t) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${k} must be a whole number ${min}..${max}, got '${t}'`);
  return n;
}

const AUTH: Readonly<Record<string, Authentication>> = {
  none: 'none',
  low: 'low',
  lls: 'low',
  high: 'high',
  highmd5: 'high-md5',
  md5: 'high-md5',
  highsha1: 'high-sha1',
  sha1: 'high-sha1',
  highgmac: 'high-gmac',
  gmac: 'high-gmac',
  highsha256: 'high-sha256',
  sha256: 'high-sha256',
  highecdsa: 'high-ecdsa',
  ecdsa: 'high-ecdsa',
};

const SECURITY: Readonly<Record<string, SecurityPolicy>> = {
  none: 'none',
  authentication: 'authenticated',
  authenticated: 'authenticated',
  encryption: 'encrypted',
  encrypted: 'encrypted',
  authenticationencryption: 'authenticated-encrypted',
  authenticatedencrypted: 'authenticated-encrypted',
};

export function parseAuthentication(text: string): Authentication {
  const a = AUTH[norm(text)];
  if (!a) throw new UsageError(`unknown authentication '${text}' (None, Low, High, HighMd5, HighSha1, HighGmac, HighSha256, HighEcdsa)`);
  return a;
}

export function parseSecurity(text: string): SecurityPolicy {
  const s = SECURITY[norm(text)];
  if (!s) throw new UsageError(`unknown security '${text}' (None, Authentication, Encryption, AuthenticationEncryption)`);
  return s;
}

function parseInterface(text: string, udp: boolean, serial: boolean): InterfaceType {
  switch (norm(text)) {
    case 'wrapper':
    case 'tcp':
      return udp ? 'wrapper-udp' : 'wrapper-tcp';
    case 'wrappertcp':
      return 'wrapper-tcp';
    case 'wrapperudp':
    case 'udp':
      return 'wrapper-udp';
    case 'hdlc':
      return serial ? 'hdlc-serial' : 'hdlc-tcp';
    case 'hdlctcp':
      return 'hdlc-tcp';
    case 'hdlcserial':
      return 'hdlc-serial';
    case 'hdlcwithmodee':
    case 'hdlcmodee':
    case 'modee':
      return 'hdlc-mode-e';
    default:
      throw new UsageError(`unknown interface '${text}' (WRAPPER, HDLC, HdlcWithModeE, wrapper-udp, hdlc-serial)`);
  }
}

/** "COM1", "/dev/ttyUSB0:9600:8None1" (Gurux's form: port:baud:<data bits><parity><stop bits>). */
export function parseSerial(text: string): NonNullable<DeviceSettingsInput['serial']> {
  const m = /^(.+?)(?::(\d+)(?::([78])(none|even|odd)([12]))?)?$/i.exec(text);
  if (!m) throw new UsageError(`--serial: '${text}' is not PORT[:BAUD[:8None1]]`);
  const out: NonNullable<DeviceSettingsInput['serial']> = { path: m[1]! };
  if (m[2]) out.baudRate = Number(m[2]);
  if (m[3]) {
    out.dataBits = Number(m[3]) as 7 | 8;
    out.parity = m[4]!.toLowerCase() as 'none' | 'even' | 'odd';
    out.stopBits = Number(m[5]) as 1 | 2;
  }
  return out;
}

/** A system title: 16 hex digits (Gurux's -T) or 8 ASCII characters ('ascii:' / 'hex:' prefixes force). */
export function parseSystemTitle(text: string, what: string): { encoding: 'ascii' | 'hex'; text: string } {
  if (text.startsWith('ascii:')) return { encoding: 'ascii', text: text.slice(6) };
  const hex = text.startsWith('hex:') ? text.slice(4) : text;
  if (/^[0-9a-f]{16}$/i.test(hex.replace(/[\s:]/g, ''))) return { encoding: 'hex', text: hex };
  if (text.length === 8) return { encoding: 'ascii', text };
  throw new UsageError(`${what}: 16 hex digits or 8 ASCII characters, got '${text}'`);
}

function key(v: Values, k: string): string | undefined {
  const t = str(v, k)?.replace(/[\s:]/g, '');
  if (t === undefined) return undefined;
  if (!/^([0-9a-f]{32}|[0-9a-f]{64})$/i.test(t)) throw new UsageError(`--${k}: a key is 32 hex digits (64 for suite 2)`);
  return t.toUpperCase();
}

/** The DeviceSettings input the flags describe (validated by the settings schema). */
export function settingsFromFlags(v: Values): DeviceSettingsInput {
  const s: DeviceSettingsInput = {};
  const serialText = str(v, 'serial');
  const udp = v.udp === true;
  if (serialText !== undefined) s.serial = parseSerial(serialText);
  const iface = str(v, 'interface');
  if (iface !== undefined) s.interface = parseInterface(iface, udp, serialText !== undefined);
  else if (v.hdlc === true) s.interface = serialText !== undefined ? 'hdlc-serial' : 'hdlc-tcp';
  else if (serialText !== undefined) s.interface = 'hdlc-serial';
  else if (udp) s.interface = 'wrapper-udp';
  const host = str(v, 'host');
  if (host !== undefined) s.host = host;
  const port = int(v, 'port', 1, 65535);
  if (port !== undefined) s.port = port;

  const client = int(v, 'client', 0, 0x7f);
  if (client !== undefined) s.clientAddress = client;
  const server = int(v, 'server', 0, 0x3fff);
  const logical = int(v, 'logical', 0, 0x3fff);
  const physical = int(v, 'physical', 0, 0x3fff);
  if (logical !== undefined) {
    s.serverLogicalAddress = logical;
    if (server !== undefined) s.serverPhysicalAddress = server;
  } else if (server !== undefined) s.serverLogicalAddress = server;
  if (physical !== undefined) s.serverPhysicalAddress = physical;
  const size = int(v, 'address-size', 0, 4);
  if (size !== undefined) {
    if (![0, 1, 2, 4].includes(size)) throw new UsageError('--address-size must be 1, 2 or 4');
    s.serverAddressSize = size as 0 | 1 | 2 | 4;
  }

  const ref = str(v, 'referencing');
  if (ref !== undefined) {
    const r = norm(ref);
    if (r !== 'ln' && r !== 'sn') throw new UsageError(`--referencing must be LN or SN, got '${ref}'`);
    s.referencing = r;
  }
  const auth = str(v, 'auth');
  if (auth !== undefined) s.authentication = parseAuthentication(auth);
  const password = str(v, 'password');
  if (password !== undefined) s.password = password.startsWith('hex:') ? { encoding: 'hex', text: password.slice(4) } : { encoding: 'ascii', text: password };
  const security = str(v, 'security');
  if (security !== undefined) s.securityPolicy = parseSecurity(security);
  // As the Gurux clients do: with a security policy the InitiateRequest goes ciphered (glo-initiate).
  if (v['cipher-initiate'] === true || (s.securityPolicy !== undefined && s.securityPolicy !== 'none')) s.cipherInitiateRequest = true;
  if (v['plain-initiate'] === true) s.cipherInitiateRequest = false;
  const suite = int(v, 'suite', 0, 2);
  if (suite !== undefined) s.securitySuite = suite as 0 | 1 | 2;
  const st = str(v, 'system-title');
  if (st !== undefined) s.clientSystemTitle = parseSystemTitle(st, '--system-title');
  const sst = str(v, 'server-system-title');
  if (sst !== undefined) s.serverSystemTitle = parseSystemTitle(sst, '--server-system-title');
  const ak = key(v, 'auth-key');
  if (ak !== undefined) s.authenticationKey = ak;
  const ek = key(v, 'block-cipher-key');
  if (ek !== undefined) s.blockCipherKey = ek;
  const dk = key(v, 'dedicated-key');
  if (dk !== undefined) s.dedicatedKey = dk;

  const icObis = str(v, 'invocation-counter');
  if (icObis !== undefined) {
    s.invocationCounterObis = icObis;
    s.invocationCounterSource = 'read';
  }
  const icSource = str(v, 'ic-source');
  if (icSource !== undefined) {
    if (!['stored', 'read', 'fixed'].includes(icSource)) throw new UsageError('--ic-source must be stored, read or fixed');
    s.invocationCounterSource = icSource as 'stored' | 'read' | 'fixed';
  }

  const gbt = int(v, 'gbt-window', 1, 63);
  if (gbt !== undefined) s.gbtWindowSize = gbt;
  const win = int(v, 'hdlc-window', 1, 7);
  const frame = int(v, 'frame-size', 32, 2030);
  if (win !== undefined || frame !== undefined) {
    s.hdlc = {
      ...(win !== undefined ? { windowSizeTransmit: win, windowSizeReceive: win } : {}),
      ...(frame !== undefined ? { maxInfoFieldTransmit: frame, maxInfoFieldReceive: frame } : {}),
    } as DeviceSettingsInput['hdlc'];
  }
  const pdu = int(v, 'max-pdu', 12, 0xffff);
  if (pdu !== undefined) s.maxPduSize = pdu;
  const listItems = int(v, 'max-list-items', 0, 0xffff);
  if (listItems !== undefined) s.maxListItems = listItems;
  let conformance = int(v, 'conformance', 0, 0xffffff);
  if (v['no-gbt'] === true) conformance = (conformance ?? deviceSettings().proposedConformance) & ~conformanceBitValue('general-block-transfer');
  if (conformance !== undefined) s.proposedConformance = conformance;
  if (v['no-release'] === true) s.releaseOnDisconnect = false;
  const timeout = int(v, 'timeout-ms', 100, 600_000);
  const retries = int(v, 'retries', 0, 10);
  if (timeout !== undefined || retries !== undefined) {
    s.timeouts = { ...(timeout !== undefined ? { responseMs: timeout, connectMs: timeout } : {}), ...(retries !== undefined ? { retries } : {}) } as DeviceSettingsInput['timeouts'];
  }
  const parsed = DeviceSettingsSchema.safeParse(s);
  if (!parsed.success) throw new UsageError(`settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return s;
}

/** "1-0:1.8.0.255:2" / "1.0.1.8.0.255:2" → OBIS text and index (the last ':' separates). */
export function parseObisIndex(text: string, what = 'attribute'): { obis: string; index: number } {
  const i = text.lastIndexOf(':');
  const idx = i < 0 ? '' : text.slice(i + 1).trim();
  if (i < 0 || !/^\d+$/.test(idx)) throw new UsageError(`'${text}' is not OBIS:${what} (e.g. 1-0:1.8.0.255:2)`);
  return { obis: text.slice(0, i).trim(), index: Number(idx) };
}

/** Plain-language reason of a failed session for the terminal. */
export function failureText(e: unknown): string {
  if (e instanceof SessionError) {
    switch (e.code) {
      case 'rejected':
        return e.message.replace(/^meter rejected the association/, 'meter rejected');
      case 'authentication':
        return `authentication failed: ${e.message}`;
      case 'transport':
        return `no connection: ${e.message}`;
      default:
        return e.message;
    }
  }
  return e instanceof Error ? e.message : String(e);
}

/**
 * Connects with the flags' settings, runs `fn`, and always closes the session. Association and
 * connection failures print a plain reason and give exit 1. --trace prints every frame dissected
 * (to stderr with --json, so stdout stays JSON); --capture records the session to a file from
 * before the first byte to after the last, so a dropped connection leaves the capture intact.
 */
export async function withSession(ctx: CommandContext, command: string, fn: (session: Session) => Promise<number>): Promise<number> {
  const v = ctx.values;
  const settingsInput = settingsFromFlags(v);
  const ledgerFile = str(v, 'ledger');
  const session = new Session({ settings: settingsInput, ledger: v['no-ledger'] === true ? 'memory' : new InvocationCounterLedger(ledgerFile) });
  const recorder = openCapture(str(v, 'capture'), session, command);
  if (v.trace === true) attachTrace(session, v.json === true ? ctx.stderr : ctx.stdout);
  let outcome = 'failed';
  try {
    try {
      await session.connect();
    } catch (e) {
      outcome = `association failed: ${failureText(e)}`;
      ctx.stderr(`meterscope ${command}: ${failureText(e)}\n`);
      await session.close();
      return EXIT_FAILED;
    }
    try {
      const code = await fn(session);
      outcome = code === 0 ? 'ok' : `exit ${code}`;
      return code;
    } catch (e) {
      if (e instanceof UsageError) throw e;
      outcome = failureText(e);
      ctx.stderr(`meterscope ${command}: ${failureText(e)}\n`);
      return EXIT_FAILED;
    } finally {
      await session.close();
    }
  } finally {
    recorder?.close(outcome);
  }
}

/** --capture FILE: the recorder, attached before connect. An existing file is never overwritten. */
function openCapture(path: string | undefined, session: Session, command: string): SessionRecorder | undefined {
  if (path === undefined) return undefined;
  let recorder: SessionRecorder;
  try {
    recorder = SessionRecorder.open(path, session.settings, { meta: { command } });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`--capture ${path}: ${code === 'EEXIST' ? 'the file exists (a capture is never overwritten; choose another name)' : (e as Error).message}`);
  }
  recorder.attach(session);
  return recorder;
}

function attachTrace(session: Session, print: (t: string) => void): void {
  const s = session.settings;
  const keys = traceKeysOf(s);
  const printer = new TracePrinter({ layer: traceLayerOf(s), print, ...(keys ? { keys } : {}) });
  session.on((e) => {
    if (e.kind === 'frame') printer.frame(e);
  });
}

export { str as stringFlag };
