import { ConfigurationError } from '@annals/core';
import cassandra from 'cassandra-driver';
import { replicationCql } from '../options/index.js';
import { copyEarlierEvents } from './copy-earlier-events.js';
import type { Session } from './session.js';

/** The code of a request naming a keyspace or table that does not exist. */
const INVALID: number = cassandra.types.responseErrorCodes.invalid;

/** The CQL that creates the keyspace and tables, in order; each statement is a no-op when its object exists. */
export function schemaCql(session: Session): string[] {
  const { keyspace, replication } = session.options;
  return [
    `CREATE KEYSPACE IF NOT EXISTS ${keyspace} WITH replication = ${replicationCql(replication)}`,
    `CREATE TABLE IF NOT EXISTS ${keyspace}.log (
      page bigint,
      lane text,
      number bigint,
      head bigint STATIC,
      originator_id uuid,
      originator_version bigint,
      position bigint,
      topic text,
      state blob,
      append_id uuid,
      message_id text,
      ordering_key text,
      exchange text,
      routing_key text,
      content_type text,
      headers map<text, text>,
      created_at timestamp,
      claim uuid,
      PRIMARY KEY ((page), lane, number)
    )`,
    `CREATE TABLE IF NOT EXISTS ${keyspace}.outbox_pages (bucket int, page bigint, PRIMARY KEY ((bucket), page))`,
    `CREATE TABLE IF NOT EXISTS ${keyspace}.lane_pages (lane text, page bigint, PRIMARY KEY ((lane), page))`,
    `CREATE TABLE IF NOT EXISTS ${keyspace}.tracked_applications (
      bucket int,
      application text,
      PRIMARY KEY ((bucket), application)
    )`,
    `CREATE TABLE IF NOT EXISTS ${keyspace}.processed_messages (
      consumer text,
      message_id text,
      recorded_by uuid,
      PRIMARY KEY ((consumer, message_id))
    )`,
    `CREATE TABLE IF NOT EXISTS ${keyspace}.snapshots (
      originator_id uuid,
      originator_version bigint,
      topic text,
      state blob,
      PRIMARY KEY (originator_id, originator_version)
    ) WITH CLUSTERING ORDER BY (originator_version DESC)`,
    `CREATE TABLE IF NOT EXISTS ${keyspace}.annals_metadata (name text PRIMARY KEY, value text)`,
    `CREATE TABLE IF NOT EXISTS ${keyspace}.projections (
      name text PRIMARY KEY,
      generation int,
      paused boolean,
      rebuilding int
    )`,
    `CREATE TABLE IF NOT EXISTS ${keyspace}.checkpoints (
      projection text,
      generation int,
      partition_number int,
      position bigint,
      updated_at timestamp,
      move_id uuid,
      PRIMARY KEY (projection, generation, partition_number)
    )`,
    `CREATE TABLE IF NOT EXISTS ${keyspace}.leases (name text PRIMARY KEY, holder uuid)`,
  ];
}

/** The first migration of the Cassandra schema, named as the SQL strategy names its first. */
const createEventStore = '0001-event-store';

/** The tables of projections' records and checkpoints, and of leases. */
const createReadSide = '0002-projections-and-leases';

/** The id of the move that wrote a checkpoint, which decides a move whose outcome was unknown. */
const addCheckpointMoveIds = '0003-checkpoint-move-ids';

/**
 * The notification log, which holds the events and the outbox from now on, its lane and outbox indexes,
 * tracking and processed messages; the events of an earlier version's `events` table are copied into it.
 */
const addNotificationLog = '0004-notification-log';

/** The migrations after the first, in order; each is recorded in `annals_metadata` once it is done. */
const laterMigrations = [createReadSide, addCheckpointMoveIds, addNotificationLog];

/**
 * Creates what is missing and records the bucket size, the first time, with a lightweight transaction; a
 * keyspace that recorded another bucket size is refused, as its events would no longer be found. Each
 * migration is recorded the same way, so concurrent runs report it once.
 * @returns the names of the migrations this run recorded
 */
