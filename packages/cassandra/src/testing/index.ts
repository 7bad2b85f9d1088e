/**
 * Throwaway keyspaces and connection settings for tests against Cassandra.
 *
 * @module @annals/cassandra/testing
 */
export { dropKeyspace, newKeyspaceName, patientSocket, testContactPoints } from './test-keyspace.js';
