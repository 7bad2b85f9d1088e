import { ApplicationLog, ProjectionRunner } from '@annals/core';
import { transactionEntityManager, type MikroOrmStrategy } from '@annals/mikro-orm';
import { postgresqlStrategy } from '@annals/mikro-orm/postgresql';
import type { EntityManager } from '@mikro-orm/sql';
import { Bank } from '../../sql/annals/bank.js';
import { entityManagerOf } from '../annals/entity-manager-of.js';
import { projectionStoreOf } from '../annals/projection-store.js';
import { balancesTable, sqlBalances } from '../annals/sql-balances.js';
import { countBalances } from '../read-model.js';
import type { Rebuilder } from './rebuilder.js';

const PREFIX = 'rebuild_balances';

/** `ProjectionRunner.rebuild()` of the catch-up workload's projection (the `annals` handler) into a new generation. */
export class AnnalsRebuilder implements Rebuilder {
  #generation = 1;

  private constructor(
    readonly events: number,
    readonly strategy: MikroOrmStrategy,
    readonly bank: Bank,
    readonly runner: ProjectionRunner<EntityManager>,
  ) {}

  static async open(url: string, pageSize: number): Promise<AnnalsRebuilder> {
    const strategy = postgresqlStrategy({ url });
    const bank = new Bank({ strategy, env: {} });
    const runner = new ProjectionRunner<EntityManager>({
      projection: sqlBalances('balances', PREFIX),
      source: new ApplicationLog(bank),
      store: projectionStoreOf(strategy),
      context: () => transactionEntityManager<EntityManager>(strategy),
      batchSize: pageSize,
    });
    const events = await bank.notificationLog.maxPosition();
    await runner.generation(); // registers the projection
    return new AnnalsRebuilder(events, strategy, bank, runner);
  }

  async rebuild(): Promise<number> {
    let batches = 0;
    this.#generation = await this.runner.rebuild({ onProgress: () => void batches++ });
    return batches;
  }

  async count(): Promise<{ rows: number; deposits: number }> {
    const [found] = await entityManagerOf(this.strategy).execute<{ rows: string; deposits: string }[]>(
      countBalances(balancesTable(PREFIX, this.#generation)),
    );
    return { rows: Number(found?.rows ?? 0), deposits: Number(found?.deposits ?? 0) };
  }

  close(): Promise<void> {
    return this.bank.close();
  }
}
