// meterscope replay FILE [-A KEY] [-B KEY] [-D KEY] [--json]
// Prints a capture written by --capture, dissected and numbered exactly as --trace printed it live
// (one renderer, src-main/capture/trace-text.ts), with the session's events (state changes, the
// end of the connection) between the frames. A capture cut short (a killed process, a lost
// machine) is replayed up to its last whole line, and the cut is said.
//
// Keys: a capture holds only their fingerprints. Ciphered APDUs are opened with the keys given
// here when their fingerprints match the capture's, else with the settings' default keys (the
// simulator's well-known ones) when those match; a given key that does not match is reported and
// not used.

import { deviceSettings } from '../../src-shared/settings';
import { toHex } from '../../src-shared/hex';
import type { DissectKeys } from '../../src-shared/trace';
import { CaptureError, readCapture, type Capture } from '../capture/reader';
import { keyTextFingerprint } from '../capture/redact';
import { TracePrinter, type TraceEntry } from '../capture/trace-text';
import { type CliCommand, EXIT_FAILED, EXIT_OK, UsageError } from './command';

const USAGE = `Usage: meterscope replay FILE [-A KEY] [-B KEY] [-D KEY] [--json]

Prints a session recorded with --capture FILE: every frame numbered, timed and dissected as
--trace prints it, with the session's events between them.
  -A, --auth-key KEY          authentication key (hex) to verify/open ciphered APDUs
  -B, --block-cipher-key KEY  global encryption key (hex)      -D, --dedicated-key KEY
      --json                  the frames (number, time, direction, summary, field tree) as JSON
A capture stores only key fingerprints; a key is used when its fingerprint matches the capture's.
Exit: 0 printed, 1 a frame is malformed, 2 not a capture / unreadable.
`;

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;
const str = (v: Values, k: string): string | undefined => (typeof v[k] === 'string' ? (v[k] as string) : undefined);

/** The keys to dissect with: given ones whose fingerprint matches, else matching defaults. */
export function replayKeys(capture: Capture, v: Values, warn: (t: string) => void): DissectKeys | undefined {
  const s = capture.header.settings;
  const defaults = deviceSettings();
  const pick = (flag: string, setting: 'blockCipherKey' | 'authenticationKey' | 'dedicatedKey', fallback?: string): string | undefined => {
    const recorded = s[setting];
    const given = str(v, flag)?.replace(/[\s:]/g, '');
    if (given !== undefined) {
      if (!/^([0-9a-f]{32}|[0-9a-f]{64})$/i.test(given)) throw new UsageError(`--${flag}: a key is 32 hex digits (64 for suite 2)`);
      if (typeof recorded === 'string' && keyTextFingerprint(given) !== recorded) {
        warn(`--${flag} is not the key of this capture (fingerprint ${keyTextFingerprint(given)}, the session used ${recorded}); not used\n`);
        return undefined;
      }
      return given.toUpperCase();
    }
    if (fallback !== undefined && typeof recorded === 'string' && keyTextFingerprint(fallback) === recorded) return fallback;
    return undefined;
  };
  const ek = pick('block-cipher-key', 'blockCipherKey', defaults.blockCipherKey);
  const ak = pick('auth-key', 'authenticationKey', defaults.authenticationKey);
  const dk = pick('dedicated-key', 'dedicatedKey');
  const st = s.clientSystemTitle as { encoding?: string; text?: string } | undefined;
  let clientSystemTitle: string | undefined;
  if (st?.encoding === 'hex' && typeof st.text === 'string') clientSystemTitle = st.text.replace(/[\s:]/g, '').toUpperCase();
  else if (st?.encoding === 'ascii' && typeof st.text === 'string') clientSystemTitle = toHex(Uint8Array.from(st.text, (c) => c.charCodeAt(0) & 0xff));
  const ciphered = s.securityPolicy !== 'none' || s.authentication === 'high-gmac';
  if (!ciphered) return undefined;
  if (!ek && !ak) warn('replay: the session was ciphered; give -B (and -A) to open its APDUs (the capture holds only key fingerprints)\n');
  const keys: DissectKeys = {};
  if (ek) keys.ek = ek;
  if (ak) keys.ak = ak;
  if (dk) keys.dedicatedKey = dk;
  if (clientSystemTitle) keys.clientSystemTitle = clientSystemTitle;
  return keys;
}

