export type { CassandraStrategyOptions } from './cassandra-strategy-options.js';
export {
  consistencyCode,
  consistencyNames,
  serialConsistencyNames,
  type Consistency,
  type SerialConsistency,
} from './consistency.js';
export { assertKeyspaceName } from './keyspace.js';
export {
  parseReplication,
  replicationCql,
  type NetworkTopologyReplication,
  type Replication,
  type SimpleReplication,
} from './replication.js';
export { resolveOptions, type ResolvedOptions } from './resolve-options.js';
