import type { ClaimedOutboxMessage, Notification, ReadEvent, ReadState } from '@annals/core/storage';

/**
 * The columns an event or snapshot read selects, in order: `originator_version, topic, state_text, state`,
 * the state either as text (`state`, then, null) or as bytes.
 */
export type EventRow = readonly unknown[];

/**
 * The columns a log read selects, in order: `position, originator_id, originator_version, topic,
 * state_text, state`.
 */
export type NotificationRow = readonly unknown[];

/** The columns of an outbox row that make a {@link ClaimedOutboxMessage}, of the table aliased `o`. */
export const claimedOutboxColumns = `o.sequence, o.message_id, o.ordering_key, o.exchange, o.routing_key,
  o.content_type, o.headers, o.body, o.originator_id, o.originator_version, o.created_at`;

/**
 * An outbox row as a claim reads it: {@link claimedOutboxColumns}, the position of its event, when found,
 * and where claims lock rows, the oldest pending row of its key that the claim does not hold.
 */
export interface ClaimedOutboxRow {
  readonly sequence: number | string;
  readonly message_id: string;
  readonly ordering_key: string;
  readonly exchange: string;
  readonly routing_key: string;
  readonly content_type: string;
  readonly headers: string | null;
  readonly body: Uint8Array;
  readonly originator_id: string | null;
  readonly originator_version: number | string | null;
  readonly created_at: string | Date;
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

/** Drivers hand back Buffers (PostgreSQL) or Uint8Arrays (SQLite); callers get plain Uint8Array views. */
export function bytesOf(value: Uint8Array): Uint8Array {
  return value.constructor === Uint8Array
    ? value
    : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

/** A state read as text (see `withStateAsText`), handed on as that text, or as bytes. */
function stateOf(text: unknown, bytes: unknown): ReadState {
  return text === null ? bytesOf(bytes as Uint8Array) : (text as string);
}

export function toReadEvent(originatorId: string, row: EventRow): ReadEvent {
  return {
    originatorId,
    originatorVersion: Number(row[0]),
    topic: row[1] as string,
    state: stateOf(row[2], row[3]),
  };
}

export function toNotification(row: NotificationRow): Notification {
  // Built whole rather than spread from a stored event: log scans make one per row.
  return {
    originatorId: row[1] as string,
    originatorVersion: Number(row[2]),
    topic: row[3] as string,
    state: stateOf(row[4], row[5]),
    position: Number(row[0]),
  };
}

/** A claimed row as the message relays send; fields the row lacks are left out. */
export function toClaimedOutbox(row: ClaimedOutboxRow): ClaimedOutboxMessage {
  return {
    id: row.message_id,
    orderingKey: row.ordering_key,
    exchange: row.exchange,
    routingKey: row.routing_key,
    contentType: row.content_type,
    ...(row.headers === null ? {} : { headers: JSON.parse(row.headers) as Record<string, string> }),
    body: bytesOf(row.body),
    ...(row.originator_id === null || row.originator_version === null
      ? {}
      : { event: { originatorId: row.originator_id, originatorVersion: Number(row.originator_version) } }),
    sequence: Number(row.sequence),
    createdAt: new Date(row.created_at),
    ...(row.position === null ? {} : { position: Number(row.position) }),
  };
}