function headerText(c: Capture, file: string): string {
  const s = c.header.settings;
  const where = String(s.interface).startsWith('hdlc-serial') || s.interface === 'hdlc-mode-e' ? `serial ${String((s.serial as { path?: string } | undefined)?.path ?? '?')}` : `${String(s.host)}:${String(s.port)}`;
  const command = typeof c.header.meta?.command === 'string' ? `meterscope ${c.header.meta.command}, ` : '';
  return (
    `capture ${file}: ${c.header.tool}, ${command}started ${c.header.started}\n` +
    `  ${String(s.interface)} ${where}, client ${String(s.clientAddress)} -> server ${String(s.serverLogicalAddress)}, ` +
    `authentication ${String(s.authentication)}, security ${String(s.securityPolicy)}\n\n`
  );
}

function endText(c: Capture): string {
  const lines = [`${c.frames.length} frame(s)`];
  if (c.footer) lines.push(`the capture was closed cleanly at ${c.footer.ended}${c.footer.reason ? ` (${c.footer.reason})` : ''}`);
  else lines.push('no footer: the recording process ended before closing the capture; every line up to here is kept');
  if (c.torn) lines.push(`line ${c.torn.line} was cut mid-write (${c.torn.bytes} byte(s)) and is skipped`);
  for (const p of c.problems) lines.push(`line ${p.line}: ${p.message}`);
  return `${lines.join('\n')}\n`;
}

export const replayCommand: CliCommand = {
  name: 'replay',
  summary: 'print a capture (--capture FILE) dissected, as --trace did live',
  usage: USAGE,
  options: {
    'auth-key': { type: 'string', short: 'A' },
    'block-cipher-key': { type: 'string', short: 'B' },
    'dedicated-key': { type: 'string', short: 'D' },
    json: { type: 'boolean' },
  },
  async run(ctx) {
    if (ctx.positionals.length !== 1) throw new UsageError('give one capture file');
    const file = ctx.positionals[0]!;
    let capture: Capture;
    try {
      capture = readCapture(file);
    } catch (e) {
      if (e instanceof CaptureError) throw new UsageError(e.message);
      throw e;
    }
    const keys = replayKeys(capture, ctx.values, ctx.stderr);
    const json = ctx.values.json === true;
    const layer = String(capture.header.settings.interface).startsWith('wrapper') ? 'wrapper' : 'hdlc';
    const printer = new TracePrinter({ layer, ...(keys ? { keys } : {}), ...(json ? {} : { print: ctx.stdout }) });
    if (!json) ctx.stdout(headerText(capture, file));
    const entries: TraceEntry[] = [];
    // Events and frames in file order: a state change or the connection's end between the frames.
    let e = 0;
    const eventsBefore = (line: number): void => {
      for (; e < capture.events.length && capture.events[e]!.line < line; e++) {
        const ev = capture.events[e]!;
        if (json) continue;
        const at = new Date(ev.at).toISOString();
        if (ev.type === 'state') {
          if (ev.state !== 'associated') ctx.stdout(`-- ${at} session ${ev.state}\n\n`); // the 'associated' event says more
        }
        else if (ev.type === 'closed') ctx.stdout(`-- ${at} session closed: ${ev.reason}\n\n`);
        else if (ev.type === 'warning') ctx.stdout(`-- ${at} warning: ${ev.message}\n\n`);
        else {
          const i = ev.info;
          ctx.stdout(`-- ${at} associated: ${String(i.applicationContextName)}, mechanism ${String(i.mechanism)}, conformance 0x${Number(i.negotiatedConformanceValue).toString(16).toUpperCase().padStart(6, '0')}, server max PDU ${String(i.serverMaxReceivePduSize)}\n\n`);
        }
      }
    };
    for (const f of capture.frames) {
      eventsBefore(f.line);
      entries.push(...printer.frame(f));
    }
    eventsBefore(Number.MAX_SAFE_INTEGER);
    printer.end();
    if (json) {
      const frames = entries.map((x) => ({ number: x.number, time: new Date(x.at).toISOString(), direction: x.direction, layer: x.layer, summary: x.summary, ...(x.dissected ? { tree: x.dissected.tree } : {}) }));
      ctx.stdout(`${JSON.stringify({ header: capture.header, frames, events: capture.events, complete: capture.complete, ...(capture.torn ? { torn: capture.torn } : {}), problems: capture.problems }, null, 2)}\n`);
    } else ctx.stdout(endText(capture));
    return entries.some((x) => x.malformed) ? EXIT_FAILED : EXIT_OK;
  },
};
