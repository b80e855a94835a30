// `meterscope` CLI entry: picks the subcommand from the registry, parses its options with
// node:util parseArgs (strict: unknown options are usage errors) and maps outcomes to exit codes:
// 0 ok, 1 the command ran and found a failure (e.g. a malformed frame), 2 bad usage or input.

import { parseArgs } from 'node:util';
import { type CliCommand, type CommandIo, EXIT_USAGE, UsageError } from './command';
import { COMMANDS } from './registry';

export function helpText(commands: readonly CliCommand[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: meterscope <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'meterscope <command> --help shows the options of a command.',
    '',
  ].join('\n');
}

export async function runCli(argv: readonly string[], io: CommandIo, commands: readonly CliCommand[] = COMMANDS): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(helpText(commands));
    return name === undefined ? EXIT_USAGE : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`meterscope: unknown command '${name}'\n\n${helpText(commands)}`);
    return EXIT_USAGE;
  }
  // -h is help unless the command uses it (the Gurux-style -h host of read/objects/get/set/action).
  const shortHelp = !Object.values(command.options).some((o) => o.short === 'h');
  if (rest.includes('--help') || (shortHelp && rest.includes('-h'))) {
    io.stdout(command.usage.endsWith('\n') ? command.usage : `${command.usage}\n`);
    return 0;
  }
  try {
    const parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
    return await command.run({ ...io, values: parsed.values, positionals: parsed.positionals });
  } catch (e) {
    if (e instanceof UsageError || isParseArgsError(e)) {
      io.stderr(`meterscope ${command.name}: ${(e as Error).message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
}

function isParseArgsError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

export function processIo(): CommandIo {
  return {
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
  };
}

/** Runs the CLI on this process's arguments and sets the exit code (used by bin/meterscope.cjs). */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  // `meterscope read --trace | head`: a reader that went away is no internal error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  try {
    process.exitCode = await runCli(argv, processIo());
  } catch (e) {
    process.stderr.write(`meterscope: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 70;
  }
}

// `node dist/cli.cjs ...` runs directly; bin/meterscope.cjs requires the bundle and calls main().
if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) void main();
