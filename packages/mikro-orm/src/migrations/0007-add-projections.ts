import type { Migration } from './migration.js';

/**
 * Projections' records and checkpoints, and on SQLite the leases table (PostgreSQL holds leases as
 * session-level advisory locks, which need no table).
 */
export const addProjections: Migration = {
  id: '0007-projections',
  postgresql: ({ projections, checkpoints }) => [
    `CREATE TABLE ${projections} (
      name text PRIMARY KEY,
      generation integer NOT NULL,
      paused boolean NOT NULL,
      rebuilding integer
    )`,
    `CREATE TABLE ${checkpoints} (
      projection text NOT NULL,
      generation integer NOT NULL,
      partition integer NOT NULL,
      position bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (projection, generation, partition)
    )`,
  ],
  sqlite: ({ projections, checkpoints, leases }) => [
    `CREATE TABLE ${projections} (
      name TEXT NOT NULL PRIMARY KEY,
      generation INTEGER NOT NULL,
      paused INTEGER NOT NULL,
      rebuilding INTEGER
    )`,
    `CREATE TABLE ${checkpoints} (
      projection TEXT NOT NULL,
      generation INTEGER NOT NULL,
      partition INTEGER NOT NULL,
      position INTEGER NOT NULL,
      updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
      PRIMARY KEY (projection, generation, partition)
    )`,
    // Holder and expiry in ms since the epoch, by the clock of the machine that shares the file.
    `CREATE TABLE ${leases} (
      name TEXT NOT NULL PRIMARY KEY,
      holder TEXT NOT NULL,
      expires_at INTEGER NOT NULL
    )`,
  ],
};
