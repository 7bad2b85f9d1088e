import type { Consistency, Replication, SerialConsistency } from '@annals/cassandra';
import type { DseClientOptions } from 'cassandra-driver';

/**
 * `ANNALS_BENCH_CASSANDRA=cluster` runs the suite on the three-node cluster of scripts/cassandra/cassandra-cluster.sh
 * (`./dev services start cassandra-cluster`), at replication factor 3 with QUORUM and SERIAL; by default it
 * runs on the single node `./dev bench cassandra` starts (scripts/cassandra/cassandra.sh).
 */
export const ON_CLUSTER = process.env['ANNALS_BENCH_CASSANDRA'] === 'cluster';
const CLUSTER_PORT = Number(process.env['ANNALS_CASSANDRA_CLUSTER_PORT'] ?? '9142');

export const CONTACT_POINTS: readonly string[] = ON_CLUSTER
  ? [1, 2, 3].map((node) => `127.0.0.${node}:${CLUSTER_PORT}`)
  : ['127.0.0.1:9042'];
export const LOCAL_DATA_CENTER = 'datacenter1';
export const REPLICATION: Replication = { class: 'SimpleStrategy', replicationFactor: ON_CLUSTER ? 3 : 1 };
/** The consistency levels of both contenders: on the single node, the strategy's defaults. */
export const CONSISTENCY: Consistency = ON_CLUSTER ? 'QUORUM' : 'LOCAL_QUORUM';
export const SERIAL_CONSISTENCY: SerialConsistency = ON_CLUSTER ? 'SERIAL' : 'LOCAL_SERIAL';

/** The strategy's defaults, spelled out because the raw contender must use the same. */
export const BUCKET_SIZE = 1000;
export const PAGE_SIZE = 500;

/**
 * What both contenders give their driver `Client` besides the contact points: schema changes and LWT
 * batches on a single node on two cores can take longer than the driver's default 12 s read timeout. The
 * port is the one the driver reaches every node on (the strategy takes it from the contact points).
 */
export const CLIENT_OPTIONS = {
  socketOptions: { readTimeout: 60_000 },
  protocolOptions: { port: ON_CLUSTER ? CLUSTER_PORT : 9042 },
} as const satisfies Omit<DseClientOptions, 'contactPoints' | 'localDataCenter' | 'keyspace'>;

/** Where the suite ran, for the report's notes. */
export const TOPOLOGY_NOTE = ON_CLUSTER
  ? `On the three-node cluster (127.0.0.1-3:${CLUSTER_PORT}, one token each, on the same two cores), keyspace at replication factor 3, QUORUM with SERIAL for both contenders.`
  : 'On a single node (127.0.0.1:9042), keyspace at replication factor 1.';
