import { Command } from 'commander';

/** The flags every command takes, and the command line's operands, read before the module is loaded. */
export interface GlobalOptions {
  /** `--app`, when given. */
  readonly app: string | undefined;
  /** `--json`. */
  readonly json: boolean;
  /** The operands: the command's name first. */
  readonly operands: readonly string[];
}

/**
 * Reads `--app` and `--json` wherever they stand: the module they name declares commands of its own, so it
 * is loaded before the whole command line is parsed.
 * @throws CommanderError when `--app` has no value
 */
export function globalOptions(argv: readonly string[]): GlobalOptions {
  const globals = new Command()
    .option('--app <module>')
    .option('--json')
    .allowUnknownOption()
    .allowExcessArguments()
    .helpOption(false)
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, outputError: () => undefined });
  const { operands } = globals.parseOptions([...argv]);
  globals.parse([...argv], { from: 'user' });
  const { app, json } = globals.opts<{ app?: string; json?: boolean }>();
  return { app, json: json === true, operands };
}
