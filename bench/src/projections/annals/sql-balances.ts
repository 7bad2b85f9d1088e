import { Projection } from '@annals/core';
import type { EntityManager } from '@mikro-orm/sql';
import { MoneyDeposited } from '../../sql/annals/money-deposited.js';
import { createBalances, upsertBalance } from '../read-model.js';

/**
 * The balances projection as a user writes it with plain SQL: each handler sends the upsert through the
 * batch transaction's entity manager (`em.execute`), so the row and the checkpoint commit together. Each
 * generation of the read model has a table of its own (`<prefix>_g<generation>`), made by `setUp` and dropped
 * by `tearDown` once a rebuild has replaced it.
 */
export function sqlBalances(
  name: string,
  prefix: string,
  /** Told the position of each event handled, for the lag workload's measurement. @default nothing */
  onHandled?: (position: number) => void,
): Projection<EntityManager> {
  const table = (generation: number): string => balancesTable(prefix, generation);
  const upserts = new Map<number, string>();
  const upsertInto = (generation: number): string => {
    let sql = upserts.get(generation);
    if (sql === undefined) {
      sql = upsertBalance(table(generation), '?');
      upserts.set(generation, sql);
    }
    return sql;
  };
  return new Projection<EntityManager>(name)
    .setUp(async (em, generation) => {
      await em.execute(createBalances(table(generation)));
    })
    .tearDown(async (em, generation) => {
      await em.execute(`DROP TABLE IF EXISTS ${table(generation)}`);
    })
    .on(MoneyDeposited, async (event, em, { generation, position }) => {
      await em.execute(upsertInto(generation), [event.originatorId, event.payload.amount, position]);
      onHandled?.(position);
    });
}

/** The table of a generation of {@link sqlBalances}. */
export function balancesTable(prefix: string, generation: number): string {
  return `${prefix}_g${generation}`;
}
