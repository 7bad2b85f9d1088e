export { EventStore } from './event-store.js';
export { NotificationLog, type IterateOptions } from './notification-log.js';
export type { Recording } from './recording.js';
export { Repository, type GetOptions } from './repository.js';
export {
  NotificationLogClient,
  type NotificationLogClientOptions,
  type NotificationPage,
  type NotificationResource,
} from './notification-log-client.js';
