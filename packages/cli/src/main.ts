import type { Messaging } from '@annals/amqp';
import {
  isAnnalsError,
  isConfigurationError,
  isProjectionNotFoundError,
  isValidationError,
  type ProjectionRunner,
} from '@annals/core';
import { CommanderError } from 'commander';
import type { AnnalsCliModule } from './cli-module.js';
import { loadModule } from './load-module.js';
import { Output } from './output/output.js';
import { AnnalsProgram } from './program/annals-program.js';
import { globalOptions, type GlobalOptions } from './program/global-options.js';
import type { Invocation } from './program/invocation.js';

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
  let globals: GlobalOptions;
  try {
    globals = globalOptions(argv);
  } catch (error) {
    new Output(false).failure('arguments', reasonOf(error), undefined);
    return ExitCode.usage;
  }
  const output = mainOptions.output?.(globals.json) ?? new Output(globals.json);
  const [command = 'help', topic] = globals.operands;
  const appSpecifier = globals.app ?? env['ANNALS_APP'];
  try {
    const module = appSpecifier ? await loadModule(appSpecifier) : undefined;
    const program = new AnnalsProgram(module?.commands ?? [], output);
    if (command === 'help') {
      const about = topic !== undefined && program.has(topic) ? topic : undefined;
      output.result({ commands: program.summaries(about) }, program.help(about).trimEnd());
      return ExitCode.ok;
    }
    if (!program.has(command)) {
      // Without a module, the command may be one of the module's own: say that the module is missing.
      if (!module) await loadModule(appSpecifier);
      output.failure(command, `unknown command "${command}"; see annals help`, undefined);
      return ExitCode.usage;
    }
    const invocation = await program.parse(argv);
    if (!invocation) {
      if (globals.json) output.result({ commands: program.summaries(command) }, '');
      return ExitCode.ok;
    }
    await run(module ?? (await loadModule(appSpecifier)), invocation, output);
    return ExitCode.ok;
  } catch (error) {
    output.failure(command, reasonOf(error), isAnnalsError(error) ? error.code : undefined);
    const usage =
      error instanceof CommanderError ||
      isValidationError(error) ||
      isProjectionNotFoundError(error) ||
      (isConfigurationError(error) && error.setting === 'app');
    return usage ? ExitCode.usage : ExitCode.failure;
  }
}

/** Builds the application (and its messaging), runs the command, and closes them. */
async function run(module: AnnalsCliModule, invocation: Invocation, output: Output): Promise<void> {
  const app = typeof module.application === 'function' ? await module.application() : module.application;
  let messaging: Messaging | undefined;
  let projections: Promise<readonly ProjectionRunner<unknown>[]> | undefined;
  try {
    messaging = module.messaging ? await module.messaging(app) : undefined;
    if (invocation.kind === 'builtin') {
      await invocation.command.run({
        app,
        messaging,
        projections: () => (projections ??= Promise.resolve(module.projections?.(app) ?? [])),
        positionals: invocation.positionals,
        flags: invocation.flags,
        output,
      });
    } else {
      const result = await invocation.command.run({ app, messaging, args: invocation.args, output });
      output.result(
        result ?? null,
        result === undefined ? '' : typeof result === 'string' ? result : JSON.stringify(result, null, 2),
      );
    }
  } finally {
    await messaging?.close();
    await app.close();
  }
}

/** The reason an error gives, without the `error: ` commander puts before its own. */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return error instanceof CommanderError ? message.replace(/^error: /, '') : message;
}
