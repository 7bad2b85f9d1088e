import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { JobWorkerExitedError, JobWorkerStartError, JobWorkerStoppedError } from '../errors/index.js';
import { JobClient } from '../internal/job-client.js';
import { isFromWorker, type ToWorker } from '../internal/protocol.js';
import { reviveError } from '../internal/remote-error.js';

/** Options of {@link forkJobWorker}. */
export interface ForkJobWorkerOptions {
  /** Arguments for the module. @default [] */
  readonly args?: readonly string[];
  /** The child's environment. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Node options for the child. @default process.execArgv */
  readonly execArgv?: readonly string[];
  /** Pipe the child's stdout and stderr to `process.stdout`/`stderr` of the handle instead of sharing ours. @default false */
  readonly silent?: boolean;
}

/** How a job worker process ended. */
export interface JobWorkerExit {
  /** The exit code, or `null` when a signal ended the process. */
  readonly code: number | null;
  /** The signal that ended the process, or `null` when it exited. */
  readonly signal: NodeJS.Signals | null;
}

/** A job worker running in a child process. */
export interface JobWorkerProcess<J, R> {
  /** The child process, e.g. for its `pid` or, with `silent`, its output. */
  readonly process: ChildProcess;
  /** Resolves when the child has exited. */
  readonly exited: Promise<JobWorkerExit>;
  /**
   * Sends a job to the child and resolves with its result.
   * @throws JobFailedError when the job threw in the child (its `cause` is a revived copy).
   * @throws JobWorkerStoppedError when the worker is stopping.
   * @throws JobWorkerExitedError when the child exited before answering.
   */
  run(job: J): Promise<R>;
  /**
   * Asks the child to stop: it finishes the running jobs, closes its application and exits. Resolves with how
   * it exited. Safe to call twice.
   */
  stop(): Promise<JobWorkerExit>;
}

/**
 * Starts a job worker in a child process: forks `module` (which calls {@link serveJobsFromParent}) and
 * resolves once the child's `init` has run. Each child constructs its own application.
 *
 * @throws JobWorkerStartError when the child's `init` failed; JobWorkerExitedError when it exited first.
 *
 * @example
 * ```ts
 * const worker = await forkJobWorker<Transfer, Recording[]>(new URL('./transfer-worker.js', import.meta.url));
 * await worker.run({ from: alice, to: bob, amount: 100 });
 * await worker.stop();
 * ```
 */
export async function forkJobWorker<J, R>(
  module: string | URL,
  options: ForkJobWorkerOptions = {},
): Promise<JobWorkerProcess<J, R>> {
  const child = fork(module instanceof URL ? fileURLToPath(module) : module, [...(options.args ?? [])], {
    env: options.env ?? process.env,
    execArgv: [...(options.execArgv ?? process.execArgv)],
    silent: options.silent ?? false,
    serialization: 'advanced',
  });
  const client = new JobClient((message: ToWorker) => child.send(message));
  let stopping = false;
  let exit: JobWorkerExit | undefined;
  const exited = new Promise<JobWorkerExit>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      client.failAll(new JobWorkerExitedError(code, signal));
      resolve(exit);
    });
  });
  const ready = new Promise<void>((resolve, reject) => {
    // Failing to spawn, or to send to a child that is going away; 'exit' follows when there was a child.
    child.on('error', (error) => {
      client.failAll(error);
      reject(error);
    });
    child.on('message', (message) => {
      if (!isFromWorker(message)) return;
      if (message.kind === 'annals:ready') resolve();
      else if (message.kind === 'annals:start-failed') {
        reject(new JobWorkerStartError(message.error, { cause: reviveError(message.error) }));
      } else client.receive(message);
    });
    void exited.then(({ code, signal }) => reject(new JobWorkerExitedError(code, signal)));
  });
  await ready;

  return {
    process: child,
    exited,
    run: async (job: J) => {
      if (exit) throw new JobWorkerExitedError(exit.code, exit.signal);
      if (stopping) throw new JobWorkerStoppedError();
      return (await client.run(job)) as R;
    },
    stop: () => {
      if (!stopping && child.connected) child.send({ kind: 'annals:stop' } satisfies ToWorker);
      stopping = true;
      return exited;
    },
  };
}
