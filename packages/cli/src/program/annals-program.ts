import { ValidationError } from '@annals/core';
import { Command, CommanderError, type OptionValues } from 'commander';
import type { CustomCommand } from '../cli-module.js';
import { builtinCommands, type Flags } from '../commands/index.js';
import type { Output } from '../output/output.js';
import type { Invocation } from './invocation.js';

/** The `annals` command line: the built-in commands and the module's own, with help for each. */
export class AnnalsProgram {
  readonly #program: Command;
  readonly #usages: ReadonlyMap<string, string>;
  #invocation: Invocation | undefined;

  constructor(customs: readonly CustomCommand[], output: Output) {
    const builtins = new Set(builtinCommands.map((command) => command.name));
    // A module's command named like a built-in one never runs: the built-in one does.
    const own = customs.filter((command) => !builtins.has(command.name));
    const usages = new Map(builtinCommands.map((command) => [command.name, command.usage]));
    this.#usages = usages;
    this.#program = new Command('annals')
      .description('Operate an Annals application. The application module comes from --app or ANNALS_APP.')
      .usage('<command> [args] [--app <module>] [--json]')
      .option('--app <module>', 'the application module (a path or a package name)')
      .option('--json', 'print the result as one JSON document')
      .helpCommand(false)
      .exitOverride()
      .configureHelp({ subcommandTerm: (command) => usages.get(command.name()) ?? command.name() })
      .configureOutput({
        writeOut: (text) => output.help(text),
        writeErr: () => undefined,
        outputError: () => undefined,
      });
    for (const builtin of builtinCommands) {
      const command = this.#program.command(builtin.name).description(builtin.summary);
      builtin.configure?.(command);
      command.action((...args: unknown[]) => {
        const parsed = args.at(-1) as Command;
        this.#invocation = {
          kind: 'builtin',
          command: builtin,
          positionals: parsed.args,
          flags: flagsOf(parsed.opts()),
        };
      });
    }
    for (const custom of own) {
      this.#program
        .command(custom.name)
        .description(custom.summary)
        .argument('[args...]', "the command's own arguments and options")
        .allowUnknownOption()
        .action((...args: unknown[]) => {
          this.#invocation = { kind: 'custom', command: custom, args: (args.at(-1) as Command).args };
        });
    }
  }

  /** Whether `name` is a command of this program. */
  has(name: string): boolean {
    return this.#program.commands.some((command) => command.name() === name);
  }

  /** How `annals help --json` lists every command, or only `name`: its usage as `name`, and its summary. */
  summaries(name?: string): { readonly name: string; readonly summary: string }[] {
    return this.#program.commands
      .filter((command) => name === undefined || command.name() === name)
      .map((command) => ({
        name: this.#usages.get(command.name()) ?? command.name(),
        summary: command.description(),
      }));
  }

  /** The help text of the program, or of the command `name`. */
  help(name?: string): string {
    const command = this.#program.commands.find((candidate) => candidate.name() === name);
    return (command ?? this.#program).helpInformation();
  }

  /**
   * Parses a command line.
   * @returns what it asks for; `undefined` when it asked for help, which has been written
   * @throws CommanderError when it is wrong: an unknown option, a missing or excess argument
   * @throws ValidationError when `--limit` is not a whole number >= 1
   */
  async parse(argv: readonly string[]): Promise<Invocation | undefined> {
    this.#invocation = undefined;
    try {
      await this.#program.parseAsync([...argv], { from: 'user' });
    } catch (error) {
      if (error instanceof CommanderError && error.code === 'commander.helpDisplayed') return undefined;
      throw error;
    }
    return this.#invocation;
  }
}

function flagsOf(options: OptionValues): Flags {
  const raw: unknown = options['limit'];
  const limit = raw === undefined ? undefined : Number(raw);
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 1)) {
    throw new ValidationError(`--limit must be a whole number >= 1; got ${String(raw)}`);
  }
  const ids: unknown = options['id'];
  return {
    waitForRetries: options['waitForRetries'] === true,
    limit,
    ids: Array.isArray(ids) ? ids.map(String) : [],
  };
}
