export { CassandraProjections } from './cassandra-projections.js';
