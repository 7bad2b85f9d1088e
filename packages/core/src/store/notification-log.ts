import { setImmediate as nextTurn } from 'node:timers/promises';
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
    /** Turns stored records back into events. */
    readonly mapper: Mapper,
    /** The storage whose log it reads. */
    readonly strategy: ActiveRecordStrategy,
  ) {}

  /** Up to `limit` notifications from position `start` on, none after `stop`. */
  async select(
    start: number,
    limit: number,
    topics?: readonly string[],
    stop?: number,
  ): Promise<Notification[]> {
    return this.#log().selectNotifications({ start, limit, topics, stop });
  }

  /**
   * Every notification from `start` on, page by page, until the end of the log as it was when the
   * iteration began. Items of a page already read are handed out without waiting for anything.
   */
  iterate(options: IterateOptions = {}): AsyncIterable<Notification> {
    return { [Symbol.asyncIterator]: () => this.#items(this.pages(options)[Symbol.asyncIterator]()) };
  }

  /**
   * The same notifications as {@link iterate}, a page (one query) at a time: for followers that work in
   * batches. The next page is asked for as soon as a full page arrives, so that storage reads it while the
   * caller works on the one before: at most two pages are held at once.
   */
  async *pages(options: IterateOptions = {}): AsyncIterable<readonly Notification[]> {
    const log = this.#log();
    const { topics, pageSize = 500 } = options;
    const stop = await log.maxNotificationPosition();
    const pageFrom = (start: number): Promise<Notification[]> | undefined =>
      start <= stop ? log.selectNotifications({ start, limit: pageSize, stop, topics }) : undefined;
    let next = pageFrom(options.start ?? 1);
    try {
      while (next) {
        const page = await next;
        next = undefined;
        const last = page.at(-1);
        if (!last) return;
        if (page.length === pageSize) {
          next = pageFrom(last.position + 1);
          // Drivers send a query on a later tick, which would otherwise come only once the caller had worked
          // through this page: a turn of the event loop sends it first, so that storage reads it meanwhile.
          await nextTurn();
        }
        yield page;
      }
    } finally {
      // A caller that stops early leaves the page read ahead unread: its failure is of no interest.
      next?.catch(() => undefined);
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

  /**
   * Hands out the items of pages one by one. An async generator would suspend and resume on every item; this
   * resolves straight away while the current page lasts.
   */
  #items(pages: AsyncIterator<readonly Notification[]>): AsyncIterator<Notification> {
    let page: readonly Notification[] = [];
    let index = 0;
    const next = async (): Promise<IteratorResult<Notification>> => {
      while (index >= page.length) {
        const result = await pages.next();
        if (result.done) return { done: true, value: undefined };
        page = result.value;
        index = 0;
      }
      return { done: false, value: page[index++] as Notification };
    };
    return {
      next: () => {
        if (index < page.length)
          return Promise.resolve({ done: false, value: page[index++] as Notification });
        return next();
      },
      return: async () => {
        await pages.return?.();
        return { done: true, value: undefined };
      },
    };
  }

  #log(): NotificationLogStore {
    const { strategy } = this;
    if (!hasNotificationLog(strategy)) {
      throw new NotSupportedError(`the ${strategy.name} strategy keeps no notification log`);
    }
    return strategy;
  }
}
