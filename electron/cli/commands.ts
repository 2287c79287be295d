// Every `edge-registry` sub-command, listed once. Add a command by writing
// electron/cli/<name>.ts that exports a Command and adding it here.
import type { Command } from './command.js';

export const commands: Command[] = [];
