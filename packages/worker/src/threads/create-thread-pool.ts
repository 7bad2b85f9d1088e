import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ValidationError } from '@annals/core';
import { JobWorkerExitedError, JobWorkerStartError, JobWorkerStoppedError } from '../errors/index.js';
import { JobClient } from '../internal/job-client.js';
import { isFromWorker, type ToWorker } from '../internal/protocol.js';
import { reviveError } from '../internal/remote-error.js';

/** Options of {@link createThreadPool}. */
export interface ThreadPoolOptions {
  /** The module each thread runs; it calls {@link runInThread}. */
  readonly entry: string | URL;
  /** How many threads. @default os.availableParallelism() */
  readonly threads?: number;
  /** Passed to every thread as `workerData`. @default undefined */
  readonly workerData?: unknown;
  /** The threads' `process.env`. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** A fixed set of worker threads, each with its own application, sharing out jobs. */
export interface ThreadPool<J, R> {
  /** The `threadId` of each live thread. */
  readonly threadIds: readonly number[];
  /**
   * Runs a job on the thread with the fewest jobs in hand.
   * @throws JobFailedError when the job threw in its thread (its `cause` is a revived copy).
   * @throws JobWorkerStoppedError once the pool is closing; JobWorkerExitedError when no thread is left.
   */
  run(job: J): Promise<R>;
  /**
   * Stops every thread: each finishes its running jobs, closes its application and ends. Resolves when all
   * have ended. Safe to call twice.
   * @throws JobWorkerExitedError when a thread ended with a failure (e.g. its application failed to close).
   */
  close(): Promise<void>;
}

interface Member {
  readonly thread: Worker;
  readonly client: JobClient;
  readonly exited: Promise<number>;
}

/**
 * Starts `threads` worker threads on `entry` and resolves once every one has run its `init` (so each holds its
 * own application); if any `init` fails, the others are stopped and the pool is not created.
 *
 * @throws JobWorkerStartError when a thread's `init` failed; JobWorkerExitedError when a thread ended first;
 * ValidationError when `threads` is not a whole number >= 1.
 *
 * @example
 * ```ts
 * const pool = await createThreadPool<string, number>({
 *   entry: new URL('./report-thread.js', import.meta.url),
 *   threads: 4,
 * });
 * const balances = await Promise.all(accountIds.map((id) => pool.run(id)));
 * await pool.close();
 * ```
 */
export async function createThreadPool<J, R>(options: ThreadPoolOptions): Promise<ThreadPool<J, R>> {
  const count = options.threads ?? availableParallelism();
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new ValidationError(`threads must be a whole number >= 1; got ${count}`);
  }
  const members = new Set<Member>();
  const started = Array.from({ length: count }, () => start(options, members));
  const results = await Promise.allSettled(started);
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) {
    await stopAll(members);
    throw failure.reason;
  }

  let closing: Promise<void> | undefined;
  return {
    get threadIds() {
      return [...members].map((member) => member.thread.threadId);
    },
    run: async (job: J) => {
      if (closing) throw new JobWorkerStoppedError();
      const member = leastBusy(members);
      if (!member) throw new JobWorkerExitedError(null);
      return (await member.client.run(job)) as R;
    },
    close: () => (closing ??= stopAll(members)),
  };
}

function start(options: ThreadPoolOptions, members: Set<Member>): Promise<Member> {
  const thread = new Worker(options.entry, {
    workerData: options.workerData,
    env: options.env ?? process.env,
  });
  const client = new JobClient((message: ToWorker) => thread.postMessage(message));
  const exited = new Promise<number>((resolve) => {
    thread.once('exit', (code) => {
      members.delete(member);
      client.failAll(new JobWorkerExitedError(code));
      resolve(code);
    });
  });
  const member: Member = { thread, client, exited };
  return new Promise<Member>((resolve, reject) => {
    thread.on('message', (message) => {
      if (!isFromWorker(message)) return;
      if (message.kind === 'annals:ready') {
        members.add(member);
        resolve(member);
      } else if (message.kind === 'annals:start-failed') {
        reject(new JobWorkerStartError(message.error, { cause: reviveError(message.error) }));
      } else client.receive(message);
    });
    // An uncaught error ends the thread; 'exit' follows and fails the jobs it had.
    thread.on('error', (error: Error) => reject(error));
    void exited.then((code) => reject(new JobWorkerExitedError(code)));
  });
}

function leastBusy(members: ReadonlySet<Member>): Member | undefined {
  let best: Member | undefined;
  for (const member of members) {
    if (!best || member.client.pending < best.client.pending) best = member;
  }
  return best;
}

async function stopAll(members: ReadonlySet<Member>): Promise<void> {
  const stopping = [...members].map((member) => {
    member.thread.postMessage({ kind: 'annals:stop' } satisfies ToWorker);
    return member.exited;
  });
  const codes = await Promise.all(stopping);
  const failed = codes.find((code) => code !== 0);
  if (failed !== undefined) throw new JobWorkerExitedError(failed);
}
