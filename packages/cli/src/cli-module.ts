import type { Messaging } from '@annals/amqp';
import type { Application, ProjectionRunner } from '@annals/core';
import type { Output } from './output/output.js';

/** What a command of the application's own gets. */
export interface CommandContext<A extends Application = Application> {
  /** The application, built and not yet closed. */
  readonly app: A;
  /** Present when the module defines messaging. */
  readonly messaging: Messaging | undefined;
  /** The arguments after the command's name, global flags removed. */
  readonly args: readonly string[];
  /** Where the command writes what people or scripts read. */
  readonly output: Output;
}

/** A subcommand an application registers: `annals <name> [args]`. */
export interface CustomCommand<A extends Application = Application> {
  /** One word, not one of the built-in commands. */
  readonly name: string;
  /** One line for `annals help`. */
  readonly summary: string;
  /** Does the work; what it returns is printed (as JSON with `--json`). */
  readonly run: (context: CommandContext<A>) => unknown;
}

/**
 * What the module named by `--app` or `ANNALS_APP` exports, as its default export or as named exports.
 *
 * @example
 * ```ts
 * // bank-cli.ts
 * export default defineCli({
 *   application: () => new Bank({ strategies: { postgres: postgresqlPersistence } }),
 *   messaging: (bank) => {
 *     const messaging = new Messaging(bank, { exchange: 'bank.events', publishes: ['BankAccount.*'] });
 *     messaging.consumer('statements').subscribe('BankAccount.*', sendStatement);
 *     return messaging;
 *   },
 *   projections: (bank) => [balancesRunner(bank)],
 *   commands: [{ name: 'close-dormant', summary: 'close accounts unused for a year', run: ({ app }) => app.closeDormant() }],
 * });
 * ```
 */
export interface AnnalsCliModule<A extends Application = Application> {
  /** The application, or a function that builds it. */
  readonly application: A | (() => A | Promise<A>);
  /** Builds the application's messaging (publishing and consumers). @default undefined */
  readonly messaging?: ((app: A) => Messaging | Promise<Messaging>) | undefined;
  /**
   * Builds the runners of the application's projections, as its services build them (same store, context
   * and partitions), for `annals projections` to read and control; the CLI never starts them.
   * @default undefined: no projections
   */
  readonly projections?:
    | ((app: A) => readonly ProjectionRunner<unknown>[] | Promise<readonly ProjectionRunner<unknown>[]>)
    | undefined;
  /** Commands of the application's own. @default [] */
  readonly commands?: readonly CustomCommand<A>[] | undefined;
}

/** Types an `annals` module; returns it unchanged. */
export function defineCli<A extends Application>(module: AnnalsCliModule<A>): AnnalsCliModule<A> {
  return module;
}
