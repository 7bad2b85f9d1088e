import type { Migration } from './migration.js';

/**
 * SQLite: the events table in the shape the MikroORM entities describe, as on PostgreSQL: a position that is
 * declared NOT NULL, and the `(originator_id, originator_version)` constraint as an index that has its name
 * (SQLite keeps a table's own constraints under generated names). The table is rebuilt, positions and the
 * AUTOINCREMENT counter carried over.
 */
export const nameSqliteEventConstraints: Migration = {
  id: '0006-sqlite-event-constraints',
  sqlite: ({ events }) => [
    `CREATE TABLE ${events}_named (
      position INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
      originator_id TEXT NOT NULL,
      originator_version INTEGER NOT NULL,
      topic TEXT NOT NULL,
      state BLOB NOT NULL
    )`,
    `INSERT INTO sqlite_sequence (name, seq) SELECT '${events}_named', seq FROM sqlite_sequence WHERE name = '${events}'`,
    `INSERT INTO ${events}_named (position, originator_id, originator_version, topic, state)
      SELECT position, originator_id, originator_version, topic, state FROM ${events} ORDER BY position`,
    `DROP TABLE ${events}`,
    `ALTER TABLE ${events}_named RENAME TO ${events}`,
    `CREATE UNIQUE INDEX ${events}_originator_uq ON ${events} (originator_id, originator_version)`,
  ],
};
