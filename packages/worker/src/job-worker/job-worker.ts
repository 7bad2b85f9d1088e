import type { TraceCarrier } from '@annals/core/telemetry';

/** Options of {@link JobWorker.run}. */
export interface RunJobOptions {
  /**
   * The trace context the job was submitted in, as message headers carry it (W3C `traceparent`, as
   * `activeTraceHeaders()` of `@annals/core/telemetry` gives it): the job's `annals.job` span joins that trace.
   * The thread pool and forked workers pass it along themselves. @default the active context
   */
  readonly traceContext?: TraceCarrier | undefined;
}

/** Where a job worker stands: not started, running `init`, taking jobs, finishing its jobs, or done. */
export type JobWorkerState = 'idle' | 'starting' | 'ready' | 'stopping' | 'stopped';

/**
 * Runs jobs in one process or thread with that process's application: `init` runs once before the first job,
 * `run` handles one job, `stop` lets the running jobs finish and then closes the application. Create one with
 * {@link defineJobWorker}; feed it from any job source.
 */
export interface JobWorker<J, R> {
  /** See {@link JobWorkerState}. */
  readonly state: JobWorkerState;
  /** How many jobs are running now. */
  readonly running: number;
  /**
   * Runs `init` unless it has run; concurrent calls share one run. When `init` fails, the worker is idle again
   * and the next `start` (or `run`) tries again. `run` calls it, so calling it is optional; call it at start-up
   * to fail fast.
   * @throws JobWorkerStoppedError after `stop`.
   */
  start(): Promise<void>;
  /**
   * Handles one job, after `init` has run.
   * @throws JobWorkerStoppedError after `stop`; whatever `handle` throws.
   */
  run(job: J, options?: RunJobOptions): Promise<R>;
  /**
   * Takes no more jobs, waits for the running ones (and a running `init`) to finish, then closes the
   * application. Safe to call twice.
   */
  stop(): Promise<void>;
}
