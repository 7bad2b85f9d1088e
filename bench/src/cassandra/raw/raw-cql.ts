/**
 * The CQL the raw contender sends: word for word the statements `@annals/cassandra` prepares on the same
 * tables (its `internal/statements.ts`), so that the two contenders run the same prepared statements.
 */
export interface RawCql {
  /** Sets the partition's static head to the append's last version IF it is the version before its first. */
  readonly checkHead: string;
  readonly insertEvent: string;
  /** Opens a bucket by copying the sealed previous bucket's head (the seeding appends cross buckets). */
  readonly openBucket: string;
  readonly selectEventsAsc: string;
}

export function rawCql(keyspace: string): RawCql {
  const events = `${keyspace}.events`;
  const range = `${events} WHERE originator_id = ? AND bucket = ? AND originator_version > ? AND originator_version <= ?`;
  return {
    checkHead: `UPDATE ${events} SET head = ? WHERE originator_id = ? AND bucket = ? IF head = ?`,
    insertEvent:
      `INSERT INTO ${events} (originator_id, bucket, originator_version, topic, state, append_id) ` +
      `VALUES (?, ?, ?, ?, ?, ?)`,
    openBucket: `UPDATE ${events} SET head = ? WHERE originator_id = ? AND bucket = ? IF head = null`,
    selectEventsAsc: `SELECT originator_version, topic, state FROM ${range} ORDER BY originator_version ASC`,
  };
}
