import type {
  ClaimOutboxOptions,
  OutboxBacklog,
  OutboxClaim,
  OutboxSender,
  OutboxWatcher,
} from './outbox.js';
import type {
  Notification,
  OutboxMessage,
  PendingOutboxMessage,
  StoredEvent,
  StoredSnapshot,
  Tracking,
} from './records.js';

/**
 * Optional parts of the storage port. A strategy lists the ones it offers. `multi-aggregate-append` means
 * one append may hold the events of several aggregates and still be all or nothing. `outbox` covers writing
 * outbox rows and relaying them (`claimOutbox`, `outboxBacklog`); `outbox-dispatch` handing an append's rows
 * to a relay of the same process right after its commit (`watchOutbox`, `settleOutbox`). `tracking` covers
 * every record of what was processed, written atomically with its effects: tracking records, processed message ids
 * (`recordProcessedMessages`) and the units of work that hold them (`transaction`).
 */
export type Capability =
  'notification-log' | 'tracking' | 'outbox' | 'outbox-dispatch' | 'snapshots' | 'multi-aggregate-append';

export const allCapabilities: readonly Capability[] = [
  'notification-log',
  'tracking',
  'outbox',
  'outbox-dispatch',
  'snapshots',
  'multi-aggregate-append',
];

/** What else to write in the same atomic append as the events. */
export interface AppendOptions {
  /** Marks an upstream position as processed; a second append with the same tracking record conflicts. */
  readonly tracking?: Tracking | undefined;
  /** Messages to publish after commit. */
  readonly outbox?: readonly OutboxMessage[] | undefined;
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
 * The storage port. Every strategy (in-memory, SQL, Cassandra) implements it and passes the same contract
 * suite; optional parts are declared in `capabilities` and throw `NotSupportedError` when absent.
 */
export interface ActiveRecordStrategy {
  /** A short name for messages and logs, e.g. `memory`, `postgresql`. */
  readonly name: string;
  readonly capabilities: ReadonlySet<Capability>;

  /**
   * Stores the events, the tracking record and the outbox messages atomically: all or none. Throws
   * `RecordConflictError` when an event's `(originatorId, originatorVersion)` or the tracking record
   * exists already, and `ValidationError` on malformed input before anything is sent. Strategies without
   * `multi-aggregate-append` throw `NotSupportedError` for events of more than one aggregate.
   * @returns the notification positions given to the events, in order (empty without a notification log).
   */
  append(events: readonly StoredEvent[], options?: AppendOptions): Promise<readonly number[]>;

  /** An aggregate's events in version order (or reversed), within the range. */
  selectEvents(originatorId: string, range?: EventRange): Promise<StoredEvent[]>;

  /** The same as {@link selectEvents}, read page by page so long histories never sit in memory at once. */
  streamEvents(originatorId: string, range?: EventRange): AsyncIterable<StoredEvent>;

  /** Notifications in position order. Never skips a position that a later reader would see. */
  selectNotifications(query: NotificationQuery): Promise<Notification[]>;

  /** The highest position a reader can see now; 0 when the log is empty. */
  maxNotificationPosition(): Promise<number>;

  /** The highest upstream position recorded for `application`; 0 when none. */
  maxTrackingPosition(application: string): Promise<number>;

  insertSnapshot(snapshot: StoredSnapshot): Promise<void>;

  /** The latest snapshot of the aggregate at or before `lte`. */
  selectSnapshot(originatorId: string, lte?: number): Promise<StoredSnapshot | undefined>;

  /** Outbox messages not yet confirmed, oldest first. */
  selectPendingOutbox(limit: number): Promise<PendingOutboxMessage[]>;

  /** Removes confirmed outbox messages. */
  deleteOutbox(sequences: readonly number[]): Promise<void>;
  /**
   * Claims up to `limit` pending outbox rows that no other claim holds, hands them to `send`, removes the
   * ones it confirms, and releases the rest, all in one transaction of the strategy's own (never the
   * caller's). Rows with the same ordering key (see `outboxOrderingKey`) are handed over oldest first, and
   * none while an older one is held by another claim, so concurrent relays keep per-aggregate order. Rows
   * written by transactions not yet committed are never claimed, and rows handed to a dispatch on commit
   * (see {@link watchOutbox}) only with `includeDispatched` or once their dispatch grace has passed. Needs
   * `outbox`.
   */
  claimOutbox?(limit: number, send: OutboxSender, options?: ClaimOutboxOptions): Promise<OutboxClaim>;
  /**
   * Dispatch on commit: until the returned function is called, every append that writes outbox rows and
   * commits on its own, or inside a {@link transaction} that this call opened, is told to a watcher (one
   * only: the earliest still watching) right after the commit, with its rows marked for dispatch: those
   * with no older row of their key pending. The watcher sends them and settles every one with
   * {@link settleOutbox}; claims leave them alone meanwhile, and for at most the strategy's dispatch grace
   * (counted from the start of the writing transaction) when the watcher's process dies first. Appends in
   * a transaction opened elsewhere (the caller's own), appends that roll back and appends while nobody
   * watches are never told. Needs `outbox-dispatch`.
   */
  watchOutbox?(watcher: OutboxWatcher): () => void;
  /**
   * Settles dispatched rows: removes the `confirmed` ones and hands the `unconfirmed` ones back to claims.
   * Needs `outbox-dispatch`.
   */
  settleOutbox?(confirmed: readonly number[], unconfirmed: readonly number[]): Promise<void>;
  /** How many outbox rows are pending and how old the oldest is. Needs `outbox`. */
  outboxBacklog?(): Promise<OutboxBacklog>;
  /**
   * Runs `work` in a unit of work: appends made inside it (through any application on this strategy) and
   * {@link recordProcessedMessages} commit when it resolves and roll back when it throws. Joins the unit of
   * work already active in the calling async context, if any. Needs `tracking`.
   */
  transaction?<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Records that `consumer` has processed the messages `messageIds`, in one statement where the storage
   * allows; inside {@link transaction} the records commit or roll back with the handlers' effects. A
   * concurrent recording of the same pair waits for the first to commit or roll back. Needs `tracking`.
   * @returns the ids recorded now, in the order given, each once; an id missing from it was recorded
   *   before: that message is a redelivery.
   */
  recordProcessedMessages?(consumer: string, messageIds: readonly string[]): Promise<string[]>;
  /** The highest recorded position of every upstream application. Needs `tracking`. */
  trackingPositions?(): Promise<Tracking[]>;

  /** Releases connections. Further calls fail with `ClosedError`. */
  close(): Promise<void>;
}
