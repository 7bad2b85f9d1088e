/**
 * The CQL the raw contender sends: word for word the statements `@annals/cassandra` prepares on the same
 * tables (its `internal/statements.ts`), so that the two contenders run the same prepared statements.
 */
export interface RawCql {
  /** Moves the log page's static head past the positions an append takes IF it is where the writer saw it. */
  readonly advanceHead: string;
  /** A page's head: where the raw contender looks for the log's tail when it opens. */
  readonly selectPageHead: string;
  /** Sets an aggregate's head row in the page to its last version IF it holds the version before the first. */
  readonly expectVersion: string;
  /** The log's entry at a position (lane ''). */
  readonly insertEntry: string;
  /** The aggregate's row at a version, in its lane of the page. */
  readonly insertEvent: string;
  /** Lists a page in an aggregate's lane index, before its first rows there. */
  readonly insertLanePage: string;
  readonly selectLanePages: string;
  readonly selectEventsAsc: string;
  readonly selectEntries: string;
  /** The tail hint (`log_tail`), read when the contender opens and moved when it seals a page. */
  readonly selectMetadata: string;
  readonly updateMetadata: string;
}

export function rawCql(keyspace: string): RawCql {
  const log = `${keyspace}.log`;
  const lane = `${log} WHERE page = ? AND lane = ?`;
  return {
    advanceHead: `UPDATE ${log} SET head = ? WHERE page = ? IF head = ?`,
    selectPageHead: `SELECT head FROM ${log} WHERE page = ? LIMIT 1`,
    expectVersion: `UPDATE ${log} SET originator_version = ? WHERE page = ? AND lane = ? AND number = 0 IF originator_version = ?`,
    insertEntry:
      `INSERT INTO ${log} (page, lane, number, originator_id, originator_version, topic, state) ` +
      `VALUES (?, '', ?, ?, ?, ?, ?)`,
    insertEvent: `INSERT INTO ${log} (page, lane, number, position, topic, state, append_id) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    insertLanePage: `INSERT INTO ${keyspace}.lane_pages (lane, page) VALUES (?, ?)`,
    selectLanePages: `SELECT page FROM ${keyspace}.lane_pages WHERE lane = ?`,
    selectEventsAsc: `SELECT number, position, topic, state FROM ${lane} AND number > ? AND number <= ? ORDER BY lane ASC, number ASC`,
    selectEntries:
      `SELECT head, number, originator_id, originator_version, topic, state FROM ${log} ` +
      `WHERE page = ? AND lane = '' AND number >= ? AND number <= ?`,
    selectMetadata: `SELECT value FROM ${keyspace}.annals_metadata WHERE name = ?`,
    updateMetadata: `UPDATE ${keyspace}.annals_metadata SET value = ? WHERE name = ?`,
  };
}
