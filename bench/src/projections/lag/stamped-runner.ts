import { ApplicationLog, ProjectionRunner } from '@annals/core';
import { transactionEntityManager, type MikroOrmStrategy } from '@annals/mikro-orm';
import type { EntityManager } from '@mikro-orm/sql';
import type { Bank } from '../../sql/annals/bank.js';
import { projectionStoreOf } from '../annals/projection-store.js';
import { sqlBalances } from '../annals/sql-balances.js';
import { now } from './clock.js';

/** A runner of the balances projection that notes when each event's row committed. */
export interface StampedRunner {
  readonly runner: ProjectionRunner<EntityManager>;
  /** `[position, committed at]`: when the transaction that wrote the event's row committed. */
  readonly projectedAt: Map<number, number>;
}

/**
 * The balances projection of the catch-up workload, run for `bank`, with a note per event of when the row it
 * wrote became visible: the handler notes the positions of its batch, and MikroORM's transaction events
 * (public API, no extra query) say when that batch's transaction committed or rolled back.
 */
export function stampedRunner(bank: Bank, strategy: MikroOrmStrategy, pageSize: number): StampedRunner {
  const projectedAt = new Map<number, number>();
  let batch: number[] = [];
  const projection = sqlBalances('balances', 'lag_balances', (position) => batch.push(position));
  strategy.orm.em.getEventManager().registerSubscriber({
    afterTransactionCommit: () => {
      const at = now();
      for (const position of batch) projectedAt.set(position, at);
      batch = [];
    },
    afterTransactionRollback: () => {
      batch = [];
    },
  });
  const runner = new ProjectionRunner<EntityManager>({
    projection,
    source: new ApplicationLog(bank),
    store: projectionStoreOf(strategy),
    context: () => transactionEntityManager<EntityManager>(strategy),
    batchSize: pageSize,
  });
  return { runner, projectedAt };
}
