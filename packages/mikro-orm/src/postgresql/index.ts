export { postgresqlPersistence } from './postgresql-persistence.js';
export { postgresqlStrategy, type PostgresqlStrategyOptions } from './postgresql-strategy.js';
