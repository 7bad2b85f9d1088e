import type { CustomCommand } from '../cli-module.js';
import type { BuiltinCommand, Flags } from '../commands/index.js';

/** What a parsed command line asks for: a built-in command, or one of the application module's own. */
export type Invocation =
  | {
      readonly kind: 'builtin';
      readonly command: BuiltinCommand;
      readonly positionals: readonly string[];
      readonly flags: Flags;
    }
  | { readonly kind: 'custom'; readonly command: CustomCommand; readonly args: readonly string[] };
