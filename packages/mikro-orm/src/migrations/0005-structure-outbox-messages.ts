import type { Migration } from './migration.js';

/** A `<uuid>:<version>` message id, as Annals wrote them for events. */
const UUID_VERSION_ID = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:[0-9]{1,9}$';
const hex = (digits: number): string => '[0-9a-fA-F]'.repeat(digits);
/** The same test in SQLite, which has no regular expressions. */
const UUID_VERSION_ID_SQLITE = `(message_id GLOB '${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}:*'
  AND length(message_id) BETWEEN 38 AND 46 AND substr(message_id, 38) NOT GLOB '*[^0-9]*')`;

/**
 * Every part of an outbox message gets a column of its own: ordering key, exchange, routing key, content
 * type and the event it announces, which rows written before carried in their `<originatorId>:<version>`
 * ids and in the `annals-exchange` and `annals-routing-key` headers. Existing rows are moved: their topic,
 * which the relay used to send as the `annals-topic` header, becomes that header. This is the last
 * statement that reads anything out of a message id.
 */
export const structureOutboxMessages: Migration = {
  id: '0005-structured-outbox',
  postgresql: ({ outbox, events }) => [
    `ALTER TABLE ${outbox} ALTER COLUMN ordering_key DROP EXPRESSION IF EXISTS`,
    `ALTER TABLE ${outbox}
      ADD COLUMN exchange text,
      ADD COLUMN routing_key text,
      ADD COLUMN content_type text,
      ADD COLUMN originator_id uuid,
      ADD COLUMN originator_version integer`,
    `UPDATE ${outbox} SET
      exchange = coalesce(headers::jsonb ->> 'annals-exchange', ''),
      routing_key = coalesce(headers::jsonb ->> 'annals-routing-key', topic),
      content_type = 'application/json',
      headers = (jsonb_build_object('annals-topic', topic)
        || (coalesce(headers::jsonb, '{}') - 'annals-exchange' - 'annals-routing-key'))::text,
      originator_id = CASE WHEN message_id ~* '${UUID_VERSION_ID}' THEN split_part(message_id, ':', 1)::uuid END,
      originator_version = CASE WHEN message_id ~* '${UUID_VERSION_ID}' THEN split_part(message_id, ':', 2)::integer END`,
    // Claims used to look the position of an earlier append's event up by the id; now appends store it.
    `UPDATE ${outbox} o SET position = e.position FROM ${events} e
      WHERE o.position IS NULL AND e.originator_id = o.originator_id AND e.originator_version = o.originator_version`,
    `ALTER TABLE ${outbox}
      ALTER COLUMN ordering_key SET NOT NULL,
      ALTER COLUMN exchange SET NOT NULL,
      ALTER COLUMN routing_key SET NOT NULL,
      ALTER COLUMN content_type SET NOT NULL,
      DROP COLUMN topic`,
  ],
  // SQLite cannot change columns in place: the table is rebuilt, gaining the position and dispatch columns
  // PostgreSQL got in 0003 and 0004, so both dialects have one schema. Its AUTOINCREMENT counter is carried
  // over first, so that no sequence is ever given twice.
  sqlite: ({ outbox, events }) => [
    `CREATE TABLE ${outbox}_structured (
      sequence INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
      message_id TEXT NOT NULL,
      ordering_key TEXT NOT NULL,
      exchange TEXT NOT NULL,
      routing_key TEXT NOT NULL,
      content_type TEXT NOT NULL,
      headers TEXT,
      body BLOB NOT NULL,
      originator_id TEXT,
      originator_version INTEGER,
      position INTEGER,
      created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
      dispatching INTEGER NOT NULL DEFAULT false
    )`,
    `INSERT INTO sqlite_sequence (name, seq) SELECT '${outbox}_structured', seq FROM sqlite_sequence WHERE name = '${outbox}'`,
    `INSERT INTO ${outbox}_structured (sequence, message_id, ordering_key, exchange, routing_key, content_type,
        headers, body, originator_id, originator_version, created_at)
      SELECT sequence, message_id,
        CASE WHEN instr(message_id, ':') > 0 THEN substr(message_id, 1, instr(message_id, ':') - 1) ELSE message_id END,
        coalesce(json_extract(headers, '$."annals-exchange"'), ''),
        coalesce(json_extract(headers, '$."annals-routing-key"'), topic),
        'application/json',
        json_insert(json_remove(coalesce(headers, '{}'), '$."annals-exchange"', '$."annals-routing-key"'),
          '$."annals-topic"', topic),
        body,
        CASE WHEN ${UUID_VERSION_ID_SQLITE} THEN substr(message_id, 1, 36) END,
        CASE WHEN ${UUID_VERSION_ID_SQLITE} THEN CAST(substr(message_id, 38) AS INTEGER) END,
        created_at
      FROM ${outbox} ORDER BY sequence`,
    `UPDATE ${outbox}_structured SET position = (SELECT e.position FROM ${events} e
      WHERE e.originator_id = ${outbox}_structured.originator_id
        AND e.originator_version = ${outbox}_structured.originator_version)
      WHERE originator_id IS NOT NULL`,
    `DROP TABLE ${outbox}`,
    `ALTER TABLE ${outbox}_structured RENAME TO ${outbox}`,
    `CREATE UNIQUE INDEX ${outbox}_message_id_key ON ${outbox} (message_id)`,
    `CREATE INDEX ${outbox}_ordering_idx ON ${outbox} (ordering_key, sequence)`,
  ],
};
