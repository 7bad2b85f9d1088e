import { Projection } from '@annals/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Deposited, Opened } from './accounts.js';

/** The table of one generation of the balances read model. */
export const balancesTable = (generation: number): string => `balances_g${generation}`;

/**
 * One row per account: its balance, and how many events changed it. The writes are increments on purpose, so
 * an event applied twice shows in `applied`, and one skipped shows too.
 */
export const balances = new Projection<EntityManager>('balances')
  .setUp(async (em, generation) => {
    await em.execute(
      `CREATE TABLE IF NOT EXISTS ${balancesTable(generation)} ` +
        `(account_id uuid PRIMARY KEY, balance bigint NOT NULL, applied integer NOT NULL)`,
    );
  })
  .tearDown(async (em, generation) => {
    await em.execute(`DROP TABLE IF EXISTS ${balancesTable(generation)}`);
  })
  .on(Opened, async (event, em, { generation }) => {
    await em.execute(
      `INSERT INTO ${balancesTable(generation)} (account_id, balance, applied) VALUES (?, 0, 1)`,
      [event.originatorId],
    );
  })
  .on(Deposited, async (event, em, { generation }) => {
    await em.execute(
      `UPDATE ${balancesTable(generation)} SET balance = balance + ?, applied = applied + 1 WHERE account_id = ?`,
      [event.payload.amount, event.originatorId],
    );
  });
