export { dropKeyspace, newKeyspaceName, patientSocket, testContactPoints } from './test-keyspace.js';
