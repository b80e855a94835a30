// IEC 62056-21 (optical port / local interface) sign-on for protocol mode E, which switches the
// port from the mode C character protocol to binary HDLC (IEC 62056-46) at a higher baud rate.
//
//   request message          '/' '?' [device address] '!' CR LF               (300 Bd, 7E1)
//   identification message   '/' X X X Z { '\' W } identification CR LF
//       XXX  manufacturer's identification (3 letters; a lower-case third letter means the
//            meter answers within 20 ms)
//       Z    baud rate identification; for modes C and E '0'..'6' = 300..19200 Bd
//       \W   enhanced capability; W = '2': the meter supports mode E (binary HDLC)
//   acknowledgement / option select message   ACK V Z Y CR LF
//       V    protocol control character: '2' = HDLC protocol procedure (binary, mode E)
//       Z    the baud rate chosen (as announced)
//       Y    mode control character: '2' = binary mode (HDLC)
// After the acknowledgement both sides switch to baud rate Z, 8N1, and HDLC frames follow.
// This module only encodes and decodes; the transport owns the serial port and the clock.

export const ACK = 0x06;
const CR = 0x0d;
const LF = 0x0a;

/** Baud rate characters of modes C and E (IEC 62056-21 6.3.14, table "Baud rate identification"). */
export const MODE_C_BAUD_RATES: Readonly<Record<string, number>> = {
  '0': 300,
  '1': 600,
  '2': 1200,
  '3': 2400,
  '4': 4800,
  '5': 9600,
  '6': 19200,
};

/** Protocol control character V of the option select message. */
export const PROTOCOL_CONTROL = { normal: '0', secondary: '1', hdlc: '2' } as const;
/** Mode control character Y of the option select message. */
export const MODE_CONTROL = { dataReadout: '0', programming: '1', binaryHdlc: '2' } as const;

export interface Identification {
  /** XXX: manufacturer's identification, e.g. "ISK". */
  manufacturer: string;
  /** Third letter in lower case: reaction time 20 ms. */
  fastReaction: boolean;
  /** Z as sent. */
  baudChar: string;
  /** Z as a mode C/E baud rate; undefined for a mode B letter or a reserved character. */
  baudRate?: number;
  /** The W characters of every '\W' sequence. */
  enhancedCapabilities: string[];
  /** '\2' was present: binary HDLC mode E is supported. */
  modeE: boolean;
  /** The identification text after the capability sequences. */
  identification: string;
}

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0x7f);

/** '/?!\r\n', or with a device address '/?12345678!\r\n'. */
export function encodeRequestMessage(deviceAddress = ''): Uint8Array {
  if (!/^[0-9A-Za-z ]{0,32}$/.test(deviceAddress)) throw new RangeError('device address: up to 32 letters, digits or spaces');
  return ascii(`/?${deviceAddress}!\r\n`);
}

export type IdentificationResult =
  | { ok: true; value: Identification; /** bytes consumed up to and including LF */ consumed: number }
  | { ok: false; incomplete: true }
  | { ok: false; incomplete: false; reason: string; consumed: number };

/**
 * Finds and parses an identification message in received bytes. An echoed request line is skipped;
 * bytes before the last "/" of a line (line noise) are
 * ignored. The parity bit is masked off in case the port runs 8N1 instead of 7E1.
 */
export function decodeIdentification(bytes: Uint8Array): IdentificationResult {
  let from = 0;
  for (;;) {
    let lf = -1;
    for (let i = from + 1; i < bytes.length; i++) {
      if ((bytes[i]! & 0x7f) === LF && (bytes[i - 1]! & 0x7f) === CR) {
        lf = i;
        break;
      }
    }
    if (lf < 0) return { ok: false, incomplete: true };
    const text = String.fromCharCode(...Array.from(bytes.subarray(from, lf - 1), (b) => b & 0x7f));
    const consumed = lf + 1;
    const slash = text.lastIndexOf('/');
    if (slash < 0) return { ok: false, incomplete: false, reason: 'no "/" starts the identification message', consumed };
    const msg = text.slice(slash + 1);
    if (/^\?[0-9A-Za-z ]*!$/.test(msg)) {
      from = consumed; // our own request echoed by a half-duplex optical head: skip the line
      continue;
    }
    return parseIdentification(msg, consumed);
  }
}

function parseIdentification(msg: string, consumed: number): IdentificationResult {
  const m = /^([A-Za-z]{3})(.)((?:\\.)*)(.*)$/s.exec(msg);
  if (!m) return { ok: false, incomplete: false, reason: `malformed identification message "${msg}"`, consumed };
  const manufacturer = m[1]!;
  const baudChar = m[2]!;
  const caps = (m[3] ?? '').match(/\\./g)?.map((s) => s[1]!) ?? [];
  const identification = m[4] ?? '';
  if (identification.length > 16) return { ok: false, incomplete: false, reason: `identification longer than 16 characters`, consumed };
  const baudRate = MODE_C_BAUD_RATES[baudChar];
  const value: Identification = {
    manufacturer: manufacturer.toUpperCase(),
    fastReaction: /[a-z]/.test(manufacturer[2]!),
    baudChar,
    enhancedCapabilities: caps,
    modeE: caps.includes('2'),
    identification,
  };
  if (baudRate !== undefined) value.baudRate = baudRate;
  return { ok: true, value, consumed };
}

export function encodeIdentification(id: Omit<Identification, 'baudRate' | 'modeE'>): Uint8Array {
  const caps = id.enhancedCapabilities.map((w) => `\\${w}`).join('');
  const mfr = id.fastReaction ? id.manufacturer.slice(0, 2) + id.manufacturer.slice(2, 3).toLowerCase() : id.manufacturer;
  return ascii(`/${mfr}${id.baudChar}${caps}${id.identification}\r\n`);
}

