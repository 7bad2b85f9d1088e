import { IntegrityError, type StoredEvent } from '@annals/core';
import cassandra, { type types } from 'cassandra-driver';

const { Long } = cassandra.types;

/** A `bigint` column as a number, or `null` when the column is null or absent. */
export function numberColumn(row: types.Row | undefined, column: string): number | null {
  const value: unknown = row?.get(column);
  if (value === null || value === undefined) return null;
  if (value instanceof Long) return value.toNumber();
  throw new IntegrityError(`column ${column} holds ${typeof value}, not a bigint`);
}

/**
 * A row of the events or snapshots table as a stored record of `originatorId`. The driver copies each blob
 * out of its receive buffer (`encoding.copyBuffer`, on by default), so the bytes are the record's own; the
 * Buffer is only re-viewed as a plain Uint8Array.
 */
export function toStoredEvent(originatorId: string, row: types.Row): StoredEvent {
  const topic: unknown = row.get('topic');
  const state: unknown = row.get('state');
  const originatorVersion = numberColumn(row, 'originator_version');
  if (typeof topic !== 'string' || !(state instanceof Uint8Array) || originatorVersion === null) {
    throw new IntegrityError(`a stored record of ${originatorId} lacks its version, topic or state`);
  }
  return {
    originatorId,
    originatorVersion,
    topic,
    state: new Uint8Array(state.buffer, state.byteOffset, state.byteLength),
  };
}

/** The bytes to bind for a `blob` column, sharing the caller's memory (the driver copies into its frame). */
export function blob(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
