import { defaultApplicationHolder } from '@annals/lifecycle';
import { Worker, type Job, type WorkerOptions } from 'bullmq';
import { defineJobWorker } from '../job-worker/index.js';
import type { QueueJobWorker, QueueJobWorkerOptions } from '../job-queue/queue-job-worker-options.js';
import { exitOnSignals } from '../internal/exit-on-signals.js';
import { runJobOnce } from '../internal/run-job-once.js';

/** Options of {@link serveBullmqJobs}. */
export interface ServeBullmqJobsOptions<J, R> extends QueueJobWorkerOptions<J, R, Job<J>> {
  /**
   * BullMQ's worker options: `connection` (an ioredis client), `prefix`, `concurrency`, `lockDuration`, ….
   * `autorun` is Annals' to decide: the worker takes jobs once `init` has run.
   */
  readonly worker: Omit<WorkerOptions, 'autorun'>;
}

/** A BullMQ worker whose jobs run with this process's application. */
export interface BullmqJobWorker extends QueueJobWorker {
  /** The BullMQ worker, e.g. for its events. */
  readonly worker: Worker<unknown, unknown>;
}

/**
 * Serves the jobs of a BullMQ queue (on Redis) in this process: runs `init` once, before the worker takes its
 * first job, then handles each job with `handle`, where `getApplication()` returns the application. Each job's
 * saves commit with its idempotency key (`bullmq/<prefix>:<queue>` with the job's id and creation time, the
 * same on every delivery of the job), so a job BullMQ delivers again after a worker crashed (a stalled job)
 * does not repeat them: that delivery completes without running `handle`, with `undefined` as its result. On
 * SIGTERM or SIGINT, or `stop()`, the worker takes no more jobs, lets the running ones finish, and closes the
 * application.
 *
 * @throws whatever `init` threw; nothing is left open.
 *
 * @example
 * ```ts
 * // transfer-worker.ts: one process of a BullMQ worker pool. createBank is the application factory.
 * await serveBullmqJobs({
 *   queue: 'transfers',
 *   init: () => initApplication(createBank),
 *   handle: (transfer: Transfer) =>
 *     getApplication<Bank>().transfer(transfer.from, transfer.to, transfer.amount),
 *   worker: { connection: new Redis(redisUrl, { maxRetriesPerRequest: null }), concurrency: 4 },
 * });
 * ```
 */
export async function serveBullmqJobs<J, R>(options: ServeBullmqJobsOptions<J, R>): Promise<BullmqJobWorker> {
  const holder = options.holder ?? defaultApplicationHolder();
  const consumer = `bullmq/${options.worker.prefix ?? 'bull'}:${options.queue}`;
  const jobs = defineJobWorker({
    init: options.init,
    holder,
    handle: async (job: Job<J>): Promise<R | undefined> => {
      // BullMQ numbers jobs from 1 again in a queue that was emptied out; its creation time tells them apart.
      const id = `${job.id}@${job.timestamp}`;
      const outcome = await runJobOnce(holder, { consumer, id }, () => options.handle(job.data, job));
      return outcome.ran ? outcome.result : undefined;
    },
  });
  try {
    await jobs.start();
  } catch (error) {
    await jobs.stop();
    throw error;
  }
  const worker = new Worker<J, R | undefined>(options.queue, (job: Job<J>) => jobs.run(job), {
    ...options.worker,
    autorun: true,
  });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      try {
        // BullMQ's close waits for the jobs it handed out before it returns.
        await worker.close();
      } finally {
        await jobs.stop();
      }
    })());
  exitOnSignals(options.signals ?? ['SIGTERM', 'SIGINT'], stop);
  return { worker: worker as Worker<unknown, unknown>, stop };
}
