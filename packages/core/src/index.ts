/**
 * Domain events, aggregates, the event store and repository, snapshots, the notification log, the
 * `Application` base class, projections, process applications and systems, and the in-memory storage.
 *
 * @module @annals/core
 */
export * from './aggregate/index.js';
export * from './application/index.js';
export * from './bus/index.js';
export * from './config/index.js';
export * from './errors/index.js';
export * from './events/index.js';
export * from './logging/index.js';
export * from './mapping/index.js';
export * from './memory/index.js';
export * from './policies/index.js';
export * from './store/index.js';
export * from './transcoding/index.js';
export * from './projections/index.js';
export * from './processes/index.js';
export * from './systems/index.js';
export * from './tls/index.js';
export {
  hasLeases,
  hasLogWatch,
  hasMigrations,
  hasNotificationLog,
  hasOutbox,
  hasOutboxDispatch,
  hasProjections,
  hasSnapshots,
  hasTracking,
  hasTransactions,
  stateBytes,
  type ActiveRecordStrategy,
  type Capability,
  type Checkpoint,
  type CheckpointKey,
  type Commit,
  type CommitListener,
  type EventReference,
  type EventRange,
  type Lease,
  type LeaseStore,
  type LogWatch,
  type MigratableStore,
  type Notification,
  type NotificationLogStore,
  type OutboxDispatch,
  type OutboxMessage,
  type OutboxStore,
  type ProjectionRecord,
  type ProjectionStore,
  type ReadEvent,
  type ReadSnapshot,
  type ReadState,
  type SnapshotStore,
  type StoredEvent,
  type StoredSnapshot,
  type Tracking,
  type TrackingStore,
  type TransactionalStore,
} from './storage/index.js';
