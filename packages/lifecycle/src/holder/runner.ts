/**
 * Something that runs beside the application and must stop before it closes: a `ProjectionRunner`, a
 * `ProcessRunner`, an `ApplicationProcess` or a `SingleProcessRunner` of `@annals/core`, or one of your own.
 */
export interface Runner {
  /** Starts the work, e.g. consuming messages or following a log. */
  start(): Promise<void> | void;
  /** Stops it; called once its start has settled, also when the start failed. */
  stop(): Promise<void> | void;
}
