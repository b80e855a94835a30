// meterscope diff A B [--json] [--all] [--lenient] [--layer L]
// Field-by-field differences of two frames (the seed's engineer comparing his client's AARQ with
// the vendor tool's): the setting differences first, then with --all those expected to differ on
// every association. A and B: hex text, @FILE, or '-' (stdin, for one of them).
// Exit 0: no setting differs; 1: some setting differs; 2: bad usage or input that is not hex.

import { readFile } from 'node:fs/promises';
import { DiffInputError, diffTexts, type TextsDiff } from '../dlms/dissect/diff';
import type { FieldDiff, FieldDiffSide, FramePairDiff } from '../../src-shared/diff';
import type { DissectLayer } from '../../src-shared/trace';
import { type CliCommand, type CommandContext, EXIT_FAILED, EXIT_OK, UsageError } from './command';

const LAYERS: readonly DissectLayer[] = ['hdlc', 'wrapper', 'apdu', 'axdr'];

const USAGE = `Usage: meterscope diff A B [options]

Compares two frames field by field (e.g. your client's AARQ against a vendor tool's) and says
which fields differ. Setting differences come first (wrapper wPort, application context,
conformance bits, max PDU size, ciphered or plain initiate, system title, ...); differences
expected on every association (HLS challenge, invocation counter, authentication tag, HDLC
N(S)/N(R), HCS/FCS, lengths that follow from other differences) are counted, and listed with --all.

A and B are each one of:
  HEX        hex in any form 'decode' reads (quote it when it has spaces)
  @FILE      a file holding the hex (a log excerpt, a dump)
  -          stdin (for one of A and B)
When an input holds several frames, frame n of A is compared with frame n of B.

Options:
  --all                       list the per-connection differences too
  --json                      print every difference (both classes) as JSON
  --lenient                   read OCR'd hex (O->0, S->5, ...)
  --layer hdlc|wrapper|apdu|axdr   skip auto-detection

Exit status: 0 no setting differs, 1 some setting differs, 2 bad usage or bad hex.
`;

export const diffCommand: CliCommand = {
  name: 'diff',
  summary: 'compare two frames field by field (settings vs per-connection differences)',
  usage: USAGE,
  options: {
    json: { type: 'boolean' },
    all: { type: 'boolean' },
    lenient: { type: 'boolean' },
    layer: { type: 'string' },
  },
  run: runDiff,
};

async function runDiff(ctx: CommandContext): Promise<number> {
  const v = ctx.values;
  if (ctx.positionals.length !== 2) {
    throw new UsageError(`expected two inputs A and B, got ${ctx.positionals.length} (quote hex that contains spaces)`);
  }
  if (ctx.positionals.every((p) => p === '-')) throw new UsageError("stdin ('-') can be only one of A and B");
  const layer = typeof v.layer === 'string' ? v.layer : undefined;
  if (layer !== undefined && !(LAYERS as readonly string[]).includes(layer)) throw new UsageError(`--layer must be one of ${LAYERS.join(', ')}`);
  const [a, b] = await Promise.all(ctx.positionals.map((p) => readInput(p, ctx)));

  let result: TextsDiff;
  try {
    result = diffTexts(a!, b!, { lenient: v.lenient === true, ...(layer ? { layer: layer as DissectLayer } : {}) });
  } catch (e) {
    if (e instanceof DiffInputError) throw new UsageError(e.message);
    throw e;
  }
  for (const [side, input] of [['A', result.a], ['B', result.b]] as const) {
    if (input.substitutions.length === 0) continue;
    ctx.stderr(`lenient: ${side}: ${input.substitutions.length} substitution(s):\n`);
    for (const s of input.substitutions) ctx.stderr(`  line ${s.line}, column ${s.column}: '${s.from}' -> '${s.to}'\n`);
  }
  const anySetting = result.pairs.some((p) => p.diffs.some((d) => d.class === 'setting'));
  ctx.stdout(v.json === true ? renderJson(result) : renderText(result, v.all === true));
  return anySetting ? EXIT_FAILED : EXIT_OK;
}

async function readInput(arg: string, ctx: CommandContext): Promise<string> {
  if (arg === '-') return ctx.readStdin();
  if (arg.startsWith('@')) {
    try {
      return await readFile(arg.slice(1), 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read ${arg.slice(1)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  return arg;
}

function renderJson(r: TextsDiff): string {
  const pairs = r.pairs.map((p) => ({
    ...(p.a !== undefined ? { a: p.a, aSummary: r.a.frames[p.a]!.summary } : {}),
    ...(p.b !== undefined ? { b: p.b, bSummary: r.b.frames[p.b]!.summary } : {}),
    diffs: p.diffs,
  }));
  return JSON.stringify({ pairs }, null, 2) + '\n';
}

function renderText(r: TextsDiff, all: boolean): string {
  const out: string[] = [];
  r.pairs.forEach((p, i) => {
    if (i > 0) out.push('');
    if (r.pairs.length > 1) out.push(`frame #${i + 1}`);
    out.push(`A: ${p.a !== undefined ? r.a.frames[p.a]!.summary : '(no frame)'}`);
    out.push(`B: ${p.b !== undefined ? r.b.frames[p.b]!.summary : '(no frame)'}`);
    renderPair(p, all, out);
  });
  return out.join('\n') + '\n';
}

function renderPair(p: FramePairDiff, all: boolean, out: string[]): void {
  const settings = p.diffs.filter((d) => d.class === 'setting');
  const perConnection = p.diffs.filter((d) => d.class === 'per-connection');
  out.push('');
  if (settings.length === 0) out.push('no setting differs');
  else {
    out.push(`${count(settings.length, 'setting difference')}:`);
    for (const d of settings) renderDiff(d, out);
  }
  if (perConnection.length === 0) return;
  out.push('');
  if (!all) {
    out.push(`${count(perConnection.length, 'per-connection difference')} (expected on every association; --all lists them)`);
    return;
  }
  out.push(`${count(perConnection.length, 'per-connection difference')} (expected on every association):`);
  for (const d of perConnection) renderDiff(d, out);
}

function renderDiff(d: FieldDiff, out: string[]): void {
  out.push(`  ${d.explanation}`);
  out.push(`      ${d.path}${d.kind === 'changed' ? '' : ` (${d.kind})`}   A ${where(d.a)}   B ${where(d.b)}`);
}

function where(s: FieldDiffSide | undefined): string {
  if (!s) return '-';
  const space = s.space === '' ? '' : ' decrypted';
  return `[${s.start}+${s.length}${space}] ${shortHex(s.hex ?? '')}`.trimEnd();
}

function shortHex(hex: string, maxBytes = 16): string {
  return hex.length <= maxBytes * 2 ? hex : `${hex.slice(0, maxBytes * 2)}…(+${hex.length / 2 - maxBytes})`;
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}
