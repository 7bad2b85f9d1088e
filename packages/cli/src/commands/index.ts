import type { BuiltinCommand } from './command.js';
import { drainCommand } from './drain.js';
import { flushCommand } from './flush.js';
import { migrateCommand } from './migrate.js';
import { parkedCommand } from './parked.js';
import { projectionsCommand } from './projections/projections-command.js';
import { setupCommand } from './setup.js';
import { statusCommand } from './status.js';

export type { BuiltinCommand, BuiltinContext, Flags } from './command.js';

/** The built-in commands, in the order `annals help` lists them. */
export const builtinCommands: readonly BuiltinCommand[] = [
  migrateCommand,
  setupCommand,
  flushCommand,
  drainCommand,
  statusCommand,
  parkedCommand,
  projectionsCommand,
];
