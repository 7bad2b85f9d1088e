import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { silentLogger, tracedLogger, ValidationError } from '@annals/core';
import type { RunClusterOptions, StopHook } from '../cluster/run-cluster-options.js';
import { failureOf } from './failure-of.js';
import { onShutdown } from './on-shutdown.js';

/**
 * The primary's side of a cluster: forks the workers, replaces those that crash (within a limit), and on a
 * signal forwards it to the workers, waits for them to exit, and exits itself: 0 when every worker closed
 * cleanly, 1 otherwise.
 */
export async function runClusterPrimary(options: RunClusterOptions): Promise<void> {
  const count = options.workers ?? availableParallelism();
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new ValidationError(`workers must be a whole number >= 1; got ${count}`);
  }
  const logger = tracedLogger(options.logger ?? silentLogger).child({ component: 'cluster' });
  const maxRestarts = options.maxRestarts ?? 5;
  const restartWindow = options.restartWindow ?? 60_000;
  const restarts: number[] = [];
  const live = new Set<Worker>();
  let exitCode = 0;
  /** The signal the primary forwarded to its workers; set once shutting down. */
  let forwarded: NodeJS.Signals | undefined;
  let allExited = (): void => undefined;
  const exited = new Promise<void>((resolve) => (allExited = resolve));
  let stopPrimary: StopHook | void = undefined;

  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (forwarded) return;
    forwarded = signal;
    logger.info({ signal, workers: live.size }, 'shutting down');
    for (const worker of live) worker.process.kill(signal);
    const timer = setTimeout(() => {
      logger.error({ workers: live.size }, 'workers did not close in time; killing them');
      exitCode = 1;
      for (const worker of live) worker.process.kill('SIGKILL');
    }, options.shutdownTimeout ?? 30_000);
    if (live.size > 0) await exited;
    clearTimeout(timer);
    const failure = await failureOf(() => stopPrimary?.());
    if (failure) {
      logger.error({ err: failure.error }, 'the primary stop hook failed');
      exitCode = 1;
    }
    process.exit(exitCode);
  };

  const fork = (): Worker => {
    const worker = cluster.fork();
    live.add(worker);
    return worker;
  };

  cluster.on('exit', (worker, code, signal) => {
    live.delete(worker);
    if (forwarded) {
      // A worker ended by the signal itself was still loading: it had not yet installed the handlers that
      // close what it opens, so it had opened nothing and stopped cleanly.
      if (code !== 0 && signal !== forwarded) exitCode = 1;
      if (live.size === 0) allExited();
      return;
    }
    const now = Date.now();
    while (restarts.length > 0 && now - (restarts[0] ?? now) >= restartWindow) restarts.shift();
    if (restarts.length >= maxRestarts) {
      logger.error(
        { pid: worker.process.pid, code, signal },
        'workers keep exiting; shutting the cluster down',
      );
      exitCode = 1;
      void shutdown('SIGTERM');
      return;
    }
    restarts.push(now);
    logger.warn({ pid: worker.process.pid, code, signal }, 'worker exited; starting another');
    fork();
  });

  onShutdown(options.signals ?? ['SIGTERM', 'SIGINT'], (signal) => void shutdown(signal));

  // A worker that dies before it is online counts as started: the exit handler deals with it.
  const online = Array.from({ length: count }, () => {
    const worker = fork();
    return new Promise<void>((resolve) => worker.once('online', resolve).once('exit', resolve));
  });
  stopPrimary = await options.primary?.();
  await Promise.all(online);
}
