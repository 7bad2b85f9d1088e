import type { Aggregate, AggregateClass } from '../aggregate/index.js';
import { AggregateNotFoundError, IntegrityError } from '../errors/index.js';
import { assertUuid, assertVersion, hasSnapshots } from '../storage/index.js';
import type { EventStore } from './event-store.js';

/** Options of {@link Repository.get}. */
export interface GetOptions {
  /** Rebuild the aggregate as it was at this version. @default the latest */
  readonly version?: number | undefined;
}

/** Rebuilds aggregates from their latest snapshot (when snapshots are used) and the events after it. */
export class Repository {
  constructor(
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
    const events = await this.eventStore.get(id, { gt: aggregate?.version, lte: options.version });
    if (!aggregate) {
      if (events.length === 0) throw new AggregateNotFoundError(id);
      aggregate = new aggregateClass(id);
    }
    for (const event of events) {
      if (!aggregateClass.events.includes(event.constructor as never)) {
        throw new IntegrityError(
          `${id} has a ${event.topic} event, which ${aggregateClass.name} does not declare`,
        );
      }
      aggregate.mutate(event);
    }
    return aggregate;
  }
}
