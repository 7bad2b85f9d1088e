/**
 * PostgreSQL storage: a strategy, and a persistence factory that reads its settings from the environment.
 *
 * @module @annals/mikro-orm/postgresql
 */
export { postgresqlPersistence } from './postgresql-persistence.js';
export { postgresqlStrategy, type PostgresqlStrategyOptions } from './postgresql-strategy.js';
