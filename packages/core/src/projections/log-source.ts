import type { Application } from '../application/index.js';
import { NotSupportedError } from '../errors/index.js';
import type { DomainEvent, EventClass } from '../events/index.js';
import type { Mapper } from '../mapping/index.js';
import {
  hasLogWatch,
  hasNotificationLog,
  type Notification,
  type NotificationQuery,
} from '../storage/index.js';
import type { NotificationLogClient } from '../store/index.js';

/** An upstream notification log a follower reads: an application's own, or one served over HTTP. */
export interface LogSource {
  /** The upstream application's name; checkpoints and tracking records are kept under it. */
  readonly name: string;
  /** Notifications in position order, none after `query.stop`. */
  select(query: NotificationQuery): Promise<Notification[]>;
  /** The highest position a reader can see now. */
  maxPosition(): Promise<number>;
  /** The domain event a notification carries. */
  decode(notification: Notification): DomainEvent;
  /**
   * Makes these event classes decodable, so a follower reads the events it handles even when the
   * upstream application does not list their aggregates.
   */
  registerEvents(eventClasses: readonly EventClass[]): void;
  /**
   * Calls `wake` when the log may have grown, as far as the source can tell; followers poll besides.
   * @returns a function that stops the watching
   */
  watch(wake: () => void): Promise<() => Promise<void>>;
}

/**
 * The notification log of an application, read through its strategy. Followers wake on the commits of this
 * process at once, and on other processes' commits where the strategy hears of them (`log-watch`, e.g.
 * PostgreSQL's LISTEN/NOTIFY).
 */
export class ApplicationLog implements LogSource {
  readonly name: string;
  readonly #app: Application;

  constructor(app: Application) {
    if (!hasNotificationLog(app.strategy)) {
      throw new NotSupportedError(
        `${app.name} cannot be followed: the ${app.strategy.name} strategy keeps no notification log`,
      );
    }
    this.name = app.name;
    this.#app = app;
  }

  select(query: NotificationQuery): Promise<Notification[]> {
    return this.#app.notificationLog.select(query.start, query.limit, query.topics, query.stop);
  }

  maxPosition(): Promise<number> {
    return this.#app.notificationLog.maxPosition();
  }

  decode(notification: Notification): DomainEvent {
    return this.#app.mapper.toDomainEvent(notification);
  }

  registerEvents(eventClasses: readonly EventClass[]): void {
    for (const eventClass of eventClasses) this.#app.topics.registerEvent(eventClass);
  }

  async watch(wake: () => void): Promise<() => Promise<void>> {
    const { strategy } = this.#app;
    const stopLocal = strategy.onCommit((commit) => {
      if (commit.positions.length > 0) wake();
    });
    const stopRemote = hasLogWatch(strategy) ? await strategy.watchLog(wake) : undefined;
    return async () => {
      stopLocal();
      await stopRemote?.();
    };
  }
}

/** Options of an {@link HttpLog}. */
export interface HttpLogOptions {
  /** The upstream application's name, under which checkpoints and tracking records are kept. */
  readonly name: string;
  /** The client of the upstream's notification-log endpoint. */
  readonly client: NotificationLogClient;
  /**
   * Decodes the upstream's stored events: it needs their topics registered, and the upstream's compression
   * and cipher key. A follower's own application's mapper does when it registers the upstream's classes.
   */
  readonly mapper: Mapper;
}

/** The notification log of an application in another service, read over its HTTP endpoint by polling. */
export class HttpLog implements LogSource {
  readonly name: string;
  readonly #client: NotificationLogClient;
  readonly #mapper: Mapper;

  constructor(options: HttpLogOptions) {
    this.name = options.name;
    this.#client = options.client;
    this.#mapper = options.mapper;
  }

  async select(query: NotificationQuery): Promise<Notification[]> {
    const page = await this.#client.select(query.start, query.limit, query.topics);
    const { stop } = query;
    return stop === undefined ? page : page.filter((notification) => notification.position <= stop);
  }

  maxPosition(): Promise<number> {
    return this.#client.maxPosition();
  }

  decode(notification: Notification): DomainEvent {
    return this.#mapper.toDomainEvent(notification);
  }

  registerEvents(eventClasses: readonly EventClass[]): void {
    for (const eventClass of eventClasses) this.#mapper.topics.registerEvent(eventClass);
  }

  async watch(): Promise<() => Promise<void>> {
    return async () => undefined;
  }
}
