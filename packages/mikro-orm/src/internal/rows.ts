import type { ClaimedOutboxMessage, Notification, PendingOutboxMessage, StoredEvent } from '@annals/core';

export interface EventRow {
  readonly originator_version: number | string;
  readonly topic: string;
  readonly state: Uint8Array;
}

export interface NotificationRow extends EventRow {
  readonly position: number | string;
  readonly originator_id: string;
}

export interface OutboxRow {
  readonly sequence: number | string;
  readonly message_id: string;
  readonly topic: string;
  readonly body: Uint8Array;
  readonly headers: string | null;
  readonly created_at: string | Date;
}

/** Drivers hand back Buffers (PostgreSQL) or Uint8Arrays (SQLite); callers get plain Uint8Array views. */
export function bytesOf(value: Uint8Array): Uint8Array {
  return value.constructor === Uint8Array
    ? value
    : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

export function toStoredEvent(originatorId: string, row: EventRow): StoredEvent {
  return {
    originatorId,
    originatorVersion: Number(row.originator_version),
    topic: row.topic,
    state: bytesOf(row.state),
  };
}

export function toNotification(row: NotificationRow): Notification {
  return { ...toStoredEvent(row.originator_id, row), position: Number(row.position) };
}

/**
 * An outbox row as a claim reads it: with the position of its event, when found, and where claims lock rows,
 * the oldest pending row of its key that the claim does not hold.
 */
export interface ClaimedOutboxRow extends OutboxRow {
  readonly position: number | string | null;
  readonly blocked_from?: number | string | null;
}

/** An outbox row as an append with `dispatch` returns it, after the events' positions. */
export interface WrittenOutboxRow {
  readonly position: number | string | null;
  readonly sequence: number | string;
  readonly message_id: string;
  readonly created_at: string | Date;
  readonly dispatching: boolean;
}

export function toClaimedOutbox(row: ClaimedOutboxRow): ClaimedOutboxMessage {
  return {
    ...toPendingOutbox(row),
    ...(row.position === null ? {} : { position: Number(row.position) }),
  };
}

export function toPendingOutbox(row: OutboxRow): PendingOutboxMessage {
  return {
    sequence: Number(row.sequence),
    id: row.message_id,
    topic: row.topic,
    body: bytesOf(row.body),
    ...(row.headers === null ? {} : { headers: JSON.parse(row.headers) as Record<string, string> }),
    createdAt: new Date(row.created_at),
  };
}
