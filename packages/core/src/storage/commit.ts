import type { OutboxMessage, StoredEvent, Tracking } from './records.js';

/** One committed append, as the after-commit path tells it. */
export interface Commit {
  readonly events: readonly StoredEvent[];
  /** The notification positions of `events`, in order; empty without a notification log. */
  readonly positions: readonly number[];
  readonly tracking: Tracking | undefined;
  readonly outbox: readonly OutboxMessage[];
  /** The `origin` the append was given. */
  readonly origin: object | undefined;
}

/** Told each {@link Commit}; runs inside the commit's return, so it must only start work, not await it. */
export type CommitListener = (commit: Commit) => void;
