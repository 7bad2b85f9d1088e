import cluster from 'node:cluster';
import { defaultApplicationHolder } from '@annals/lifecycle';
import { runClusterPrimary } from '../internal/cluster-primary.js';
import { runClusterWorker } from '../internal/cluster-worker.js';
import type { RunClusterOptions } from './run-cluster-options.js';

/**
 * Runs this script as a `node:cluster`: in the primary it forks the workers and supervises them; in each
 * worker (which runs the same script after fork) it calls `options.worker`, where the worker initialises its
 * own application. The primary never constructs one, so no pool or subscriber is shared across a fork.
 *
 * - A worker that exits on its own is replaced, up to `maxRestarts` per `restartWindow`; past that the
 *   cluster shuts down and the primary exits with 1.
 * - On SIGTERM or SIGINT the primary forwards the signal to the workers; each runs its stop hook (e.g. closes
 *   its HTTP server), closes its application (saves in flight finish first) and exits; then the primary runs
 *   its own stop hook and exits: 0 when every worker closed cleanly.
 *
 * Resolves in the primary once every worker is online, and in a worker once `options.worker` has resolved.
 * Keep application construction out of module top level: the primary runs the module too.
 *
 * @example
 * ```ts
 * // server.ts, started with `node server.js`; createBank is the application factory.
 * await runCluster({
 *   workers: 4,
 *   worker: async () => {
 *     await initApplication(createBank);
 *     const server = express().use(routes).listen(8080);
 *     return () => new Promise<void>((resolve) => server.close(() => resolve()));
 *   },
 * });
 * ```
 */
export async function runCluster(options: RunClusterOptions): Promise<void> {
  if (cluster.isPrimary) await runClusterPrimary(options);
  else await runClusterWorker(options, options.holder ?? defaultApplicationHolder());
}