export async function migrate(session: Session): Promise<string[]> {
  for (const statement of schemaCql(session)) await session.ddl(statement);
  await addColumn(session, 'checkpoints', 'move_id', 'uuid');
  const { keyspace, bucketSize } = session.options;
  const result = await session.write(
    `INSERT INTO ${keyspace}.annals_metadata (name, value) VALUES ('bucket_size', ?) IF NOT EXISTS`,
    [String(bucketSize)],
  );
  if (!result.wasApplied()) assertBucketSize(session, result.first().get('value'));
  const recorded = result.wasApplied() ? [createEventStore] : [];
  for (const migration of laterMigrations) {
    const pending =
      (await session.read(session.cql.selectMetadata, [migrationKey(migration)])).rowLength === 0;
    if (migration === addNotificationLog && pending) await copyEarlierEvents(session);
    const record = await session.write(
      `INSERT INTO ${keyspace}.annals_metadata (name, value) VALUES (?, 'applied') IF NOT EXISTS`,
      [migrationKey(migration)],
    );
    if (record.wasApplied()) recorded.push(migration);
  }
  return recorded;
}

/**
 * Adds a column to a table an earlier version created without it. Cassandra 4.0 has no `ADD IF NOT EXISTS`
 * (4.1 added it), so the schema tables are asked first, and a concurrent migration that added it in between
 * (the node then refuses ours as a conflicting column) counts as done.
 */
async function addColumn(session: Session, table: string, column: string, type: string): Promise<void> {
  const { keyspace } = session.options;
  const found = await session.read(
    'SELECT column_name FROM system_schema.columns WHERE keyspace_name = ? AND table_name = ? AND column_name = ?',
    [keyspace, table, column],
  );
  if (found.rowLength > 0) return;
  try {
    await session.ddl(`ALTER TABLE ${keyspace}.${table} ADD ${column} ${type}`);
  } catch (error) {
    const added =
      error instanceof cassandra.errors.ResponseError &&
      /conflicts with an existing column/.test(error.message);
    if (!added) throw error;
  }
}

/** The metadata row that records a migration. */
function migrationKey(migration: string): string {
  return `migration:${migration}`;
}

/**
 * Checks that the keyspace was migrated, with this bucket size: the first operation of a strategy waits for
 * this, so a wrong keyspace or bucket size fails with a `ConfigurationError` before any event is touched.
 */
export async function checkSchema(session: Session): Promise<void> {
  const { keyspace } = session.options;
  let recorded: unknown;
  try {
    recorded = (await session.read(session.cql.selectBucketSize, [])).first()?.get('value');
  } catch (error) {
    if (!(error instanceof cassandra.errors.ResponseError) || error.code !== INVALID) throw error;
    throw notMigrated(keyspace, error);
  }
  if (recorded === undefined) throw notMigrated(keyspace);
  assertBucketSize(session, recorded);
  for (const migration of laterMigrations) {
    const record = await session.read(session.cql.selectMetadata, [migrationKey(migration)]);
    if (record.rowLength === 0) throw notMigrated(keyspace, undefined, migration);
  }
}

function assertBucketSize(session: Session, recorded: unknown): void {
  const { keyspace, bucketSize } = session.options;
  if (recorded !== String(bucketSize)) {
    throw new ConfigurationError(
      'cassandraBucketSize',
      `keyspace ${keyspace} keeps its log in pages of ${String(recorded)} positions, but this strategy is ` +
        `configured with bucketSize ${bucketSize}; a keyspace's bucket size never changes`,
    );
  }
}

function notMigrated(keyspace: string, cause?: unknown, missing?: string): ConfigurationError {
  const what = missing === undefined ? 'has no Annals tables' : `lacks migration ${missing}`;
  return new ConfigurationError(
    'cassandraKeyspace',
    `keyspace ${keyspace} ${what}; run the strategy's migrate() first`,
    cause === undefined ? undefined : { cause },
  );
}
