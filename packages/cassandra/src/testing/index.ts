export { bucketsOfVersions } from './raw-rows.js';
export { dropKeyspace, migratedStrategy, newKeyspaceName, testContactPoints } from './test-keyspace.js';
