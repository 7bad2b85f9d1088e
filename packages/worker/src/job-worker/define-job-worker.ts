import { defaultApplicationHolder, type Closable } from '@annals/lifecycle';
import { JobWorkerStoppedError } from '../errors/index.js';
import type { JobWorker, JobWorkerState, RunJobOptions } from './job-worker.js';
import type { JobWorkerOptions } from './job-worker-options.js';
import { runJob } from './run-job.js';

const ignore = (): void => undefined;

class DefinedJobWorker<J, R> implements JobWorker<J, R> {
  readonly #init: () => unknown;
  readonly #handle: (job: J) => R | Promise<R>;
  readonly #holder: Closable;
  readonly #name: string;
  readonly #running = new Set<Promise<unknown>>();
  #starting: Promise<void> | undefined;
  #started = false;
  #stopping: Promise<void> | undefined;
  #stopped = false;

  constructor(options: JobWorkerOptions<J, R>) {
    this.#init = options.init;
    this.#handle = options.handle;
    this.#holder = options.holder ?? defaultApplicationHolder();
    this.#name = options.name ?? 'job';
  }

  get state(): JobWorkerState {
    if (this.#stopped) return 'stopped';
    if (this.#stopping) return 'stopping';
    if (this.#started) return 'ready';
    return this.#starting ? 'starting' : 'idle';
  }

  get running(): number {
    return this.#running.size;
  }

  start(): Promise<void> {
    if (this.#stopping) return Promise.reject(new JobWorkerStoppedError());
    this.#starting ??= Promise.resolve()
      .then(this.#init)
      .then(
        () => {
          this.#started = true;
        },
        (error: unknown) => {
          this.#starting = undefined;
          throw error;
        },
      );
    return this.#starting;
  }

  async run(job: J, options: RunJobOptions = {}): Promise<R> {
    if (this.#stopping) throw new JobWorkerStoppedError();
    const running = this.start().then(() =>
      runJob(this.#name, () => this.#handle(job), options.traceContext),
    );
    this.#running.add(running);
    try {
      return await running;
    } finally {
      this.#running.delete(running);
    }
  }

  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      try {
        await Promise.allSettled(this.#running);
        await this.#starting?.catch(ignore);
        await this.#holder.close();
      } finally {
        this.#stopped = true;
      }
    })();
    return this.#stopping;
  }
}

/**
 * Defines a job worker: `init` once per process before the first job, `handle` per job, and a graceful `stop`.
 * Feed it from any job source; `@annals/worker` ships two that cross process and thread boundaries
 * ({@link serveJobsFromParent} with {@link forkJobWorker}, and {@link runInThread} with
 * {@link createThreadPool}), and a queue library plugs in the same way.
 *
 * @example
 * ```ts
 * // A BullMQ worker: the queue library delivers jobs, Annals runs them. `createBank` is the application
 * // factory, e.g. `async () => new Bank({ strategy: postgresqlStrategy({ url }) })`.
 * const transfers = defineJobWorker({
 *   init: () => initApplication(createBank),
 *   handle: (job: { from: string; to: string; amount: number }) =>
 *     getApplication<Bank>().transfer(job.from, job.to, job.amount),
 * });
 * await transfers.start(); // fail fast: construct the application before taking jobs
 * const queue = new Worker('transfers', (job) => transfers.run(job.data), { connection });
 * process.once('SIGTERM', async () => {
 *   await queue.close(); // stop fetching; BullMQ waits for the jobs it handed out
 *   await transfers.stop(); // then close the application
 * });
 *
 * // pg-boss is alike: work with the job worker, and stop the queue before it.
 * await boss.work('transfers', ([job]) => transfers.run(job.data));
 * process.once('SIGTERM', async () => {
 *   await boss.stop({ graceful: true });
 *   await transfers.stop();
 * });
 * ```
 */
export function defineJobWorker<J, R>(options: JobWorkerOptions<J, R>): JobWorker<J, R> {
  return new DefinedJobWorker(options);
}
