import type { ConnectionOptions } from 'node:tls';
import type { Logger } from '@annals/core';
import type { DseClientOptions } from 'cassandra-driver';
import type { Consistency, SerialConsistency } from './consistency.js';
import type { Replication } from './replication.js';

/** Options of {@link cassandraStrategy}. */
export interface CassandraStrategyOptions {
  /** Nodes to contact first, as `host` or `host:port`. @default ['127.0.0.1:9042'] */
  readonly contactPoints?: readonly string[] | undefined;
  /** The data centre the driver treats as local (for `LOCAL_*` consistency and routing). @default 'datacenter1' */
  readonly localDataCenter?: string | undefined;
  /** The keyspace holding the tables; lower-case letters, digits and underscores. @default 'annals' */
  readonly keyspace?: string | undefined;
  /**
   * How many positions of the notification log share one partition (a page) of the log table: an append
   * takes positions in one page, so it may hold at most this many events, and an aggregate's events written
   * over time spread over the pages written meanwhile. Fixed per keyspace: `migrate()` records it, and a
   * strategy configured with another value refuses to work on that keyspace.
   * @default 1000
   */
  readonly bucketSize?: number | undefined;
  /** Consistency of reads and of the commit of writes. @default 'LOCAL_QUORUM' */
  readonly consistency?: Consistency | undefined;
  /** Consistency of the Paxos phase of appends, and of the reads that resolve unknown outcomes. @default 'LOCAL_SERIAL' */
  readonly serialConsistency?: SerialConsistency | undefined;
  /** How `migrate()` creates the keyspace when it does not exist. @default { class: 'SimpleStrategy', replicationFactor: 1 } */
  readonly replication?: Replication | undefined;
  /** Run `migrate()` before the first operation. @default false */
  readonly migrate?: boolean | undefined;
  /** Rows fetched per page when reading events. @default 500 */
  readonly pageSize?: number | undefined;
  /**
   * The time to live of a lease's row, in whole seconds, at least 2: a lease whose holder died is free again
   * at most this long after its last renewal, and a live holder renews three times per `leaseTtl − 1`
   * seconds (Cassandra counts a TTL from the start of the second a write lands in). @default 10
   */
  readonly leaseTtl?: number | undefined;
  /**
   * Connect over TLS (client-to-node encryption) with these options of Node's `tls.connect`, e.g.
   * `{ ca: readFileSync('cassandra-ca.pem') }`; `{}` trusts Node's CAs. The node's certificate must be
   * signed by a trusted CA and name the address the driver connects to (the driver reaches nodes by IP
   * address, so an `IP:` subject alternative name), unless `servername` or `checkServerIdentity` says
   * otherwise. Unlike the driver's own `sslOptions`, certificates are verified unless `rejectUnauthorized:
   * false` is given. @default undefined (no TLS)
   */
  readonly tls?: ConnectionOptions | undefined;
  /**
   * More options for the driver's `Client` (credentials, pooling, policies). `contactPoints`,
   * `localDataCenter` and `tls` above take precedence; `sslOptions` here verify certificates as `tls` does.
   * `encoding.copyBuffer` is always false: the strategy copies the blobs it keeps itself.
   * @default {}
   */
  readonly clientOptions?:
    Omit<DseClientOptions, 'contactPoints' | 'localDataCenter' | 'keyspace'> | undefined;
  /** @default silent */
  readonly logger?: Logger | undefined;
}
