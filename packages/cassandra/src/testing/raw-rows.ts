import cassandra from 'cassandra-driver';
import { testContactPoints } from './test-keyspace.js';

/** Where each version of an aggregate is stored, read straight from the events table: version → bucket. */
export async function bucketsOfVersions(
  keyspace: string,
  originatorId: string,
): Promise<Map<number, number>> {
  const client = new cassandra.Client({
    contactPoints: [...testContactPoints],
    localDataCenter: 'datacenter1',
  });
  try {
    const rows = await client.execute(
      `SELECT bucket, originator_version FROM ${keyspace}.events WHERE originator_id = ? ALLOW FILTERING`,
      [originatorId],
      { prepare: true, fetchSize: 100_000 },
    );
    const buckets = new Map<number, number>();
    for (const row of rows.rows) {
      const version: unknown = row.get('originator_version');
      const bucket: unknown = row.get('bucket');
      if (version !== null) buckets.set(Number(version), Number(bucket));
    }
    return buckets;
  } finally {
    await client.shutdown();
  }
}
