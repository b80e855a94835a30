// The subcommands of `meterscope`. A new command: its own file exporting a CliCommand, one line here.

import type { CliCommand } from './command';
import { decodeCommand } from './decode';

export const COMMANDS: readonly CliCommand[] = [decodeCommand];
