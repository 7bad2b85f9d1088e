export type { Dialect, Migration, Statement } from './dialect/dialect.js';
export { tablesFor, type Tables } from './dialect/tables.js';
export { MikroOrmStrategy, type MikroOrmStrategyOptions } from './mikro-orm-strategy.js';
export { annalsEntities, annalsTableNames } from './schema/entities.js';
