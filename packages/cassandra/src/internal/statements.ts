import { OUTBOX_LANE } from './lanes.js';

/** The CQL of every statement the strategy sends, for one keyspace. Values are always bound, never spliced. */
export interface Statements {
  readonly advanceHead: string;
  readonly selectPageHead: string;
  readonly expectVersion: string;
  readonly expectTrackingBelow: string;
  readonly expectNoTracking: string;
  readonly insertEntry: string;
  readonly insertEvent: string;
  readonly insertMark: string;
  readonly insertMessage: string;
  readonly insertOutboxPage: string;
  readonly selectOutboxPages: string;
  readonly deleteOutboxPage: string;
  readonly selectMessages: string;
  readonly claimMessage: string;
  readonly releaseMessage: string;
  readonly deleteMessage: string;
  readonly selectPosition: string;
  readonly selectMark: string;
  readonly selectLaneHead: string;
  readonly insertLanePage: string;
  readonly selectLanePages: string;
  readonly selectLanePagesBefore: string;
  readonly selectEventsAsc: string;
  readonly selectEventsDesc: string;
  readonly selectEntries: string;
  readonly selectLastEntry: string;
  readonly insertTracked: string;
  readonly selectTracked: string;
  readonly recordProcessed: string;
  readonly selectProcessed: string;
  readonly insertSnapshot: string;
  readonly selectSnapshot: string;
  readonly selectBucketSize: string;
  readonly selectMetadata: string;
  readonly updateMetadata: string;
}

/** Statements on the tables of `keyspace`, which must be a checked keyspace name. */
export function statements(keyspace: string): Statements {
  const log = `${keyspace}.log`;
  const lane = `${log} WHERE page = ? AND lane = ?`;
  const events = `SELECT number, position, topic, state FROM ${lane} AND number > ? AND number <= ?`;
  return {
    advanceHead: `UPDATE ${log} SET head = ? WHERE page = ? IF head = ?`,
    selectPageHead: `SELECT head FROM ${log} WHERE page = ? LIMIT 1`,
    expectVersion: `UPDATE ${log} SET originator_version = ? WHERE page = ? AND lane = ? AND number = 0 IF originator_version = ?`,
    expectTrackingBelow: `UPDATE ${log} SET position = ? WHERE page = ? AND lane = ? AND number = 0 IF position < ?`,
    expectNoTracking: `UPDATE ${log} SET position = ? WHERE page = ? AND lane = ? AND number = 0 IF position = null`,
    insertEntry:
      `INSERT INTO ${log} (page, lane, number, originator_id, originator_version, topic, state) ` +
      `VALUES (?, '', ?, ?, ?, ?, ?)`,
    insertEvent: `INSERT INTO ${log} (page, lane, number, position, topic, state, append_id) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    insertMark: `INSERT INTO ${log} (page, lane, number, append_id) VALUES (?, ?, ?, ?)`,
    insertMessage:
      `INSERT INTO ${log} (page, lane, number, message_id, ordering_key, exchange, routing_key, content_type, ` +
      `headers, state, originator_id, originator_version, created_at, append_id) ` +
      `VALUES (?, '${OUTBOX_LANE}', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    insertOutboxPage: `INSERT INTO ${keyspace}.outbox_pages (bucket, page) VALUES (0, ?)`,
    selectOutboxPages: `SELECT page FROM ${keyspace}.outbox_pages WHERE bucket = 0`,
    deleteOutboxPage: `DELETE FROM ${keyspace}.outbox_pages WHERE bucket = 0 AND page = ?`,
    selectMessages:
      `SELECT head, number, message_id, ordering_key, exchange, routing_key, content_type, headers, state, ` +
      `originator_id, originator_version, created_at, claim FROM ${log} WHERE page = ? AND lane = '${OUTBOX_LANE}'`,
    claimMessage: `UPDATE ${log} USING TTL ? SET claim = ? WHERE page = ? AND lane = '${OUTBOX_LANE}' AND number = ? IF message_id = ? AND claim = null`,
    releaseMessage: `UPDATE ${log} SET claim = null WHERE page = ? AND lane = '${OUTBOX_LANE}' AND number = ? IF claim = ?`,
    deleteMessage: `DELETE FROM ${log} WHERE page = ? AND lane = '${OUTBOX_LANE}' AND number = ? IF claim = ?`,
    selectPosition: `SELECT position FROM ${lane} AND number = ?`,
    selectMark: `SELECT append_id FROM ${lane} AND number = ?`,
    selectLaneHead: `SELECT originator_version, position FROM ${lane} AND number = 0`,
    insertLanePage: `INSERT INTO ${keyspace}.lane_pages (lane, page) VALUES (?, ?)`,
    selectLanePages: `SELECT page FROM ${keyspace}.lane_pages WHERE lane = ?`,
    selectLanePagesBefore: `SELECT page FROM ${keyspace}.lane_pages WHERE lane = ? AND page < ? ORDER BY page DESC`,
    selectEventsAsc: `${events} ORDER BY lane ASC, number ASC`,
    selectEventsDesc: `${events} ORDER BY lane DESC, number DESC`,
    selectEntries:
      `SELECT head, number, originator_id, originator_version, topic, state FROM ${log} ` +
      `WHERE page = ? AND lane = '' AND number >= ? AND number <= ?`,
    selectLastEntry: `SELECT number FROM ${log} WHERE page = ? AND lane = '' ORDER BY lane DESC, number DESC LIMIT 1`,
    insertTracked: `INSERT INTO ${keyspace}.tracked_applications (bucket, application) VALUES (0, ?)`,
    selectTracked: `SELECT application FROM ${keyspace}.tracked_applications WHERE bucket = 0`,
    recordProcessed: `INSERT INTO ${keyspace}.processed_messages (consumer, message_id, recorded_by) VALUES (?, ?, ?) IF NOT EXISTS`,
    selectProcessed: `SELECT recorded_by FROM ${keyspace}.processed_messages WHERE consumer = ? AND message_id = ?`,
    insertSnapshot:
      `INSERT INTO ${keyspace}.snapshots (originator_id, originator_version, topic, state) ` +
      `VALUES (?, ?, ?, ?)`,
    selectSnapshot:
      `SELECT originator_version, topic, state FROM ${keyspace}.snapshots ` +
      `WHERE originator_id = ? AND originator_version <= ? LIMIT 1`,
    selectBucketSize: `SELECT value FROM ${keyspace}.annals_metadata WHERE name = 'bucket_size'`,
    selectMetadata: `SELECT value FROM ${keyspace}.annals_metadata WHERE name = ?`,
    updateMetadata: `UPDATE ${keyspace}.annals_metadata SET value = ? WHERE name = ?`,
  };
}
