import { isUtf8 } from 'node:buffer';
import { IntegrityError, type Notification, type ReadEvent, type ReadState } from '@annals/core';
import cassandra, { type types } from 'cassandra-driver';

const { Long, Uuid } = cassandra.types;

/** A `bigint` column as a number, or `null` when the column is null or absent. */
export function numberColumn(row: types.Row | undefined, column: string): number | null {
  const value: unknown = row?.get(column);
  if (value === null || value === undefined) return null;
  if (value instanceof Long) return value.toNumber();
  throw new IntegrityError(`column ${column} holds ${typeof value}, not a bigint`);
}

/**
 * A row of an aggregate's lane of the log (its version in `number`), or of the snapshots table (in
 * `originator_version`), as a record of `originatorId`. A state that is a plain JSON document
 * (its first byte a space or `{`) and valid UTF-8 is handed on as its text, which the mapper parses with no
 * decoder of its own; any other state as a copy of its bytes, as the driver hands blobs over as views of the
 * frame they arrived in (see `driverConnector`), which a record kept for long must not hold on to.
 */
export function toReadEvent(
  originatorId: string,
  row: types.Row,
  versionColumn: 'number' | 'originator_version',
): ReadEvent {
  const topic: unknown = row.get('topic');
  const state: unknown = row.get('state');
  const originatorVersion = numberColumn(row, versionColumn);
  if (typeof topic !== 'string' || !(state instanceof Buffer) || originatorVersion === null) {
    throw new IntegrityError(`a stored record of ${originatorId} lacks its version, topic or state`);
  }
  return { originatorId, originatorVersion, topic, state: readState(state) };
}

/** A row of the log's own lane as the notification at its position. */
export function toNotification(row: types.Row): Notification {
  const originatorId: unknown = row.get('originator_id');
  const position = numberColumn(row, 'number');
  const originatorVersion = numberColumn(row, 'originator_version');
  const topic: unknown = row.get('topic');
  const state: unknown = row.get('state');
  if (
    !(originatorId instanceof Uuid) ||
    position === null ||
    originatorVersion === null ||
    typeof topic !== 'string' ||
    !(state instanceof Buffer)
  ) {
    throw new IntegrityError(
      `the log's entry at ${String(position)} lacks its aggregate, version, topic or state`,
    );
  }
  return {
    position,
    originatorId: originatorId.toString(),
    originatorVersion,
    topic,
    state: readState(state),
  };
}

/** A space, the transcoder's mark of a plain JSON document, and `{`. */
const SPACE = 0x20;
const OPEN_BRACE = 0x7b;

function readState(state: Buffer): ReadState {
  const first = state[0];
  return (first === SPACE || first === OPEN_BRACE) && isUtf8(state)
    ? state.toString('utf8')
    : new Uint8Array(state);
}

/** The bytes to bind for a `blob` column, sharing the caller's memory (the driver copies into its frame). */
export function blob(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
