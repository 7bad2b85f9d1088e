/**
 * The storage port: the capability interfaces a strategy implements, the type guards callers test them
 * with, and the records they exchange.
 *
 * @module @annals/core/storage
 */
export type { ActiveRecordStrategy, AppendOptions, EventRange } from './active-record-strategy.js';
export { AfterCommit } from './after-commit.js';
export { allCapabilities, type Capability } from './capabilities.js';
export type { Commit, CommitListener } from './commit.js';
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
} from './guards.js';
export type { Lease, LeaseStore } from './lease-store.js';
export type { LogWatch } from './log-watch.js';
export type { MigratableStore } from './migratable-store.js';
export type { NotificationLogStore, NotificationQuery } from './notification-log-store.js';
export {
  sendableInOrder,
  type ClaimedOutboxMessage,
  type ClaimOutboxOptions,
  type OutboxBacklog,
  type OutboxClaim,
  type OutboxCommit,
  type OutboxDispatch,
  type OutboxSender,
  type OutboxStore,
  type OutboxWatcher,
} from './outbox.js';
export {
  stateBytes,
  type EventReference,
  type Notification,
  type OutboxMessage,
  type PendingOutboxMessage,
  type ReadEvent,
  type ReadSnapshot,
  type ReadState,
  type StoredEvent,
  type StoredSnapshot,
  type Tracking,
} from './records.js';
export type {
  Checkpoint,
  CheckpointKey,
  ProjectionChange,
  ProjectionRecord,
  ProjectionStore,
} from './projection-store.js';
export type { SnapshotStore } from './snapshot-store.js';
export type { TrackingStore } from './tracking-store.js';
export type { TransactionalStore } from './transactional-store.js';
export {
  assertCheckpointPosition,
  assertGeneration,
  validateCheckpointKey,
  validateProjectionChange,
} from './projection-validation.js';
export {
  assertInteger,
  assertPosition,
  assertText,
  assertUuid,
  assertVersion,
  MAX_POSITION,
  MAX_VERSION,
  isUuid,
  validateAppend,
  validateNotificationQuery,
  validateProcessedMessages,
  validateRange,
} from './validation.js';
