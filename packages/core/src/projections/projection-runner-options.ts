import type { Logger } from '../logging/index.js';
import type { ActiveRecordStrategy, ProjectionStore, TransactionalStore } from '../storage/index.js';
import type { LogSource } from './log-source.js';
import type { Projection } from './projection.js';

/** A strategy that can keep projections: their records, checkpoints and batch transactions. */
export type ProjectionStrategy = ActiveRecordStrategy & ProjectionStore & TransactionalStore;

/** Options of a {@link ProjectionRunner}. */
export interface ProjectionRunnerOptions<C> {
  /** The projection to run. */
  readonly projection: Projection<C>;
  /** The upstream log, e.g. `new ApplicationLog(bank)`. */
  readonly source: LogSource;
  /**
   * Keeps the projection's record and checkpoints, and runs each batch in one of its transactions. When it
   * is the strategy of the read model's database, the batch's writes and its checkpoint commit together:
   * exactly once. Any other store gives at-least-once delivery: handlers must then write idempotently.
   */
  readonly store: ProjectionStrategy;
  /** The handlers' context, asked for inside each batch's transaction (e.g. that transaction's entity manager). */
  readonly context: () => C;
  /** How many notifications one batch (and one transaction) holds at most. @default 500 */
  readonly batchSize?: number | undefined;
  /** How long to sleep when nothing wakes the runner, in ms: the polling fallback. @default 1000 */
  readonly pollInterval?: number | undefined;
  /** How often to try again for a lease another process holds, in ms. @default 1000 */
  readonly leaseRetry?: number | undefined;
  /**
   * Splits the projection into this many partitions by aggregate id, each with its own checkpoint and
   * lease, shared out among the processes that run it. Changing it needs a rebuild. @default 1
   */
  readonly partitions?: number | undefined;
  /** At most this many partitions run in this process; the rest are left to other processes. @default all */
  readonly maxPartitions?: number | undefined;
  /** @default the silent logger */
  readonly logger?: Logger | undefined;
}
