import type { Application, ApplicationOptions } from '../application/index.js';
import { ValidationError } from '../errors/index.js';
import { ProcessRunner, type ProcessApplication } from '../processes/index.js';
import { ApplicationLog } from '../projections/index.js';
import type { ApplicationClass, System } from './system.js';

/** Options of an {@link ApplicationProcess}. */
export interface ApplicationProcessOptions {
  /**
   * The options each application is constructed with: the one this process runs, and each upstream it
   * reads (constructed here only to read its log, so give it the upstream's storage).
   * @default `{}` for every one
   */
  readonly options?: ((application: ApplicationClass) => ApplicationOptions) | undefined;
  /** Passed to every process runner: how long to sleep when nothing wakes it, in ms. @default 1000 */
  readonly pollInterval?: number | undefined;
}

/**
 * Runs one application of a system in this process (one process per application): the application, and a
 * follower of each upstream it follows, reading the upstream's log from the upstream's storage. Use it in
 * a worker's init hook; other processes run the other applications.
 *
 * @example
 * ```ts
 * const process = new ApplicationProcess(system, Transfers, { options: (application) => settingsOf(application) });
 * await process.start();
 * ```
 */
export class ApplicationProcess<A extends Application = Application> implements AsyncDisposable {
  /** The application the process runs. */
  readonly app: A;
  readonly #upstreams: Application[] = [];
  readonly #runners: ProcessRunner[] = [];
  #started: Promise<void> | undefined;

  constructor(system: System, application: ApplicationClass<A>, options: ApplicationProcessOptions = {}) {
    if (!system.applications.includes(application)) {
      throw new ValidationError(`the system has no application ${application.name}`);
    }
    const optionsOf = options.options ?? (() => ({}));
    this.app = new application(optionsOf(application));
    for (const upstream of system.upstreamsOf(application)) {
      const reader = upstream === application ? this.app : new upstream(optionsOf(upstream));
      if (reader !== this.app) this.#upstreams.push(reader);
      this.#runners.push(
        new ProcessRunner({
          app: this.app as unknown as ProcessApplication,
          source: new ApplicationLog(reader),
          pollInterval: options.pollInterval,
        }),
      );
    }
  }

  /** The followers of the application's upstreams, one per upstream. */
  get runners(): readonly ProcessRunner[] {
    return this.#runners;
  }

  /** Starts following the upstreams. */
  start(): Promise<void> {
    this.#started ??= (async () => {
      for (const runner of this.#runners) await runner.start();
    })();
    return this.#started;
  }

  /** Stops following, then closes the application and the upstream readers. */
  async stop(): Promise<void> {
    await this.#started?.catch(() => undefined);
    await Promise.all(this.#runners.map((runner) => runner.stop()));
    await Promise.all([this.app, ...this.#upstreams].map((app) => app.close()));
  }

  /** Stops the process, as {@link ApplicationProcess.stop} does. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
