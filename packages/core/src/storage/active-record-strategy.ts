import type { CommitListener } from './commit.js';
import type { Capability } from './capabilities.js';
import type { OutboxMessage, ReadEvent, StoredEvent, Tracking } from './records.js';

/** What else to write in the same atomic append as the events. */
export interface AppendOptions {
  /** Marks an upstream position as processed; a second append with the same tracking record conflicts. Needs `tracking`. */
  readonly tracking?: Tracking | undefined;
  /** Messages to publish after commit. Needs `outbox`. */
  readonly outbox?: readonly OutboxMessage[] | undefined;
  /** Handed back in the {@link Commit} of this append, so its caller can recognise it. */
  readonly origin?: object | undefined;
}

/** Which of an aggregate's events to read. Versions are inclusive-exclusive like `(gt, lte]`. */
export interface EventRange {
  /** Only versions greater than this. @default 0 */
  readonly gt?: number | undefined;
  /** Only versions up to and including this. @default unbounded */
  readonly lte?: number | undefined;
  /** Newest first. @default false */
  readonly desc?: boolean | undefined;
  /** At most this many. @default unbounded */
  readonly limit?: number | undefined;
}

/**
 * The storage port every strategy (in-memory, SQL, Cassandra) implements: events stored atomically with
 * optimistic concurrency, read back by aggregate, and every commit told after it happened. The optional
 * parts are interfaces of their own, declared in `capabilities` and found with the guards
 * (`hasNotificationLog(strategy)`, …).
 */
export interface ActiveRecordStrategy {
  /** A short name for messages and logs, e.g. `memory`, `postgresql`. */
  readonly name: string;
  /** The optional interfaces this strategy implements. */
  readonly capabilities: ReadonlySet<Capability>;

  /**
   * Stores the events, the tracking record and the outbox messages atomically: all or none. Throws
   * `RecordConflictError` when an event's `(originatorId, originatorVersion)` or the tracking record
   * exists already, `ValidationError` on malformed input before anything is sent, and `NotSupportedError`
   * for what the strategy lacks (events of several aggregates without `multi-aggregate-append`, tracking
   * without `tracking`, outbox messages without `outbox`).
   * @returns the notification positions given to the events, in order (empty without a notification log).
   */
  append(events: readonly StoredEvent[], options?: AppendOptions): Promise<readonly number[]>;

  /** An aggregate's events in version order (or reversed), within the range. */
  selectEvents(originatorId: string, range?: EventRange): Promise<ReadEvent[]>;

  /** The same as {@link selectEvents}, read page by page so long histories never sit in memory at once. */
  streamEvents(originatorId: string, range?: EventRange): AsyncIterable<ReadEvent>;

  /**
   * The same events as {@link streamEvents}, a page (one read) at a time and no page empty: the repository
   * folds them with one await per page rather than per event.
   */
  streamEventPages(originatorId: string, range?: EventRange): AsyncIterable<readonly ReadEvent[]>;

  /**
   * The after-commit path: `listener` hears of every append once it has really committed, also when the
   * append joined a caller's transaction (then when that transaction commits), and never of one that rolled
   * back. It runs inside the commit's return, so it must only start work, not await it.
   * @returns a function that stops the listening
   */
  onCommit(listener: CommitListener): () => void;

  /** Releases connections. Further calls fail with `ClosedError`. */
  close(): Promise<void>;
}
