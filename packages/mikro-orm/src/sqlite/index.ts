/**
 * Embedded SQLite storage: a strategy, and a persistence factory that reads its settings from the environment.
 *
 * @module @annals/mikro-orm/sqlite
 */
export { sqlitePersistence } from './sqlite-persistence.js';
export { sqliteStrategy, type SqliteStrategyOptions } from './sqlite-strategy.js';
