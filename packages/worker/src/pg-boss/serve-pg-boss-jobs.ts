import { defaultApplicationHolder } from '@annals/lifecycle';
import type { Job, JobResult, PgBoss, WorkOptions } from 'pg-boss';
import { defineJobWorker } from '../job-worker/index.js';
import type { QueueJobWorker, QueueJobWorkerOptions } from '../job-queue/queue-job-worker-options.js';
import { exitOnSignals } from '../internal/exit-on-signals.js';
import { describeError } from '../internal/remote-error.js';
import { runJobOnce } from '../internal/run-job-once.js';

/** Options of {@link servePgBossJobs}. */
export interface ServePgBossJobsOptions<J, R> extends QueueJobWorkerOptions<J, R, Job<J>> {
  /** A started pg-boss instance; the queue must exist (`boss.createQueue`). */
  readonly boss: PgBoss;
  /**
   * pg-boss's work options: `batchSize`, `pollingIntervalSeconds`, …. Each job of a batch settles on its
   * own; `perJobResults` and `transactional` are Annals' to decide.
   * @default pg-boss's defaults
   */
  readonly work?: Omit<WorkOptions, 'perJobResults' | 'transactional' | 'includeMetadata'> | undefined;
}

/**
 * Serves the jobs of a pg-boss queue (on PostgreSQL) in this process: runs `init` once, before the worker
 * takes its first job, then handles each job with `handle`, where `getApplication()` returns the
 * application. Each job's saves commit with its idempotency key (`pg-boss/<queue>` and the job's id), so a
 * job pg-boss retries after a worker crashed (an expired job) does not repeat them: the retry completes
 * without running `handle`. On SIGTERM or SIGINT, or `stop()`, it stops working the queue, lets the running
 * jobs finish, and closes the application; the `boss` stays the caller's to stop.
 *
 * @throws whatever `init` threw; nothing is left open.
 *
 * @example
 * ```ts
 * // transfer-worker.ts: one process of a pg-boss worker pool. createBank is the application factory.
 * const boss = await new PgBoss(postgresUrl).start();
 * await servePgBossJobs({
 *   boss,
 *   queue: 'transfers',
 *   init: () => initApplication(createBank),
 *   handle: (transfer: Transfer) =>
 *     getApplication<Bank>().transfer(transfer.from, transfer.to, transfer.amount),
 * });
 * ```
 */
export async function servePgBossJobs<J, R>(options: ServePgBossJobsOptions<J, R>): Promise<QueueJobWorker> {
  const { boss, queue } = options;
  const holder = options.holder ?? defaultApplicationHolder();
  const consumer = `pg-boss/${queue}`;
  const jobs = defineJobWorker({
    init: options.init,
    holder,
    handle: async (job: Job<J>): Promise<R | undefined> => {
      const outcome = await runJobOnce(holder, { consumer, id: job.id }, () => options.handle(job.data, job));
      return outcome.ran ? outcome.result : undefined;
    },
  });
  // Each job of a batch settles on its own: a failed one is retried, the others are done.
  const settle = (job: Job<J>): Promise<JobResult> =>
    jobs.run(job).then(
      (output) => ({ id: job.id, status: 'completed', output }),
      (error: unknown) => ({ id: job.id, status: 'failed', output: describeError(error) }),
    );
  try {
    await jobs.start();
  } catch (error) {
    await jobs.stop();
    throw error;
  }
  await boss.work<J>(queue, { ...options.work, perJobResults: true }, (batch: Job<J>[]) =>
    Promise.all(batch.map(settle)),
  );
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      try {
        await boss.offWork(queue, { wait: true });
      } finally {
        await jobs.stop();
      }
    })());
  exitOnSignals(options.signals ?? ['SIGTERM', 'SIGINT'], stop);
  return { stop };
}
