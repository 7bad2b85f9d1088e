import type { Notification } from './records.js';

/** A page of the notification log. */
export interface NotificationQuery {
  /** The first position to include (positions start at 1). */
  readonly start: number;
  /** At most this many notifications. */
  readonly limit: number;
  /** The last position to include. @default unbounded */
  readonly stop?: number | undefined;
  /** Only these topics. @default every topic */
  readonly topics?: readonly string[] | undefined;
}

/**
 * The application-wide notification log (capability `notification-log`): every appended event gets the
 * next position, and appends return them.
 */
export interface NotificationLogStore {
  /** Notifications in position order. Never skips a position that a later reader would see. */
  selectNotifications(query: NotificationQuery): Promise<Notification[]>;
  /** The highest position a reader can see now; 0 when the log is empty. */
  maxNotificationPosition(): Promise<number>;
}
