import type { Logger } from '@annals/core';
import type { Closable } from '@annals/lifecycle';

/** Undoes what a start-up hook set up, e.g. closes the HTTP server it started. */
export type StopHook = () => void | Promise<void>;

/** Options of {@link runCluster}. */
export interface RunClusterOptions {
  /**
   * Runs in each worker process after it is forked, never in the primary: initialise the application here
   * (`await initApplication(factory)`), then start serving. It may return a {@link StopHook}, which runs on
   * shutdown before the application is closed.
   */
  readonly worker: () => StopHook | void | Promise<StopHook | void>;
  /**
   * Runs in the primary once the workers are forked, e.g. to serve metrics. It must not construct an
   * application. It may return a {@link StopHook}, which runs once the workers have exited.
   * @default nothing
   */
  readonly primary?: () => StopHook | void | Promise<StopHook | void>;
  /** How many worker processes. @default os.availableParallelism() */
  readonly workers?: number;
  /**
   * How many times the primary replaces workers that exited on their own within `restartWindow`. One more
   * crash shuts the cluster down, and the primary exits with 1, so that the process supervisor sees it.
   * @default 5
   */
  readonly maxRestarts?: number;
  /** The window of `maxRestarts`, in ms. @default 60_000 */
  readonly restartWindow?: number;
  /** How long the primary waits for workers to close on shutdown before it kills them, in ms. @default 30_000 */
  readonly shutdownTimeout?: number;
  /** Signals on which the primary shuts the cluster down, and forwards to the workers. @default ['SIGTERM', 'SIGINT'] */
  readonly signals?: readonly NodeJS.Signals[];
  /** What each worker closes on shutdown, after its stop hook. @default the default holder (`initApplication`'s) */
  readonly holder?: Closable;
  /** Where the primary reports restarts and shutdowns. @default silent */
  readonly logger?: Logger;
}
