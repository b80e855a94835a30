// The subcommands of `meterscope`. A new command: its own file exporting a CliCommand, one line here.

import type { CliCommand } from './command';
import { decodeCommand } from './decode';
import { simulateCommand } from './simulate';
import { readCommand } from './read';
import { objectsCommand } from './objects';
import { getCommand } from './get';
import { setCommand } from './set';
import { actionCommand } from './action';
import { replayCommand } from './replay';
import { diffCommand } from './diff';

export const COMMANDS: readonly CliCommand[] = [decodeCommand, simulateCommand, readCommand, objectsCommand, getCommand, setCommand, actionCommand, replayCommand, diffCommand];
