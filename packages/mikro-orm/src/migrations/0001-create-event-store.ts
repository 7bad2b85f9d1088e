import type { Migration } from './migration.js';

/** The events, snapshots, tracking records and outbox rows. */
export const createEventStore: Migration = {
  id: '0001-event-store',
  postgresql: ({ events, snapshots, tracking, outbox }) => [
    `CREATE TABLE IF NOT EXISTS ${events} (
      position bigserial PRIMARY KEY,
      originator_id uuid NOT NULL,
      originator_version integer NOT NULL,
      topic text NOT NULL,
      state bytea NOT NULL,
      CONSTRAINT ${events}_originator_uq UNIQUE (originator_id, originator_version)
    )`,
    `CREATE TABLE IF NOT EXISTS ${snapshots} (
      originator_id uuid NOT NULL,
      originator_version integer NOT NULL,
      topic text NOT NULL,
      state bytea NOT NULL,
      PRIMARY KEY (originator_id, originator_version)
    )`,
    `CREATE TABLE IF NOT EXISTS ${tracking} (
      application_name text NOT NULL,
      notification_id bigint NOT NULL,
      PRIMARY KEY (application_name, notification_id)
    )`,
    `CREATE TABLE IF NOT EXISTS ${outbox} (
      sequence bigserial PRIMARY KEY,
      message_id text NOT NULL UNIQUE,
      topic text NOT NULL,
      body bytea NOT NULL,
      headers text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
  ],
  sqlite: ({ events, snapshots, tracking, outbox }) => [
    `CREATE TABLE IF NOT EXISTS ${events} (
      position INTEGER PRIMARY KEY AUTOINCREMENT,
      originator_id TEXT NOT NULL,
      originator_version INTEGER NOT NULL,
      topic TEXT NOT NULL,
      state BLOB NOT NULL,
      CONSTRAINT ${events}_originator_uq UNIQUE (originator_id, originator_version)
    )`,
    `CREATE TABLE IF NOT EXISTS ${snapshots} (
      originator_id TEXT NOT NULL,
      originator_version INTEGER NOT NULL,
      topic TEXT NOT NULL,
      state BLOB NOT NULL,
      PRIMARY KEY (originator_id, originator_version)
    )`,
    `CREATE TABLE IF NOT EXISTS ${tracking} (
      application_name TEXT NOT NULL,
      notification_id INTEGER NOT NULL,
      PRIMARY KEY (application_name, notification_id)
    )`,
    `CREATE TABLE IF NOT EXISTS ${outbox} (
      sequence INTEGER PRIMARY KEY AUTOINCREMENT,
      message_id TEXT NOT NULL UNIQUE,
      topic TEXT NOT NULL,
      body BLOB NOT NULL,
      headers TEXT,
      created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    )`,
  ],
};
