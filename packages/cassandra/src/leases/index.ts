export { CassandraLeases } from './cassandra-leases.js';
