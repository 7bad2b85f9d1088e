import { ApplicationLog, ProjectionRunner, type Projection, type ProjectionStrategy } from '@annals/core';
import {
  annalsEntities,
  annalsTableNames,
  MikroOrmStrategy,
  transactionEntityManager,
} from '@annals/mikro-orm';
import { postgresqlStrategy } from '@annals/mikro-orm/postgresql';
import { MikroORM } from '@mikro-orm/postgresql';
import type { EntityManager } from '@mikro-orm/sql';
import { Bank } from '../../sql/annals/bank.js';
import type { CatchUpContender } from '../catch-up-contender.js';
import type { CatchUpTask } from '../catch-up-task.js';
import { checkBalances, countBalances, createBalances } from '../read-model.js';
import { Balance, ormBalances } from './orm-balances.js';
import { projectionStoreOf } from './projection-store.js';
import { balancesTable, sqlBalances } from './sql-balances.js';
import { entityManagerOf } from './entity-manager-of.js';

/** How the projection's handler writes its row: see `CATCH_UP_CONTENDERS`. */
export type HandlerStyle = 'sql' | 'unit-of-work';

/** Long enough for a catch-up of the whole log on a slow machine; the check afterwards says what was done. */
const CATCH_UP_TIMEOUT = 30 * 60_000;

/**
 * Annals on PostgreSQL through its public API: a `ProjectionRunner` follows the application's log
 * (`ApplicationLog`) from the checkpoint to the head, each batch of `pageSize` events and its checkpoint in
 * one transaction of the strategy, the handler writing through that transaction's entity manager.
 */
export class AnnalsContender implements CatchUpContender {
  readonly #strategy: MikroOrmStrategy;
  readonly #bank: Bank;
  readonly #projection: Projection<EntityManager>;
  readonly #table: string;

  private constructor(strategy: MikroOrmStrategy, style: HandlerStyle) {
    this.#strategy = strategy;
    this.#bank = new Bank({ strategy, env: {} });
    this.#projection =
      style === 'sql' ? sqlBalances('balances', 'annals_balances') : ormBalances('orm-balances');
    this.#table = style === 'sql' ? balancesTable('annals_balances', 1) : 'annals_orm_balances';
  }

  static async open(url: string, style: HandlerStyle): Promise<AnnalsContender> {
    if (style === 'sql') {
      const strategy = postgresqlStrategy({ url });
      return new AnnalsContender(strategy, style);
    }
    // Entities need an ORM that knows them: the user's own, which the strategy then stores through.
    const orm = await MikroORM.init({
      clientUrl: url,
      entities: [Balance, ...annalsEntities()],
      schemaGenerator: { skipTables: annalsTableNames() },
      pool: { min: 0, max: 10 },
    });
    await orm.em.execute(createBalances('annals_orm_balances'));
    return new AnnalsContender(new MikroOrmStrategy({ orm, ownsOrm: true, migrate: true }), style);
  }

  async seed(task: CatchUpTask): Promise<void> {
    const head = await this.#bank.notificationLog.maxPosition();
    if (head !== task.events)
      throw new Error(`annals found the log's head at ${head}; the suite seeds ${task.events}`);
  }

  async reset(): Promise<void> {
    const store = this.#store();
    const { generation } = await store.registerProjection(this.#projection.name);
    if (generation !== 1) throw new Error(`the catch-up projection is at generation ${generation}, not 1`);
    await store.deleteCheckpoints(this.#projection.name, generation);
    await entityManagerOf(this.#strategy).execute(createBalances(this.#table));
    await entityManagerOf(this.#strategy).execute(`TRUNCATE ${this.#table}`);
  }

  async catchUp(task: CatchUpTask): Promise<void> {
    const runner = new ProjectionRunner({
      projection: this.#projection,
      source: new ApplicationLog(this.#bank),
      store: this.#store(),
      context: () => transactionEntityManager<EntityManager>(this.#strategy),
      batchSize: task.pageSize,
    });
    try {
      await runner.start();
      await runner.waitFor(task.events, { timeout: CATCH_UP_TIMEOUT });
    } finally {
      await runner.stop();
    }
  }

  async check(task: CatchUpTask): Promise<void> {
    const [found] = await entityManagerOf(this.#strategy).execute<{ rows: string; deposits: string }[]>(
      countBalances(this.#table),
    );
    checkBalances('annals', found ?? { rows: 0, deposits: 0 }, task);
  }

  async close(): Promise<void> {
    await this.#bank.close();
  }

  #store(): MikroOrmStrategy & ProjectionStrategy {
    return projectionStoreOf(this.#strategy);
  }
}
