import type { Aggregate, AggregateClass } from '../aggregate/index.js';
import { AggregateNotFoundError, IntegrityError } from '../errors/index.js';
import { assertUuid, assertVersion, hasSnapshots } from '../storage/index.js';
import type { EventStore } from './event-store.js';

/** Options of {@link Repository.get}. */
export interface GetOptions {
  /** Rebuild the aggregate as it was at this version. @default the latest */
  readonly version?: number | undefined;
}

/**
 * Rebuilds aggregates from their latest snapshot (when snapshots are used) and the events after it, which
 * it reads with the strategy's `streamEventPages`, a page at a time.
 */
export class Repository {
  constructor(
    /** Where aggregates' events are read from. */
    readonly eventStore: EventStore,
    /** Whether aggregates of a class may have snapshots worth reading first. */
    readonly usesSnapshots: (aggregateClass: AggregateClass) => boolean,
  ) {}

  /**
   * The aggregate with this id.
   * @throws AggregateNotFoundError when it has no events (at or before the version asked for).
   */
  async get<A extends Aggregate>(
    aggregateClass: AggregateClass<A>,
    anyCaseId: string,
    options: GetOptions = {},
  ): Promise<A> {
    // Ids are stored in lower case; one asked for in upper case finds the same aggregate.
    const id = typeof anyCaseId === 'string' ? anyCaseId.toLowerCase() : anyCaseId;
    assertUuid(id, 'aggregate id');
    if (options.version !== undefined) assertVersion(options.version, 'version');
    const { strategy, mapper } = this.eventStore;
    let aggregate: A | undefined;
    if (this.usesSnapshots(aggregateClass) && hasSnapshots(strategy)) {
      const snapshot = await strategy.selectSnapshot(id, options.version);
      if (snapshot) aggregate = mapper.toAggregate(snapshot, aggregateClass);
    }
    // The history streams in pages and is folded as it comes, so a long one never sits in memory whole; one
    // await per page, not per event, and a class already found declared is not looked up again.
    let declared: unknown;
    for await (const events of this.eventStore.pages(id, { gt: aggregate?.version, lte: options.version })) {
      aggregate ??= new aggregateClass(id);
      for (const event of events) {
        if (event.constructor !== declared) {
          if (!aggregateClass.events.includes(event.constructor as never)) {
            throw new IntegrityError(
              `${id} has a ${event.topic} event, which ${aggregateClass.name} does not declare`,
            );
          }
          declared = event.constructor;
        }
        aggregate.mutate(event);
      }
    }
    if (!aggregate) throw new AggregateNotFoundError(id);
    return aggregate;
  }
}
