import { ConfigurationError } from '@annals/core';
import cassandra from 'cassandra-driver';
import { replicationCql } from '../options/index.js';
import type { Session } from './session.js';

/** The code of a request naming a keyspace or table that does not exist. */
const INVALID: number = cassandra.types.responseErrorCodes.invalid;

/** The CQL that creates the keyspace and tables, in order; each statement is a no-op when its object exists. */
export function schemaCql(session: Session): string[] {
  const { keyspace, replication } = session.options;
  return [
    `CREATE KEYSPACE IF NOT EXISTS ${keyspace} WITH replication = ${replicationCql(replication)}`,
    `CREATE TABLE IF NOT EXISTS ${keyspace}.events (
      originator_id uuid,
      bucket bigint,
      originator_version bigint,
      head bigint STATIC,
      topic text,
      state blob,
      append_id uuid,
      PRIMARY KEY ((originator_id, bucket), originator_version)
    ) WITH CLUSTERING ORDER BY (originator_version ASC)`,
    `CREATE TABLE IF NOT EXISTS ${keyspace}.snapshots (
      originator_id uuid,
      originator_version bigint,
      topic text,
      state blob,
      PRIMARY KEY (originator_id, originator_version)
    ) WITH CLUSTERING ORDER BY (originator_version DESC)`,
    `CREATE TABLE IF NOT EXISTS ${keyspace}.annals_metadata (name text PRIMARY KEY, value text)`,
  ];
}

/** The one migration of the Cassandra schema, named as the SQL strategy names its first. */
const createEventStore = '0001-event-store';

/**
 * Creates what is missing and records the bucket size, the first time, with a lightweight transaction; a
 * keyspace that recorded another bucket size is refused, as its events would no longer be found.
 * @returns the migration's name when this run recorded the bucket size, else nothing
 */
export async function migrate(session: Session): Promise<string[]> {
  for (const statement of schemaCql(session)) await session.ddl(statement);
  const { keyspace, bucketSize } = session.options;
  const result = await session.write(
    `INSERT INTO ${keyspace}.annals_metadata (name, value) VALUES ('bucket_size', ?) IF NOT EXISTS`,
    [String(bucketSize)],
  );
  if (result.wasApplied()) return [createEventStore];
  assertBucketSize(session, result.first().get('value'));
  return [];
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
}

function assertBucketSize(session: Session, recorded: unknown): void {
  const { keyspace, bucketSize } = session.options;
  if (recorded !== String(bucketSize)) {
    throw new ConfigurationError(
      'cassandraBucketSize',
      `keyspace ${keyspace} stores events in buckets of ${String(recorded)} versions, but this strategy is ` +
        `configured with bucketSize ${bucketSize}; a keyspace's bucket size never changes`,
    );
  }
}

function notMigrated(keyspace: string, cause?: unknown): ConfigurationError {
  return new ConfigurationError(
    'cassandraKeyspace',
    `keyspace ${keyspace} has no Annals tables; run the strategy's migrate() first`,
    cause === undefined ? undefined : { cause },
  );
}
