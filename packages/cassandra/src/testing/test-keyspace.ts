import { randomBytes } from 'node:crypto';
import type { ExecutionContext } from 'ava';
import cassandra from 'cassandra-driver';
import type { CassandraStrategyOptions } from '../options/index.js';
import { driverConnector, type Connector } from '../internal/executor.js';
import type { CassandraStrategy } from '../strategy/cassandra-strategy.js';
import { openStrategy } from '../strategy/cassandra-strategy-function.js';

/** The test node, from `ANNALS_TEST_CASSANDRA_CONTACT_POINTS`; by default the one `./dev services` starts. */
export const testContactPoints: readonly string[] = (
  process.env['ANNALS_TEST_CASSANDRA_CONTACT_POINTS'] ?? '127.0.0.1:9042'
).split(',');

/** Schema changes on a freshly started single node on two cores can take longer than the driver's 12 s. */
const patientSocket = { readTimeout: 60_000 };

/** A keyspace name no other test file uses. */
export function newKeyspaceName(): string {
  return `annals_test_${randomBytes(6).toString('hex')}`;
}

/** Drops a test keyspace with a client of its own. */
export async function dropKeyspace(keyspace: string): Promise<void> {
  const client = new cassandra.Client({
    contactPoints: [...testContactPoints],
    localDataCenter: 'datacenter1',
    socketOptions: patientSocket,
  });
  try {
    await client.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`);
  } finally {
    await client.shutdown();
  }
}

/**
 * A migrated strategy on the test node, on a keyspace of its own unless `options.keyspace` names one; the
 * strategy is closed, and a keyspace it created dropped, when the test ends.
 */
export async function migratedStrategy(
  t: ExecutionContext,
  options: CassandraStrategyOptions = {},
  connector: Connector = driverConnector,
): Promise<CassandraStrategy> {
  const keyspace = options.keyspace ?? newKeyspaceName();
  const strategy = openStrategy(
    {
      contactPoints: testContactPoints,
      clientOptions: { socketOptions: patientSocket },
      ...options,
      keyspace,
    },
    connector,
  );
  t.teardown(async () => {
    await strategy.close();
    if (options.keyspace === undefined) await dropKeyspace(keyspace);
  });
  await strategy.migrate();
  return strategy;
}