export interface OptionSelect {
  protocolControl: string;
  baudChar: string;
  modeControl: string;
}

/** ACK V Z Y CR LF. */
export function encodeOptionSelect(o: OptionSelect): Uint8Array {
  for (const c of [o.protocolControl, o.baudChar, o.modeControl]) if (c.length !== 1) throw new RangeError('option select characters are single characters');
  const out = new Uint8Array(6);
  out[0] = ACK;
  out.set(ascii(`${o.protocolControl}${o.baudChar}${o.modeControl}\r\n`), 1);
  return out;
}

export function decodeOptionSelect(bytes: Uint8Array): OptionSelect | undefined {
  if (bytes.length !== 6 || bytes[0] !== ACK || bytes[4] !== CR || bytes[5] !== LF) return undefined;
  const c = (i: number) => String.fromCharCode(bytes[i]! & 0x7f);
  return { protocolControl: c(1), baudChar: c(2), modeControl: c(3) };
}

/** The mode E acknowledgement for an identification: ACK '2' Z '2' CR LF. */
export function modeEAcknowledgement(baudChar: string): Uint8Array {
  return encodeOptionSelect({ protocolControl: PROTOCOL_CONTROL.hdlc, baudChar, modeControl: MODE_CONTROL.binaryHdlc });
}

export interface SerialSettings {
  baudRate: number;
  dataBits: 7 | 8;
  parity: 'even' | 'none';
  stopBits: 1;
}

/** The sign-on's character format (IEC 62056-21: 7 data bits, even parity, 1 stop bit, 300 Bd). */
export const SIGN_ON_SERIAL: Readonly<SerialSettings> = Object.freeze({ baudRate: 300, dataBits: 7, parity: 'even', stopBits: 1 });

export type ModeECommand =
  | { kind: 'configurePort'; settings: SerialSettings }
  | { kind: 'send'; bytes: Uint8Array }
  | { kind: 'armTimer'; id: 'identification'; ms: number }
  | { kind: 'cancelTimer'; id: 'identification' }
  /** Sign-on done: switch the port to `settings` after the acknowledgement has been sent, then speak HDLC. */
  | { kind: 'switchToHdlc'; identification: Identification; settings: SerialSettings }
  | { kind: 'error'; reason: string };

export interface ModeESignOnOptions {
  deviceAddress?: string;
  /** Highest baud rate the client accepts (the meter's announced rate is used up to this). */
  maxBaudRate?: number;
  /** How long to wait for the identification message (IEC 62056-21 allows up to 1500 ms reaction). */
  identificationTimeoutMs?: number;
}

/** The client side of the mode E sign-on as a sans-I/O machine: events in, commands out. */
export class ModeESignOn {
  private state: 'idle' | 'awaitingIdentification' | 'done' | 'failed' = 'idle';
  private rx = new Uint8Array(0);

  constructor(private readonly opts: ModeESignOnOptions = {}) {}

  get phase(): string {
    return this.state;
  }

  start(): ModeECommand[] {
    if (this.state !== 'idle') return [{ kind: 'error', reason: `start in state ${this.state}` }];
    this.state = 'awaitingIdentification';
    return [
      { kind: 'configurePort', settings: { ...SIGN_ON_SERIAL } },
      { kind: 'send', bytes: encodeRequestMessage(this.opts.deviceAddress) },
      { kind: 'armTimer', id: 'identification', ms: this.opts.identificationTimeoutMs ?? 2000 },
    ];
  }

  bytesReceived(bytes: Uint8Array): ModeECommand[] {
    if (this.state !== 'awaitingIdentification') return [];
    const next = new Uint8Array(this.rx.length + bytes.length);
    next.set(this.rx);
    next.set(bytes, this.rx.length);
    this.rx = next;
    const res = decodeIdentification(this.rx);
    if (!res.ok && res.incomplete) {
      if (this.rx.length > 256) return this.fail('no identification message within 256 bytes');
      return [];
    }
    if (!res.ok) return this.fail(res.reason);
    const id = res.value;
    if (!id.modeE) return this.fail(`meter ${id.manufacturer} does not announce mode E ("\\2")`);
    if (id.baudRate === undefined) return this.fail(`baud rate character "${id.baudChar}" is not a mode C/E rate`);
    // The client may select a lower rate than announced (the Z of the acknowledgement).
    let baudChar = id.baudChar;
    const max = this.opts.maxBaudRate;
    if (max !== undefined && id.baudRate > max) {
      const fit = Object.entries(MODE_C_BAUD_RATES).filter(([, r]) => r <= max).pop();
      if (!fit) return this.fail(`no baud rate at or below ${max}`);
      baudChar = fit[0];
    }
    this.state = 'done';
    return [
      { kind: 'cancelTimer', id: 'identification' },
      { kind: 'send', bytes: modeEAcknowledgement(baudChar) },
      { kind: 'switchToHdlc', identification: id, settings: { baudRate: MODE_C_BAUD_RATES[baudChar]!, dataBits: 8, parity: 'none', stopBits: 1 } },
    ];
  }

  timerExpired(): ModeECommand[] {
    if (this.state !== 'awaitingIdentification') return [];
    return this.fail('no identification message before the timeout');
  }

  private fail(reason: string): ModeECommand[] {
    this.state = 'failed';
    return [{ kind: 'cancelTimer', id: 'identification' }, { kind: 'error', reason }];
  }
}
