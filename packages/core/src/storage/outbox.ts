import type { PendingOutboxMessage } from './records.js';

/** An outbox row handed to a relay, with where the event it announces sits in the notification log. */
export interface ClaimedOutboxMessage extends PendingOutboxMessage {
  /** The notification position of the message's `event`, where it has one and the strategy keeps a log. */
  readonly position?: number | undefined;
}

/**
 * Sends claimed messages and says which ones the broker confirmed. Called inside the claim: the rows stay
 * locked against other relays until it settles.
 * @returns the `sequence` of every confirmed message; the others stay pending.
 */
export type OutboxSender = (messages: readonly ClaimedOutboxMessage[]) => Promise<readonly number[]>;

/** What one claim did. */
export interface OutboxClaim {
  /** How many rows were handed to the sender (0 when nothing pending could be claimed). */
  readonly claimed: number;
  /** How many of them were confirmed and removed. */
  readonly confirmed: number;
  /**
   * How many rows it left for now because an older row of their ordering key is held elsewhere (by another
   * claim, or being dispatched): claim again once that one is settled.
   */
  readonly blocked: number;
}

/** Options of a claim. */
export interface ClaimOutboxOptions {
  /**
   * Claim also rows handed to a dispatch on commit and not yet settled, which claims otherwise leave alone
   * for the strategy's dispatch grace: for a flush, which must not wait for a dispatcher that may have died.
   * A live dispatcher may send such a row too. @default false
   */
  readonly includeDispatched?: boolean | undefined;
}

/** How much of the outbox waits for a relay. */
export interface OutboxBacklog {
  /** How many rows wait for the broker's confirmation. */
  readonly pending: number;
  /** When the oldest pending row was written; absent when none is pending. */
  readonly oldest?: Date | undefined;
}

/** The outbox (capability `outbox`): rows written by appends, claimed by relays. */
export interface OutboxStore {
  /**
   * Claims up to `limit` pending outbox rows that no other claim holds, hands them to `send`, removes the
   * ones it confirms, and releases the rest, all in one transaction of the strategy's own (never the
   * caller's). Rows with the same ordering key are handed over oldest first, and none while an older one is
   * held by another claim, so concurrent relays keep per-key order. Rows of transactions not yet committed
   * are never claimed, and rows handed to a dispatch on commit only with `includeDispatched` or once their
   * dispatch grace has passed.
   */
  claimOutbox(limit: number, send: OutboxSender, options?: ClaimOutboxOptions): Promise<OutboxClaim>;
  /** How many outbox rows are pending and how old the oldest is. */
  outboxBacklog(): Promise<OutboxBacklog>;
}

/**
 * What a committed append wrote to the outbox, told to the strategy's outbox watcher on the after-commit
 * path (see {@link OutboxDispatch.watchOutbox}).
 */
export interface OutboxCommit {
  /**
   * Rows marked for dispatch, in sequence order: no older row of their key was pending, so sending them now
   * overtakes nothing. Claims leave them alone until they are settled or the dispatch grace has passed.
   */
  readonly dispatched: readonly ClaimedOutboxMessage[];
  /** How many rows it left to claims, because an older row of their key was still pending. */
  readonly claimable: number;
}

/** Told each {@link OutboxCommit}; runs inside the commit's return, so it must only start work, not await it. */
export type OutboxWatcher = (commit: OutboxCommit) => void;

/** Dispatch on commit (capability `outbox-dispatch`): a relay in the saving process publishes without claiming. */
export interface OutboxDispatch {
  /**
   * Until the returned function is called, the rows of every committed append are told to a watcher (one
   * only: the earliest still watching) on the after-commit path, marked for dispatch where no older row of
   * their key is pending. The watcher sends them and settles every one with {@link settleOutbox}; claims
   * leave them alone meanwhile, and for at most the strategy's dispatch grace when the watcher's process
   * dies first. Appends that roll back and appends while nobody watches are never told.
   */
  watchOutbox(watcher: OutboxWatcher): () => void;
  /** Settles dispatched rows: removes the `confirmed` ones and hands the `unconfirmed` ones back to claims. */
  settleOutbox(confirmed: readonly number[], unconfirmed: readonly number[]): Promise<void>;
}

/**
 * Keeps, of rows a relay has locked, those it may send without overtaking an older message of the same
 * ordering key: for each key, the rows older than the oldest row of that key that someone else holds.
 * @param held the locked rows, in sequence order
 * @param blocked the oldest sequence per ordering key that is pending but not in `held`
 */
export function sendableInOrder<M extends PendingOutboxMessage>(
  held: readonly M[],
  blocked: ReadonlyMap<string, number>,
): M[] {
  return held.filter((message) => {
    const first = blocked.get(message.orderingKey);
    return first === undefined || message.sequence < first;
  });
}
