import { randomBytes } from 'node:crypto';
import cassandra from 'cassandra-driver';

/** The test node, from `ANNALS_TEST_CASSANDRA_CONTACT_POINTS`; by default the one `./dev services` starts. */
export const testContactPoints: readonly string[] = (
  process.env['ANNALS_TEST_CASSANDRA_CONTACT_POINTS'] ?? '127.0.0.1:9042'
).split(',');

/** Schema changes on a freshly started single node on two cores can take longer than the driver's 12 s. */
export const patientSocket = {
  /** How long the driver waits for a node's answer, in ms. */
  readTimeout: 60_000,
};

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
