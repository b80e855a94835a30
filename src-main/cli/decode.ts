// meterscope decode [HEX…|-] [--json] [--lenient] [--layer L] [--direction D] [keys…]
// Dissects pasted hex (any format hex-input reads) and prints the field tree, or the
// DissectedFrame[] as JSON. Exit 0: every frame decoded; 1: a frame is malformed or not
// recognised; 2: bad usage or input that is not hex. Keys are validated but never printed.

import { dissectEntries } from '../dlms/dissect/index';
import { HexInputError, parseHexInput } from '../dlms/dissect/hex-input';
import { renderFramesJson, renderFramesText } from '../dlms/dissect/render-text';
import { fromHex } from '../../src-shared/hex';
import type { DissectedFrame, DissectKeys, DissectLayer, Direction } from '../../src-shared/trace';
import { type CliCommand, type CommandContext, EXIT_FAILED, EXIT_OK, UsageError } from './command';

const LAYERS: readonly DissectLayer[] = ['hdlc', 'wrapper', 'apdu', 'axdr'];
const DIRECTIONS: Readonly<Record<string, Direction>> = {
  'client->server': 'client->server',
  c2s: 'client->server',
  'server->client': 'server->client',
  s2c: 'server->client',
};

const USAGE = `Usage: meterscope decode [HEX…|-] [options]

Dissects DLMS/COSEM bytes: HDLC frames, wrapper frames, bare APDUs or A-XDR data (auto-detected).
HEX may be given as arguments (joined with spaces) or on stdin ('-' or no arguments), in any form
engineers paste: spaced, continuous, 00:01:.., 0x00;0x01;, logs with timestamps and TX/RX or
'->'/'<-' prefixes (one frame per entry), Wireshark/hexdump/xxd dumps.

Options:
  --json                      print the DissectedFrame[] as JSON instead of the text tree
  --lenient                   read OCR'd hex: map O->0, S->5, l->1, ... and list each substitution
  --layer hdlc|wrapper|apdu|axdr   skip auto-detection
  --direction c2s|s2c         who sent the frames (log prefixes win); picks the system title
  --ek KEY                    global unicast encryption key (32 hex digits)
  --ak KEY                    authentication key (32 hex digits)
  --dedicated-key KEY         dedicated key (32 hex digits)
  --system-title ST           client system title: 16 hex digits, or ascii:XXXXXXXX (8 characters)
  --server-system-title ST    server system title, same forms

Exit status: 0 all frames decoded, 1 a frame is malformed or not recognised, 2 bad usage or bad hex.
`;

export const decodeCommand: CliCommand = {
  name: 'decode',
  summary: 'dissect hex (frames, APDUs, A-XDR data) into a field tree',
  usage: USAGE,
  options: {
    json: { type: 'boolean' },
    lenient: { type: 'boolean' },
    layer: { type: 'string' },
    direction: { type: 'string' },
    ek: { type: 'string' },
    ak: { type: 'string' },
    'dedicated-key': { type: 'string' },
    'system-title': { type: 'string' },
    'server-system-title': { type: 'string' },
  },
  run: runDecode,
};

async function runDecode(ctx: CommandContext): Promise<number> {
  const v = ctx.values;
  const layer = str(v.layer);
  if (layer !== undefined && !(LAYERS as readonly string[]).includes(layer)) {
    throw new UsageError(`--layer must be one of ${LAYERS.join(', ')}`);
  }
  const dirText = str(v.direction);
  const direction = dirText === undefined ? undefined : DIRECTIONS[dirText];
  if (dirText !== undefined && direction === undefined) throw new UsageError('--direction must be c2s or s2c');
  const keys = readKeys(v);

  const useStdin = ctx.positionals.length === 0 || (ctx.positionals.length === 1 && ctx.positionals[0] === '-');
  const text = useStdin ? await ctx.readStdin() : ctx.positionals.join(' ');
  let parsed;
  try {
    parsed = parseHexInput(text, { lenient: v.lenient === true });
  } catch (e) {
    if (e instanceof HexInputError) throw new UsageError(`not hex: ${e.message}`);
    throw e;
  }
  if (parsed.frames.length === 0) throw new UsageError('no hex found in the input');
  if (parsed.substitutions.length > 0) {
    ctx.stderr(`lenient: ${parsed.substitutions.length} substitution(s):\n`);
    for (const s of parsed.substitutions) ctx.stderr(`  line ${s.line}, column ${s.column}: '${s.from}' -> '${s.to}'\n`);
  }

  // The entries are one stream: segmented HDLC messages and GBT runs continue across entries.
  const frames: DissectedFrame[] = dissectEntries(parsed.frames, {
    ...(layer ? { layer: layer as DissectLayer } : {}),
    ...(direction ? { direction } : {}),
    ...(keys ? { keys } : {}),
  });
  ctx.stdout(v.json === true ? renderFramesJson(frames) : renderFramesText(frames));
  return frames.some((f) => f.malformedAt !== undefined || f.unrecognized === true) ? EXIT_FAILED : EXIT_OK;
}

function str(x: unknown): string | undefined {
  return typeof x === 'string' ? x : undefined;
}

function readKeys(v: CommandContext['values']): DissectKeys | undefined {
  const keys: DissectKeys = {};
  const key = (opt: string, field: 'ek' | 'ak' | 'dedicatedKey'): void => {
    const s = str(v[opt]);
    if (s === undefined) return;
    keys[field] = checkedHex(s, 16, `--${opt} must be 32 hex digits (a 128-bit key)`);
  };
  const title = (opt: string, field: 'clientSystemTitle' | 'serverSystemTitle'): void => {
    const s = str(v[opt]);
    if (s === undefined) return;
    keys[field] = systemTitleHex(s, opt);
  };
  key('ek', 'ek');
  key('ak', 'ak');
  key('dedicated-key', 'dedicatedKey');
  title('system-title', 'clientSystemTitle');
  title('server-system-title', 'serverSystemTitle');
  return Object.keys(keys).length > 0 ? keys : undefined;
}

/** Validates hex of `bytes` bytes; the message never repeats the value (it may be a key). */
function checkedHex(s: string, bytes: number, message: string): string {
  const clean = s.replace(/[\s:]/g, '').replace(/^0x/i, '');
  if (clean.length !== bytes * 2 || !/^[0-9a-fA-F]*$/.test(clean)) throw new UsageError(message);
  return clean.toUpperCase();
}

/** A system title: 16 hex digits, or ascii:ELS-0000 (8 ASCII characters, e.g. a manufacturer's FLAG id + serial). */
export function systemTitleHex(s: string, opt = 'system-title'): string {
  if (s.toLowerCase().startsWith('ascii:')) {
    const text = s.slice(6);
    if (text.length !== 8 || !/^[\x20-\x7e]+$/.test(text)) {
      throw new UsageError(`--${opt} ascii:… must be exactly 8 printable ASCII characters`);
    }
    return Array.from(text, (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('').toUpperCase();
  }
  const hex = checkedHex(s, 8, `--${opt} must be 16 hex digits or ascii:XXXXXXXX`);
  fromHex(hex);
  return hex;
}
