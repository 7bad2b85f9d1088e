export type { CassandraStrategy } from './cassandra-strategy.js';
export { cassandraStrategy } from './cassandra-strategy-function.js';
