import { NotSupportedError } from '../errors/index.js';
import type { Aggregate, AggregateClass } from '../aggregate/index.js';
import type { Logger } from '../logging/index.js';
import type { Mapper } from '../mapping/index.js';
import { hasSnapshots, type ActiveRecordStrategy } from '../storage/index.js';
import type { PersistencePolicy } from './persistence-policy.js';

/** How often to snapshot: one interval for every class, or one per aggregate topic. 0 means never. */
export type SnapshotIntervals = number | Readonly<Record<string, number>>;

/**
 * Takes a snapshot of an aggregate whenever a save carries its version across a multiple of the class's
 * interval. Snapshots are an optimisation: one that fails is logged and the next interval tries again.
 */
export class SnapshottingPolicy implements PersistencePolicy {
  constructor(
    /** How many events apart snapshots are taken, per aggregate class. */
    readonly intervals: SnapshotIntervals,
    /** Turns aggregates into stored snapshots. */
    readonly mapper: Mapper,
    /** Where snapshots are written. */
    readonly strategy: ActiveRecordStrategy,
    /** Where a failed snapshot is reported (it never fails the save). */
    readonly logger: Logger,
  ) {}

  /** The interval for a class; 0 when it is never snapshotted. */
  intervalFor(aggregateClass: AggregateClass): number {
    if (!hasSnapshots(this.strategy)) return 0;
    return typeof this.intervals === 'number' ? this.intervals : (this.intervals[aggregateClass.topic] ?? 0);
  }

  /** Snapshots the aggregates whose saved events crossed an interval boundary. */
  async afterSave(aggregates: ReadonlyMap<Aggregate, number>): Promise<void> {
    for (const [aggregate, previousVersion] of aggregates) {
      const interval = this.intervalFor(aggregate.constructor as AggregateClass);
      if (interval > 0 && Math.floor(aggregate.version / interval) > Math.floor(previousVersion / interval)) {
        try {
          await this.take(aggregate);
        } catch (error) {
          this.logger.warn(
            { aggregate: aggregate.id, version: aggregate.version, err: error },
            'snapshot failed',
          );
        }
      }
    }
  }

  /** Stores a snapshot of the aggregate as it is now. */
  async take(aggregate: Aggregate): Promise<void> {
    const { strategy } = this;
    if (!hasSnapshots(strategy)) {
      throw new NotSupportedError(`the ${strategy.name} strategy stores no snapshots`);
    }
    await strategy.insertSnapshot(this.mapper.toStoredSnapshot(aggregate));
  }
}
