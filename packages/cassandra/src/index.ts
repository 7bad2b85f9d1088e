/**
 * The Cassandra strategy on `cassandra-driver`.
 *
 * @module @annals/cassandra
 */
export type {
  CassandraStrategyOptions,
  Consistency,
  NetworkTopologyReplication,
  Replication,
  SerialConsistency,
  SimpleReplication,
} from './options/index.js';
export { cassandraPersistence } from './persistence/index.js';
export { cassandraStrategy, type CassandraStrategy } from './strategy/index.js';
