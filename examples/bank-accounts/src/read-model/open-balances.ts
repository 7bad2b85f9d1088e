import {
  ApplicationLog,
  hasProjections,
  hasTransactions,
  InMemoryStrategy,
  ProjectionRunner,
  type Logger,
} from '@annals/core';
import { MikroOrmStrategy, transactionEntityManager } from '@annals/mikro-orm';
import { MikroORM, NodeSqliteDialect, SqliteDriver, type EntityManager } from '@mikro-orm/sql';
import type { Bank } from '../domain/index.js';
import { Balances } from './balances.js';
import { balancesProjection } from './balances-projection.js';

/** Options of {@link openBalances}. */
export interface OpenBalancesOptions {
  /** How many notifications one batch, and one transaction, holds at most. @default 500 */
  readonly batchSize?: number | undefined;
  /** How long the runner sleeps when no commit wakes it, in ms. @default 1000 */
  readonly pollInterval?: number | undefined;
  /** Where the runner logs failed batches. @default the bank's logger */
  readonly logger?: Logger | undefined;
}

/**
 * The balances read model of `bank`, not started yet. With SQL storage its tables are in the bank's
 * database, and each batch's rows commit in one transaction with the projection's checkpoint: every event
 * changes them exactly once. With the bank in memory (tests, trials) they are in an in-memory SQLite
 * database beside it; rows and checkpoints then commit apart, and a batch applied again changes no row
 * twice (see `BalanceTable`).
 * @returns `undefined` when the bank's storage keeps no projections, as Cassandra's does not
 */
export function openBalances(bank: Bank, options: OpenBalancesOptions = {}): Balances | undefined {
  const { strategy } = bank;
  if (!hasProjections(strategy) || !hasTransactions(strategy)) return undefined;
  const runnerOptions = {
    projection: balancesProjection,
    source: new ApplicationLog(bank),
    store: strategy,
    batchSize: options.batchSize,
    pollInterval: options.pollInterval,
    logger: options.logger ?? bank.logger,
  };
  if (strategy instanceof MikroOrmStrategy) {
    const runner = new ProjectionRunner({
      ...runnerOptions,
      context: () => transactionEntityManager<EntityManager>(strategy),
    });
    return new Balances(runner, strategy.orm.em as EntityManager, async () => undefined);
  }
  if (strategy instanceof InMemoryStrategy) {
    const orm = new MikroORM({
      driver: SqliteDriver,
      dbName: ':memory:',
      driverOptions: new NodeSqliteDialect(':memory:'),
      discovery: { warnWhenNoEntities: false },
    });
    const runner = new ProjectionRunner({ ...runnerOptions, context: () => orm.em });
    return new Balances(runner, orm.em, () => orm.close());
  }
  return undefined;
}
