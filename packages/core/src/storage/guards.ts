import type { ActiveRecordStrategy } from './active-record-strategy.js';
import type { LeaseStore } from './lease-store.js';
import type { LogWatch } from './log-watch.js';
import type { MigratableStore } from './migratable-store.js';
import type { NotificationLogStore } from './notification-log-store.js';
import type { OutboxDispatch, OutboxStore } from './outbox.js';
import type { ProjectionStore } from './projection-store.js';
import type { SnapshotStore } from './snapshot-store.js';
import type { TrackingStore } from './tracking-store.js';
import type { TransactionalStore } from './transactional-store.js';

/** True when the strategy stores snapshots. */
export function hasSnapshots<S extends ActiveRecordStrategy>(strategy: S): strategy is S & SnapshotStore {
  return strategy.capabilities.has('snapshots');
}

/** True when the strategy keeps a notification log. */
export function hasNotificationLog<S extends ActiveRecordStrategy>(
  strategy: S,
): strategy is S & NotificationLogStore {
  return strategy.capabilities.has('notification-log');
}

/** True when the strategy keeps tracking records and processed message ids. */
export function hasTracking<S extends ActiveRecordStrategy>(strategy: S): strategy is S & TrackingStore {
  return strategy.capabilities.has('tracking');
}

/** True when appends can write outbox messages and relays can claim them. */
export function hasOutbox<S extends ActiveRecordStrategy>(strategy: S): strategy is S & OutboxStore {
  return strategy.capabilities.has('outbox');
}

/** True when the strategy hands an append's outbox rows to a relay of the same process after commit. */
export function hasOutboxDispatch<S extends ActiveRecordStrategy>(
  strategy: S,
): strategy is S & OutboxStore & OutboxDispatch {
  return strategy.capabilities.has('outbox-dispatch') && strategy.capabilities.has('outbox');
}

/** True when callers can open and join units of work. */
export function hasTransactions<S extends ActiveRecordStrategy>(
  strategy: S,
): strategy is S & TransactionalStore {
  return strategy.capabilities.has('transactions');
}

/** True when the strategy creates and updates its schema on request. */
export function hasMigrations<S extends ActiveRecordStrategy>(strategy: S): strategy is S & MigratableStore {
  return strategy.capabilities.has('migrations');
}

/** True when the strategy keeps projections' records and checkpoints. */
export function hasProjections<S extends ActiveRecordStrategy>(strategy: S): strategy is S & ProjectionStore {
  return strategy.capabilities.has('projections');
}

/** True when the strategy hands out leases that hold across processes. */
export function hasLeases<S extends ActiveRecordStrategy>(strategy: S): strategy is S & LeaseStore {
  return strategy.capabilities.has('leases');
}

/** True when the strategy hears of other processes' commits without polling. */
export function hasLogWatch<S extends ActiveRecordStrategy>(strategy: S): strategy is S & LogWatch {
  return strategy.capabilities.has('log-watch');
}
