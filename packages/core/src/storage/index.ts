export {
  allCapabilities,
  type ActiveRecordStrategy,
  type AppendOptions,
  type Capability,
  type EventRange,
  type NotificationQuery,
} from './active-record-strategy.js';
export {
  outboxOrderingKey,
  sendableInOrder,
  type ClaimedOutboxMessage,
  type ClaimOutboxOptions,
  type OutboxBacklog,
  type OutboxClaim,
  type OutboxCommit,
  type OutboxSender,
  type OutboxWatcher,
} from './outbox.js';
export type {
  Notification,
  OutboxMessage,
  PendingOutboxMessage,
  StoredEvent,
  StoredSnapshot,
  Tracking,
} from './records.js';
export {
  assertUuid,
  assertVersion,
  isUuid,
  validateAppend,
  validateNotificationQuery,
  validateProcessedMessages,
  validateRange,
} from './validation.js';
