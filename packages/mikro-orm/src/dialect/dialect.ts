import type {
  Capability,
  EventRange,
  NotificationQuery,
  OutboxMessage,
  StoredEvent,
  Tracking,
} from '@annals/core/storage';
import type { LeaseStatements } from './lease-statements.js';
import type { ProjectionStatements } from './projection-statements.js';
import type { Tables } from './tables.js';

/** A SQL text with its bind parameters. */
export interface Statement {
  readonly sql: string;
  readonly params: readonly unknown[];
  /**
   * A read that selects states as text where it can (see `withStateAsText` of the PostgreSQL dialect) has
   * the same read with every state as bytes here: what runs in a caller's transaction, which a state the
   * server cannot send as text would abort, and what runs again when the server could not.
   */
  readonly asBytes?: Statement | undefined;
}

/** How a reader finds the position up to which no writer still holds a position. */
export interface ReadBarrier {
  /** The last position drawn, as a `{ position }` row. */
  lastDrawnPosition(): Statement;
  /** The transactions that may hold drawn positions, as `{ writer }` rows, optionally only among `among`. */
  writersInFlight(among?: readonly string[]): Statement;
  /**
   * The isolation level of the reader's transaction, as a `{ level }` row: the barrier holds at READ
   * COMMITTED only, where each statement sees every commit made before it.
   */
  isolationLevel(): Statement;
}

/** What an append writes besides its events. */
export interface AppendRecords {
  readonly tracking?: Tracking | undefined;
  readonly outbox: readonly OutboxMessage[];
  /**
   * Mark outbox rows for dispatch where no older row of their key is pending (only where
   * {@link Dialect.settleDispatched} is present).
   */
  readonly dispatch: boolean;
}

/** What differs between PostgreSQL and SQLite: the SQL texts and how rows come back. */
export interface Dialect {
  readonly name: 'postgresql' | 'sqlite';
  readonly tables: Tables;
  /** The capabilities of the storage port this dialect cannot offer. */
  readonly lacks: readonly Capability[];
  /**
   * The statements of an append; positions come back as rows of `{ position }`. With `dispatch`, after the
   * positions come rows of `{ position, sequence, message_id, created_at, dispatching }`, one per outbox
   * row, in sequence order.
   */
  insertEvents(events: readonly StoredEvent[], records: AppendRecords): Statement[];
  selectEvents(originatorId: string, range: EventRange): Statement;
  selectNotifications(query: NotificationQuery): Statement;
  /** The highest visible position, up to `stop`. */
  maxNotificationPosition(stop: number): Statement;
  /** Present where writers can commit out of position order. */
  readonly readBarrier?: ReadBarrier;
  maxTrackingPosition(application: string): Statement;
  insertSnapshot(snapshot: StoredEvent): Statement;
  selectSnapshot(originatorId: string, lte: number | undefined): Statement;
  /**
   * Pending outbox rows, oldest first, with the notification position of the event each announces, as
   * `ClaimedOutboxRow`s. Where claims lock rows (PostgreSQL), the rows are locked, skipping rows other
   * claims hold, and each carries `blocked_from`: the oldest pending row of its key that this claim does not
   * hold (null when none), which it must not overtake. With `dispatchGrace` (ms), rows marked for dispatch
   * are skipped until they are that old.
   */
  claimOutbox(limit: number, dispatchGrace?: number): Statement;
  /** Present where claims lock rows, with {@link deleteOutboxAndCommit}: how a claim's transaction begins. */
  beginClaim?(): Statement;
  /** Present where claims lock rows: deletes a claim's confirmed rows and commits, in one round trip. */
  deleteOutboxAndCommit?(sequences: readonly number[]): Statement;
  /** Present where claims do not lock rows: deletes a claim's confirmed rows. */
  deleteClaimedOutbox?(sequences: readonly number[]): Statement;
  /**
   * Present where appends can mark outbox rows for dispatch: deletes the `confirmed` rows and unmarks the
   * `unconfirmed` ones, in one round trip.
   */
  settleDispatched?(confirmed: readonly number[], unconfirmed: readonly number[]): Statement;
  /** `{ pending, oldest }` of the outbox. */
  outboxBacklog(): Statement;
  /**
   * Inserts the processed messages not present, in one statement, in sorted order (so that two recordings
   * of overlapping ids lock them in the same order and cannot deadlock); returns a `message_id` row for each
   * it inserted. `messageIds` holds no duplicates.
   */
  recordProcessedMessages(consumer: string, messageIds: readonly string[]): Statement;
  /** `{ application, position }` rows: the highest tracked position per upstream application. */
  trackingPositions(): Statement;
  /** Serialises concurrent migrations across processes; run first in the migration transaction. */
  lockMigrations(): Statement | undefined;
  /** Projections' records and checkpoints. */
  readonly projections: ProjectionStatements;
  /**
   * Leases: session-level advisory locks, each held by a connection of its own, or rows with an expiry that
   * their holders renew.
   */
  readonly leases: LeaseStatements;
  /** Present where other sessions can be told of commits. */
  readonly commitNotifications?: CommitNotificationStatements;
}

/** How sessions tell each other of commits: NOTIFY and LISTEN on one channel. */
export interface CommitNotificationStatements {
  /** Starts listening to the channel, on a connection of its own. */
  listen(): Statement;
  /** Notifies the channel; one round trip, without bind parameters. */
  notify(): Statement;
}
