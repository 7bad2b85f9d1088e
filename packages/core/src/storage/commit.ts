import type { OutboxMessage, StoredEvent, Tracking } from './records.js';

/** One committed append, as the after-commit path tells it. */
export interface Commit {
  /** The events the append stored. */
  readonly events: readonly StoredEvent[];
  /** The notification positions of `events`, in order; empty without a notification log. */
  readonly positions: readonly number[];
  /** The tracking record the append wrote, if any. */
  readonly tracking: Tracking | undefined;
  /** The outbox messages the append wrote. */
  readonly outbox: readonly OutboxMessage[];
  /** The `origin` the append was given. */
  readonly origin: object | undefined;
}

/** Told each {@link Commit}; runs inside the commit's return, so it must only start work, not await it. */
export type CommitListener = (commit: Commit) => void;
