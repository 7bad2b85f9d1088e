import {
  hasLeases,
  hasMigrations,
  hasNotificationLog,
  hasOutbox,
  hasOutboxDispatch,
  hasProjections,
  hasSnapshots,
  hasTracking,
  hasTransactions,
  type ActiveRecordStrategy,
  type Capability,
  type OutboxStore,
} from '@annals/core';
import type { OutboxDispatch } from '@annals/core/storage';

/**
 * What a contract case needs of the strategy: the capabilities that declare it (the case is skipped when the
 * strategy lacks one) and the guard that narrows the strategy to the interfaces they stand for.
 */
export interface Requirement<S extends ActiveRecordStrategy> {
  readonly capabilities: readonly Capability[];
  readonly guard: (strategy: ActiveRecordStrategy) => strategy is S;
}

/** The port every strategy implements: events appended, read and streamed, commits told. */
export const events: Requirement<ActiveRecordStrategy> = {
  capabilities: [],
  guard: (_strategy): _strategy is ActiveRecordStrategy => true,
};

const requirement = <S extends ActiveRecordStrategy>(
  capability: Capability,
  guard: (strategy: ActiveRecordStrategy) => strategy is S,
): Requirement<S> => ({ capabilities: [capability], guard });

/** `SnapshotStore`. */
export const snapshots = requirement('snapshots', hasSnapshots);
/** `NotificationLogStore`. */
export const notificationLog = requirement('notification-log', hasNotificationLog);
/** `TrackingStore`. */
export const tracking = requirement('tracking', hasTracking);
/** `OutboxStore`. */
export const outbox = requirement('outbox', hasOutbox);
/** `OutboxStore` and `OutboxDispatch`. */
export const outboxDispatch: Requirement<ActiveRecordStrategy & OutboxStore & OutboxDispatch> = {
  capabilities: ['outbox', 'outbox-dispatch'],
  guard: hasOutboxDispatch,
};
/** `TransactionalStore`. */
export const transactions = requirement('transactions', hasTransactions);
/** `MigratableStore`. */
export const migrations = requirement('migrations', hasMigrations);
/** `ProjectionStore`. */
export const projections = requirement('projections', hasProjections);
/** `LeaseStore`. */
export const leases = requirement('leases', hasLeases);
/** Appends holding events of several aggregates, still all or nothing; no interface of its own. */
export const multiAggregateAppend = requirement(
  'multi-aggregate-append',
  (strategy): strategy is ActiveRecordStrategy => strategy.capabilities.has('multi-aggregate-append'),
);

/** Both requirements: the capabilities of each, narrowed to both interfaces. */
export function both<A extends ActiveRecordStrategy, B extends ActiveRecordStrategy>(
  a: Requirement<A>,
  b: Requirement<B>,
): Requirement<A & B> {
  return {
    capabilities: [...a.capabilities, ...b.capabilities],
    guard: (strategy): strategy is A & B => a.guard(strategy) && b.guard(strategy),
  };
}
