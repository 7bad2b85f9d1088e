import { ConfigurationError } from '@annals/core';
import type { JobWorker } from '../job-worker/index.js';
import { onShutdown } from '../internal/on-shutdown.js';
import type { FromWorker } from '../internal/protocol.js';
import { serveJobs } from '../internal/serve-jobs.js';

/** Options of {@link serveJobsFromParent}. */
export interface ServeJobsFromParentOptions {
  /** Signals that stop the worker gracefully. @default ['SIGTERM', 'SIGINT'] */
  readonly signals?: readonly NodeJS.Signals[];
}

/**
 * Serves jobs that the parent process sends over IPC (see {@link forkJobWorker}) with `worker`, in a process
 * started with `child_process.fork`. It runs the worker's `init` at once and tells the parent when it is
 * ready. On SIGTERM or SIGINT, on the parent's `stop()`, or when the parent goes away, it takes no more jobs,
 * lets the running ones finish and answer, closes the application, and exits: with 0, or 1 when `init` or
 * closing the application failed. It owns the process's lifetime from then on.
 *
 * @example
 * ```ts
 * // transfer-worker.ts, started by forkJobWorker(new URL('./transfer-worker.js', import.meta.url))
 * serveJobsFromParent(
 *   defineJobWorker({
 *     init: () => initApplication(createBank),
 *     handle: (job: Transfer) => getApplication<Bank>().transfer(job.from, job.to, job.amount),
 *   }),
 * );
 * ```
 */
export function serveJobsFromParent<J, R>(
  worker: JobWorker<J, R>,
  options: ServeJobsFromParentOptions = {},
): void {
  const send = process.send?.bind(process);
  if (!send) {
    throw new ConfigurationError(
      'process',
      'serveJobsFromParent() needs an IPC channel: start this module with child_process.fork() or forkJobWorker()',
    );
  }
  const server = serveJobs(worker, {
    send: (message: FromWorker) =>
      new Promise<void>((resolve) => {
        // A parent that has gone cannot be told; the job's effects are stored either way.
        if (!process.connected) return resolve();
        send(message, undefined, {}, () => resolve());
      }),
    onMessage: (listener) => process.on('message', listener),
  });
  onShutdown(options.signals ?? ['SIGTERM', 'SIGINT'], () => void server.stop());
  void server.finished.then((code) => process.exit(code));
}
