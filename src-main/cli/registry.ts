// The subcommands of `meterscope`. A new command: its own file exporting a CliCommand, one line here.

import type { CliCommand } from './command';
import { decodeCommand } from './decode';
import { simulateCommand } from './simulate';

export const COMMANDS: readonly CliCommand[] = [decodeCommand, simulateCommand];
