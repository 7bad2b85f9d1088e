import type { Application } from '@annals/core';
import type { ApplicationHolder, Closable } from '@annals/lifecycle';

/** What the BullMQ and pg-boss integrations share: the job worker's hooks, its holder and its signals. */
export interface QueueJobWorkerOptions<J, R, Q> {
  /** The queue's name. */
  readonly queue: string;
  /**
   * Runs once per worker process before its first job, and before the worker takes any: construct the
   * application here, e.g. `() => initApplication(createBank)`.
   */
  readonly init: () => unknown;
  /**
   * Handles one job: `data` is what was queued, `job` the queue library's own job. Saves made here (through
   * `getApplication()`) commit together with the job's idempotency key, so they happen once per job however
   * often the queue delivers it.
   */
  readonly handle: (data: J, job: Q) => R | Promise<R>;
  /**
   * Holds the application `init` initialised: jobs record their idempotency keys in its storage, which needs
   * the `tracking` and `transactions` capabilities, and a graceful stop closes it.
   * @default the default holder (the one `initApplication` uses)
   */
  readonly holder?: ApplicationHolder<Application> | ApplicationHolder<Closable> | undefined;
  /**
   * Signals on which the worker stops gracefully and the process exits: 0 after a clean stop, 1 otherwise.
   * `[]` leaves the process's lifetime to the caller, who calls `stop()`.
   * @default ['SIGTERM', 'SIGINT']
   */
  readonly signals?: readonly NodeJS.Signals[] | undefined;
}

/** A queue worker running jobs with this process's application. */
export interface QueueJobWorker {
  /**
   * Takes no more jobs, lets the running ones finish, then closes the application. Safe to call twice.
   */
  stop(): Promise<void>;
}
