import type { Closable } from '@annals/lifecycle';
import type { RunClusterOptions, StopHook } from '../cluster/run-cluster-options.js';
import { failureOf } from './failure-of.js';
import { onShutdown } from './on-shutdown.js';

/**
 * The worker's side of a cluster: runs the start-up hook, and on a signal (the primary forwards its own) or
 * when the primary goes away, runs the stop hook, closes the application and exits: 0, or 1 when a step
 * failed.
 */
export async function runClusterWorker(options: RunClusterOptions, holder: Closable): Promise<void> {
  let stopHook: StopHook | void = undefined;
  const starting = (async () => {
    stopHook = await options.worker();
  })();

  onShutdown(options.signals ?? ['SIGTERM', 'SIGINT'], () => {
    void (async () => {
      // A worker told to stop while starting up finishes starting first, so that it closes what it opened.
      const failures = [
        await failureOf(() => starting),
        await failureOf(() => stopHook?.()),
        await failureOf(() => holder.close()),
      ];
      process.exit(failures.some(Boolean) ? 1 : 0);
    })();
  });

  try {
    await starting;
  } catch (error) {
    // A worker that cannot start must not keep pools open; the error then ends the process and the primary
    // decides whether to replace it.
    await failureOf(() => holder.close());
    throw error;
  }
}
