import { randomUUID } from 'node:crypto';
import type { ExecutionContext, TestFn } from 'ava';
import type { LedgerJob, LedgerJobResult } from './ledger-job.js';
import type { Ledger } from './ledger.js';
import { exitWithin, printed, startQueueWorker } from './queue-worker-process.js';

/** One queue of the library under test, made for one test. */
export interface QueueUnderTest {
  /** The variables that point the worker module at this queue. */
  readonly env: Readonly<Record<string, string>>;
  /** Queues a job; resolves with its id. */
  add(job: LedgerJob): Promise<string>;
  /**
   * Resolves with the job's result once the queue has it completed (`undefined` for a job the worker skipped
   * as done before); rejects when it failed, or when `timeout` ms pass first.
   */
  completed(id: string, timeout?: number): Promise<LedgerJobResult | undefined>;
}

/** What the contract needs of a queue library's test file. */
export interface QueueLibrary {
  /** The worker fixture module, which serves the queue with the library's integration. */
  readonly workerModule: URL;
  /** The ledger the workers post to, on the test file's own database. */
  ledger(): Ledger;
  /** A new queue of the test's own, removed after it. */
  queue(t: ExecutionContext): Promise<QueueUnderTest>;
}

type CrashPoint = 'before-save' | 'after-commit';

/** How long a worker process may take to start, or to take its first job, in ms: generous, for busy machines. */
const startup = 90_000;

/**
 * The behaviour every job-queue integration shares, run against a real queue: init once per worker before
 * its first job, `getApplication()` in jobs, a graceful stop, and a job retried after its worker was
 * SIGKILLed that posts its entry exactly once. The tests run one at a time: each starts worker processes.
 */
export function queueWorkerContract(test: TestFn, library: QueueLibrary): void {
  const entry = (): string => `entry-${randomUUID()}`;

  test.serial(
    'init runs once per worker before its first job, and jobs get the application with getApplication()',
    async (t) => {
      const queue = await library.queue(t);
      const entries = [entry(), entry(), entry()];
      const ids = await Promise.all(entries.map((name) => queue.add({ entry: name })));
      const worker = startQueueWorker(t, library.workerModule, queue.env);
      await printed(worker, 'ready', startup);
      const results = await Promise.all(ids.map((id) => queue.completed(id)));
      t.true(results.every((result) => result?.pid === worker.process.pid));
      t.true(results.every((result) => result?.inits === 1));
      t.is(new Set(results.map((result) => result?.instance)).size, 1, 'one application for all the jobs');
      for (const name of entries) t.is(await library.ledger().postings(name), 1);
      worker.process.kill('SIGTERM');
      t.deepEqual(await exitWithin(worker), { code: 0, signal: null });
    },
  );

  test.serial(
    'SIGTERM during a job: the job finishes, then the application closes and the worker exits 0',
    async (t) => {
      const queue = await library.queue(t);
      const name = entry();
      const id = await queue.add({ entry: name, wait: 500 });
      const worker = startQueueWorker(t, library.workerModule, queue.env);
      await printed(worker, `started ${name}`, startup);
      worker.process.kill('SIGTERM');
      t.deepEqual(await exitWithin(worker), { code: 0, signal: null });
      t.deepEqual(
        worker.output.lines.filter((line) => !line.startsWith('ready') && !line.startsWith('started')),
        [`finished ${name}`, 'closed'],
        'the application closed after the job finished',
      );
      t.is((await queue.completed(id))?.pid, worker.process.pid);
      t.is(await library.ledger().postings(name), 1);
    },
  );

  const killedMidJob = (crash: CrashPoint, title: string): void => {
    test.serial(title, async (t) => {
      const queue = await library.queue(t);
      const name = entry();
      const id = await queue.add({ entry: name });

      const first = startQueueWorker(t, library.workerModule, { ...queue.env, CRASH: crash });
      await printed(first, `started ${name}`, startup);
      t.deepEqual(await exitWithin(first), { code: null, signal: 'SIGKILL' });
      t.is(await library.ledger().postings(name), crash === 'after-commit' ? 1 : 0);

      const second = startQueueWorker(t, library.workerModule, queue.env);
      await printed(second, 'ready', startup);
      const result = await queue.completed(id);
      t.is(await library.ledger().postings(name), 1, 'the entry is posted exactly once');
      if (crash === 'after-commit') {
        t.is(result, undefined, 'the retried job completed without running again');
        t.deepEqual(second.output.fields(`started ${name}`), []);
      } else {
        t.is(result?.pid, second.process.pid, 'the second worker ran the job');
      }
      second.process.kill('SIGTERM');
      t.deepEqual(await exitWithin(second), { code: 0, signal: null });
    });
  };
  killedMidJob(
    'after-commit',
    'a worker SIGKILLed after its save committed: the retried job completes without posting again',
  );
  killedMidJob('before-save', 'a worker SIGKILLed before its save: the retried job posts its entry once');
}
