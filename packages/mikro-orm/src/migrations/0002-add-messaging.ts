import type { Migration } from './migration.js';

/** The message ids consumers have processed, and (PostgreSQL) the outbox's ordering key. */
export const addMessaging: Migration = {
  id: '0002-messaging',
  postgresql: ({ outbox, processedMessages }) => [
    // Derived from `<originatorId>:<version>` ids until 0005-structured-outbox made it a column of its own.
    `ALTER TABLE ${outbox} ADD COLUMN IF NOT EXISTS ordering_key text
      GENERATED ALWAYS AS (split_part(message_id, ':', 1)) STORED`,
    `CREATE INDEX IF NOT EXISTS ${outbox}_ordering_idx ON ${outbox} (ordering_key, sequence)`,
    `CREATE TABLE IF NOT EXISTS ${processedMessages} (
      consumer text NOT NULL,
      message_id text NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, message_id)
    )`,
  ],
  sqlite: ({ processedMessages }) => [
    `CREATE TABLE IF NOT EXISTS ${processedMessages} (
      consumer TEXT NOT NULL,
      message_id TEXT NOT NULL,
      processed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
      PRIMARY KEY (consumer, message_id)
    )`,
  ],
};
