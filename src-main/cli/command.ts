// What a subcommand is. Adding one is one file exporting a CliCommand plus its line in registry.ts.

import type { ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CommandIo {
  /** Reads all of stdin as text (only called when the command needs it). */
  readStdin(): Promise<string>;
  stdout(text: string): void;
  stderr(text: string): void;
}

export interface CommandContext extends CommandIo {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

export interface CliCommand {
  name: string;
  /** One line for `meterscope --help`. */
  summary: string;
  /** Usage text for `meterscope <name> --help`. */
  usage: string;
  options: OptionSpec;
  /** Returns the process exit code. Throw UsageError for bad usage (exit 2). */
  run(ctx: CommandContext): Promise<number>;
}

/** Bad usage or unreadable input: printed without a stack, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
