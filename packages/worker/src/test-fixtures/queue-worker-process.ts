import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ExecutionContext } from 'ava';
import { Output } from './output.js';

/** How a worker process ended. */
export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A queue worker running in a process of its own, as in production. */
export interface QueueWorkerProcess {
  readonly process: ChildProcess;
  readonly output: Output;
  /** What it wrote to stderr, for the messages of failed waits. */
  readonly errors: Output;
  readonly exited: Promise<Exit>;
}

/** Starts the worker module in a child process with `env`; a process still running is killed after the test. */
export function startQueueWorker(
  t: ExecutionContext,
  module: URL,
  env: Readonly<Record<string, string>>,
): QueueWorkerProcess {
  const child = spawn(process.execPath, [fileURLToPath(module)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { process: child, output: new Output(child.stdout), errors: new Output(child.stderr), exited };
}

/**
 * Resolves once the worker has printed `line`; rejects when it ends without printing it, or once `timeout` ms
 * have passed, with what it printed.
 */
export async function printed(worker: QueueWorkerProcess, line: string, timeout: number): Promise<void> {
  // 'close' comes after the output is read to its end, so a line printed just before dying is not missed.
  const closed = new Promise<void>((resolve) => {
    if (worker.process.stdout?.readableEnded) resolve();
    else worker.process.once('close', () => resolve());
  });
  const failure = await Promise.race([
    worker.output.waitFor(line, 1, timeout).then(
      () => undefined,
      (error: unknown) => (error as Error).message,
    ),
    closed.then(() =>
      worker.output.fields(line).length > 0 ? undefined : `the worker ended before printing "${line}"`,
    ),
  ]);
  if (failure !== undefined) {
    throw new Error(
      `${failure}\nstdout:\n${worker.output.lines.join('\n')}\nstderr:\n${worker.errors.lines.join('\n')}`,
    );
  }
}

/** Resolves with how the process ended, or rejects once `timeout` ms have passed. */
export function exitWithin(worker: QueueWorkerProcess, timeout = 30_000): Promise<Exit> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new Error(`the worker did not exit within ${timeout} ms:\n${worker.output.lines.join('\n')}`)),
      timeout,
    );
  });
  return Promise.race([worker.exited, late]).finally(() => clearTimeout(timer));
}
