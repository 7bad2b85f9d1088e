import { parseArgs } from 'node:util';
import type { Messaging } from '@annals/amqp';
import {
  isAnnalsError,
  isConfigurationError,
  isProjectionNotFoundError,
  isValidationError,
  ValidationError,
  type ProjectionRunner,
} from '@annals/core';
import type { AnnalsCliModule, CustomCommand } from './cli-module.js';
import { builtinCommands, type Flags } from './commands/index.js';
import { loadModule } from './load-module.js';
import { Output } from './output/output.js';

/** The exit codes of `annals`. */
export const ExitCode = {
  /** The command succeeded. */
  ok: 0,
  /** The command ran and failed: storage or broker down, missing topology, a failed flush. */
  failure: 1,
  /**
   * The command line was wrong: unknown command, bad arguments, no application module, a consumer or
   * projection the module does not declare.
   */
  usage: 2,
} as const;

const options = {
  app: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  'wait-for-retries': { type: 'boolean' },
  limit: { type: 'string' },
  id: { type: 'string', multiple: true },
} as const;

/** Options of {@link main}. */
export interface MainOptions {
  /** Where `ANNALS_APP` is read. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** @default stdout and stderr of the process */
  readonly output?: (json: boolean) => Output;
}

/**
 * Runs one `annals` command line and returns its exit code. Only the CLI writes to the terminal; errors end
 * as one line on stderr naming the command and the reason.
 */
export async function main(argv: readonly string[], mainOptions: MainOptions = {}): Promise<number> {
  const env = mainOptions.env ?? process.env;
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: false });
  } catch (error) {
    new Output(false).failure('arguments', (error as Error).message, undefined);
    return ExitCode.usage;
  }
  const { values, positionals } = parsed;
  const json = values.json === true;
  const output = mainOptions.output?.(json) ?? new Output(json);
  const [command = 'help', ...rest] = positionals;
  const appSpecifier = typeof values.app === 'string' ? values.app : env['ANNALS_APP'];
  try {
    if (command === 'help' || values.help === true) {
      const module = appSpecifier ? await loadModule(appSpecifier) : undefined;
      output.result(
        { commands: commandList(module).map(([name, summary]) => ({ name, summary })) },
        helpText(module),
      );
      return ExitCode.ok;
    }
    const builtin = builtinCommands.find((candidate) => candidate.name === command);
    const module = await loadModule(appSpecifier);
    const custom = module.commands?.find((candidate) => candidate.name === command);
    if (!builtin && !custom) {
      output.failure(command, `unknown command "${command}"; see annals help`, undefined);
      return ExitCode.usage;
    }
    const app = typeof module.application === 'function' ? await module.application() : module.application;
    let messaging: Messaging | undefined;
    let projections: Promise<readonly ProjectionRunner<unknown>[]> | undefined;
    try {
      messaging = module.messaging ? await module.messaging(app) : undefined;
      if (builtin) {
        await builtin.run({
          app,
          messaging,
          projections: () => (projections ??= Promise.resolve(module.projections?.(app) ?? [])),
          positionals: rest,
          flags: flagsOf(values),
          output,
        });
      } else if (custom) {
        const result = await custom.run({ app, messaging, args: customArgs(argv, command), output });
        output.result(
          result ?? null,
          result === undefined ? '' : typeof result === 'string' ? result : JSON.stringify(result, null, 2),
        );
      }
    } finally {
      await messaging?.close();
      await app.close();
    }
    return ExitCode.ok;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    output.failure(command, message, isAnnalsError(error) ? error.code : undefined);
    const usage =
      isValidationError(error) ||
      isProjectionNotFoundError(error) ||
      (isConfigurationError(error) && error.setting === 'app');
    return usage ? ExitCode.usage : ExitCode.failure;
  }
}

function flagsOf(values: Record<string, unknown>): Flags {
  const limit = values['limit'] === undefined ? undefined : Number(values['limit']);
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 1)) {
    throw new ValidationError(`--limit must be a whole number >= 1; got ${String(values['limit'])}`);
  }
  const ids = values['id'];
  return {
    waitForRetries: values['wait-for-retries'] === true,
    limit,
    ids: Array.isArray(ids) ? ids.map(String) : [],
  };
}

/** The arguments after a custom command's name, without the global flags. */
function customArgs(argv: readonly string[], command: string): string[] {
  const args: string[] = [];
  let seenCommand = false;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? '';
    if (arg === '--json' || arg.startsWith('--app=')) continue;
    if (arg === '--app') {
      index++;
      continue;
    }
    if (!seenCommand && arg === command) {
      seenCommand = true;
      continue;
    }
    args.push(arg);
  }
  return args;
}

function commandList(module: AnnalsCliModule | undefined): [string, string][] {
  const customs: readonly CustomCommand[] = module?.commands ?? [];
  return [
    ...builtinCommands.map((command) => [command.usage, command.summary] as [string, string]),
    ...customs.map((command) => [command.name, command.summary] as [string, string]),
  ];
}

function helpText(module: AnnalsCliModule | undefined): string {
  const rows = commandList(module);
  const width = Math.max(...rows.map(([usage]) => usage.length));
  return [
    'Usage: annals <command> [args] [--app <module>] [--json]',
    '',
    'The application module comes from --app or ANNALS_APP.',
    '',
    ...rows.map(([usage, summary]) => `  ${usage.padEnd(width)}  ${summary}`),
  ].join('\n');
}
