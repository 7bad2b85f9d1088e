/** The CQL of every statement the strategy sends, for one keyspace. Values are always bound, never spliced. */
export interface Statements {
  readonly checkHead: string;
  readonly insertEvent: string;
  readonly selectHead: string;
  readonly openBucket: string;
  readonly selectAppendId: string;
  readonly selectEventsAsc: string;
  readonly selectEventsDesc: string;
  readonly insertSnapshot: string;
  readonly selectSnapshot: string;
  readonly selectBucketSize: string;
  readonly selectMetadata: string;
}

/** Statements on the tables of `keyspace`, which must be a checked keyspace name. */
export function statements(keyspace: string): Statements {
  const events = `${keyspace}.events`;
  const range = `${events} WHERE originator_id = ? AND bucket = ? AND originator_version > ? AND originator_version <= ?`;
  return {
    checkHead: `UPDATE ${events} SET head = ? WHERE originator_id = ? AND bucket = ? IF head = ?`,
    insertEvent:
      `INSERT INTO ${events} (originator_id, bucket, originator_version, topic, state, append_id) ` +
      `VALUES (?, ?, ?, ?, ?, ?)`,
    selectHead: `SELECT head FROM ${events} WHERE originator_id = ? AND bucket = ? LIMIT 1`,
    openBucket: `UPDATE ${events} SET head = ? WHERE originator_id = ? AND bucket = ? IF head = null`,
    selectAppendId: `SELECT append_id FROM ${events} WHERE originator_id = ? AND bucket = ? AND originator_version = ?`,
    selectEventsAsc: `SELECT originator_version, topic, state FROM ${range} ORDER BY originator_version ASC`,
    selectEventsDesc: `SELECT originator_version, topic, state FROM ${range} ORDER BY originator_version DESC`,
    insertSnapshot:
      `INSERT INTO ${keyspace}.snapshots (originator_id, originator_version, topic, state) ` +
      `VALUES (?, ?, ?, ?)`,
    selectSnapshot:
      `SELECT originator_version, topic, state FROM ${keyspace}.snapshots ` +
      `WHERE originator_id = ? AND originator_version <= ? LIMIT 1`,
    selectBucketSize: `SELECT value FROM ${keyspace}.annals_metadata WHERE name = 'bucket_size'`,
    selectMetadata: `SELECT value FROM ${keyspace}.annals_metadata WHERE name = ?`,
  };
}
