import type { Migration } from './migration.js';

/**
 * PostgreSQL: the notification position of the event an outbox row announces, written with the row, so a
 * claim reads it instead of looking the event up. SQLite gains it in 0005-structured-outbox.
 */
export const storeOutboxPosition: Migration = {
  id: '0003-outbox-position',
  postgresql: ({ outbox }) => [`ALTER TABLE ${outbox} ADD COLUMN IF NOT EXISTS position bigint`],
};
