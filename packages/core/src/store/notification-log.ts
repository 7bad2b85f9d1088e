import type { DomainEvent } from '../events/index.js';
import type { Mapper } from '../mapping/index.js';
import {
  hasNotificationLog,
  type ActiveRecordStrategy,
  type Notification,
  type NotificationLogStore,
} from '../storage/index.js';
import { NotSupportedError } from '../errors/index.js';

/** Options of {@link NotificationLog.iterate}. */
export interface IterateOptions {
  /** The first position to read. @default 1 */
  readonly start?: number;
  /** Only these topics. @default every topic */
  readonly topics?: readonly string[];
  /** How many notifications to read per round trip. @default 500 */
  readonly pageSize?: number;
}

/** Reads the application-wide, ordered log of every saved event. */
export class NotificationLog {
  constructor(
    readonly mapper: Mapper,
    readonly strategy: ActiveRecordStrategy,
  ) {}

  /** Up to `limit` notifications from position `start` on. */
  async select(start: number, limit: number, topics?: readonly string[]): Promise<Notification[]> {
    return this.#log().selectNotifications({ start, limit, topics });
  }

  /** Every notification from `start` on, page by page, until the current end of the log. */
  async *iterate(options: IterateOptions = {}): AsyncIterable<Notification> {
    const log = this.#log();
    const { topics, pageSize = 500 } = options;
    let start = options.start ?? 1;
    const stop = await log.maxNotificationPosition();
    while (start <= stop) {
      const page = await log.selectNotifications({ start, limit: pageSize, stop, topics });
      yield* page;
      const last = page.at(-1);
      if (!last || page.length < pageSize) return;
      start = last.position + 1;
    }
  }

  /** The highest position readers can see now. */
  async maxPosition(): Promise<number> {
    return this.#log().maxNotificationPosition();
  }

  /** The domain event a notification carries. */
  decode(notification: Notification): DomainEvent {
    return this.mapper.toDomainEvent(notification);
  }

  #log(): NotificationLogStore {
    const { strategy } = this;
    if (!hasNotificationLog(strategy)) {
      throw new NotSupportedError(`the ${strategy.name} strategy keeps no notification log`);
    }
    return strategy;
  }
}
