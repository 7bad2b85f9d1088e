export { sqlitePersistence } from './sqlite-persistence.js';
export { sqliteStrategy, type SqliteStrategyOptions } from './sqlite-strategy.js';
