import type { Closable } from '@annals/lifecycle';

/** Options of {@link defineJobWorker}. */
export interface JobWorkerOptions<J, R> {
  /**
   * Runs once per worker process (or thread) before its first job: construct the application here, e.g.
   * `() => initApplication(factory)`.
   */
  readonly init: () => unknown;
  /** Handles one job; get the application with `getApplication()` (or your holder's `get()`). */
  readonly handle: (job: J) => R | Promise<R>;
  /**
   * What `stop` closes once the running jobs have finished: the holder `init` initialised.
   * @default the process's default holder (the one `initApplication` uses)
   */
  readonly holder?: Closable;
  /** The job's kind in traces and metrics (`annals.job` spans, `annals.job.duration`). @default 'job' */
  readonly name?: string;
}
