import type { ClaimedOutboxMessage, OutboxCommit, OutboxMessage } from '@annals/core/storage';
import type { WrittenOutboxRow } from '../internal/rows.js';

/** The rows of an append that marked its outbox rows for dispatch: the events' positions, then the outbox rows. */
export type DispatchingAppendRow = { readonly position: number | string | null } & Partial<WrittenOutboxRow>;

/** Splits what an append with `dispatch` returned into the events' positions and the outbox rows written. */
export function splitAppendRows(rows: readonly DispatchingAppendRow[]): {
  positions: number[];
  written: WrittenOutboxRow[];
} {
  const positions: number[] = [];
  const written: WrittenOutboxRow[] = [];
  for (const row of rows) {
    if (row.sequence == null) positions.push(Number(row.position));
    else written.push(row as WrittenOutboxRow);
  }
  return { positions, written };
}

/**
 * What the outbox watcher hears of an append once it has committed: the rows it marked for dispatch, as
 * messages to send, and how many it left to claims.
 */
export function outboxCommitOf(
  outbox: readonly OutboxMessage[],
  written: readonly WrittenOutboxRow[],
): OutboxCommit {
  const messages = new Map(outbox.map((message) => [message.id, message]));
  const dispatched: ClaimedOutboxMessage[] = [];
  for (const row of written) {
    const message = messages.get(row.message_id);
    if (!row.dispatching || !message) continue;
    dispatched.push({
      ...message,
      sequence: Number(row.sequence),
      createdAt: new Date(row.created_at),
      ...(row.position === null ? {} : { position: Number(row.position) }),
    });
  }
  return { dispatched, claimable: written.length - dispatched.length };
}
