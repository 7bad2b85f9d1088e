import type { PendingOutboxMessage } from './records.js';

/** An outbox row handed to a relay by `claimOutbox`, with where its event sits in the notification log. */
export interface ClaimedOutboxMessage extends PendingOutboxMessage {
  /**
   * The notification position of the event the message announces, when its id has the form
   * `<originatorId>:<originatorVersion>` and the strategy keeps a notification log; otherwise absent.
   */
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
   * How many rows it left for now because an older row of their key is held elsewhere (by another claim,
   * or being dispatched): claim again once that one is settled.
   */
  readonly blocked: number;
}

/** Options of a claim. */
export interface ClaimOutboxOptions {
  /**
   * Claim also rows handed to a dispatch on commit and not yet settled (see `watchOutbox`), which claims
   * otherwise leave alone for the strategy's dispatch grace: for a flush, which must not wait for a
   * dispatcher that may have died. A live dispatcher may send such a row too. @default false
   */
  readonly includeDispatched?: boolean | undefined;
}

/**
 * What an append that committed on its own (not inside a caller's transaction) wrote to the outbox, told to
 * the watchers of the strategy right after the commit (see `watchOutbox`).
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

/** Told each {@link OutboxCommit}; runs inside the append's return, so it must only start work, not await it. */
export type OutboxWatcher = (commit: OutboxCommit) => void;

/** How much of the outbox waits for a relay. */
export interface OutboxBacklog {
  readonly pending: number;
  /** When the oldest pending row was written; absent when none is pending. */
  readonly oldest?: Date | undefined;
}

/**
 * The key that orders outbox messages: the part of the message id before its first `:`, so for the
 * `<originatorId>:<originatorVersion>` ids Annals writes, the aggregate's id. Messages with the same key are
 * claimed in the order they were written, and never while an older one is claimed by another relay.
 *
 * @example
 * ```ts
 * outboxOrderingKey('0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b:3'); // '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b'
 * ```
 */
export function outboxOrderingKey(messageId: string): string {
  const colon = messageId.indexOf(':');
  return colon === -1 ? messageId : messageId.slice(0, colon);
}

/**
 * Keeps, of rows a relay has locked, those it may send without overtaking an older message of the same
 * key: for each key, the rows older than the oldest row of that key that someone else holds.
 * @param held the locked rows, in sequence order
 * @param blocked the oldest sequence per key that is pending but not in `held`
 */
export function sendableInOrder<M extends PendingOutboxMessage>(
  held: readonly M[],
  blocked: ReadonlyMap<string, number>,
): M[] {
  return held.filter((message) => {
    const first = blocked.get(outboxOrderingKey(message.id));
    return first === undefined || message.sequence < first;
  });
}
