import type { Migration } from './migration.js';

/**
 * PostgreSQL: outbox rows handed to a dispatch on commit, which claims leave alone until they are settled
 * or the dispatch grace has passed. SQLite gains the column in 0005-structured-outbox.
 */
export const markOutboxDispatch: Migration = {
  id: '0004-outbox-dispatch',
  postgresql: ({ outbox }) => [
    `ALTER TABLE ${outbox} ADD COLUMN IF NOT EXISTS dispatching boolean NOT NULL DEFAULT false`,
  ],
};
