import { isMainThread, parentPort } from 'node:worker_threads';
import { ConfigurationError } from '@annals/core';
import type { JobWorker } from '../job-worker/index.js';
import { serveJobs } from '../internal/serve-jobs.js';

/**
 * Serves the jobs a {@link createThreadPool} sends to this worker thread with `worker`. Call it in the thread's
 * entry module. The worker's `init` runs at once, in this thread: a thread is a separate JavaScript realm with
 * its own `globalThis`, so `initApplication` there fills this thread's own holder and every thread has its own
 * application instance (its own pools and subscribers), as a process would. When the pool closes, the thread
 * finishes its running jobs, closes its application and ends.
 *
 * @example
 * ```ts
 * // report-thread.ts, the entry of createThreadPool({ entry: new URL('./report-thread.js', import.meta.url) })
 * runInThread(
 *   defineJobWorker({
 *     init: () => initApplication(createBank),
 *     handle: async (accountId: string) => (await getApplication<Bank>().account(accountId)).balance,
 *   }),
 * );
 * ```
 */
export function runInThread<J, R>(worker: JobWorker<J, R>): void {
  const port = parentPort;
  if (isMainThread || !port) {
    throw new ConfigurationError(
      'thread',
      'runInThread() runs in a worker thread: name this module as the entry of createThreadPool()',
    );
  }
  const server = serveJobs(worker, {
    send: async (message) => port.postMessage(message),
    onMessage: (listener) => port.on('message', listener),
  });
  // In a worker thread, process.exit() ends this thread only.
  void server.finished.then((code) => process.exit(code));
}
