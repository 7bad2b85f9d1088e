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
export {
  hasMigrations,
  hasNotificationLog,
  hasOutbox,
  hasOutboxDispatch,
  hasSnapshots,
  hasTracking,
  hasTransactions,
  type ActiveRecordStrategy,
  type Capability,
  type Commit,
  type CommitListener,
  type EventReference,
  type EventRange,
  type MigratableStore,
  type Notification,
  type NotificationLogStore,
  type OutboxMessage,
  type OutboxStore,
  type SnapshotStore,
  type StoredEvent,
  type Tracking,
  type TrackingStore,
  type TransactionalStore,
} from './storage/index.js';
