/**
 * Throwaway PostgreSQL databases for tests.
 *
 * @module @annals/mikro-orm/testing
 */
export { createPostgresqlDatabase, type TemporaryDatabase } from './postgresql-database.js';
