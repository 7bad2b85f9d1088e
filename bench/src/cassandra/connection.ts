import type { DseClientOptions } from 'cassandra-driver';

/** The node `./dev bench cassandra` starts (scripts/cassandra/cassandra.sh). */
export const CONTACT_POINTS: readonly string[] = ['127.0.0.1:9042'];
export const LOCAL_DATA_CENTER = 'datacenter1';

/** The strategy's defaults, spelled out because the raw contender must use the same. */
export const BUCKET_SIZE = 1000;
export const PAGE_SIZE = 500;

/**
 * What both contenders give their driver `Client` besides the contact points: schema changes and LWT
 * batches on a single node on two cores can take longer than the driver's default 12 s read timeout.
 */
export const CLIENT_OPTIONS = {
  socketOptions: { readTimeout: 60_000 },
} as const satisfies Omit<DseClientOptions, 'contactPoints' | 'localDataCenter' | 'keyspace'>;
