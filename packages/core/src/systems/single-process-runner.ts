import type { Application, ApplicationOptions } from '../application/index.js';
import { ValidationError } from '../errors/index.js';
import { ProcessRunner } from '../processes/index.js';
import { ApplicationLog } from '../projections/index.js';
import type { ApplicationClass, System } from './system.js';

/** Options of a {@link SingleProcessRunner}. */
export interface SingleProcessRunnerOptions {
  /** The options each application is constructed with. @default `{}` for every one */
  readonly options?: ((application: ApplicationClass) => ApplicationOptions) | undefined;
  /** Passed to every process runner: how long to sleep when nothing wakes it, in ms. @default 1000 */
  readonly pollInterval?: number | undefined;
}

/**
 * Runs every application of a system in this process: for tests and small services. Each follower wakes
 * on its upstream's commits at once.
 *
 * @example
 * ```ts
 * await using runner = new SingleProcessRunner(system);
 * await runner.start();
 * const transfers = runner.get(Transfers);
 * ```
 */
export class SingleProcessRunner implements AsyncDisposable {
  /** The system it runs. */
  readonly system: System;
  readonly #options: SingleProcessRunnerOptions;
  readonly #applications = new Map<ApplicationClass, Application>();
  readonly #runners: ProcessRunner[] = [];
  #started: Promise<void> | undefined;

  constructor(system: System, options: SingleProcessRunnerOptions = {}) {
    this.system = system;
    this.#options = options;
  }

  /** Constructs the applications and starts every follower. */
  start(): Promise<void> {
    this.#started ??= (async () => {
      for (const application of this.system.applications) {
        this.#applications.set(application, new application(this.#options.options?.(application) ?? {}));
      }
      for (const { upstream, downstream } of this.system.edges) {
        const runner = new ProcessRunner({
          app: this.get(downstream),
          source: new ApplicationLog(this.get(upstream)),
          pollInterval: this.#options.pollInterval,
        });
        this.#runners.push(runner);
        await runner.start();
      }
    })();
    return this.#started;
  }

  /** The running instance of an application of the system. */
  get<A extends Application>(application: ApplicationClass<A>): A {
    const instance = this.#applications.get(application);
    if (!instance) {
      throw new ValidationError(
        `${application.name} is not running here: start the runner first, and check that the system names it`,
      );
    }
    return instance as A;
  }

  /**
   * Waits until every follower has processed everything its upstream had when this was called, and what
   * that caused, until the system is quiet.
   */
  async settle(options: { timeout?: number } = {}): Promise<void> {
    let heads = await this.#heads();
    for (;;) {
      for (const [index, runner] of this.#runners.entries()) await runner.waitFor(heads[index] ?? 0, options);
      const after = await this.#heads();
      if (after.every((head, index) => head === heads[index])) return;
      heads = after;
    }
  }

  async #heads(): Promise<number[]> {
    return Promise.all(this.#runners.map((runner) => runner.source.maxPosition()));
  }

  /** Stops the followers, then closes the applications. */
  async stop(): Promise<void> {
    await this.#started?.catch(() => undefined);
    await Promise.all(this.#runners.map((runner) => runner.stop()));
    await Promise.all([...this.#applications.values()].map((app) => app.close()));
  }

  /** Stops the runner, as {@link SingleProcessRunner.stop} does. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
