/**
 * The SQL strategy on MikroORM, and entity schemas of its tables for your own ORM configuration.
 *
 * @module @annals/mikro-orm
 */
export { MikroOrmStrategy } from './mikro-orm-strategy.js';
export type { MikroOrmStrategyOptions } from './mikro-orm-strategy-options.js';
export { annalsEntities, annalsTableNames } from './schema/entities.js';
export { transactionEntityManager } from './transactions/transaction-entity-manager.js';
