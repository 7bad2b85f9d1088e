import test from 'ava';
import { isOperationalError } from '@annals/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { postgresqlStrategy } from '../postgresql/index.js';
import { createPostgresqlDatabase } from '../testing/index.js';
import { transactionEntityManager } from './transaction-entity-manager.js';

const poolSize = 2;

/** Rejects naming `what` when `work` has not settled within `ms`: a pool without a free slot waits forever. */
async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

test('transactions whose connection was terminated (so their rollback failed) leave every pool slot usable', async (t) => {
  const database = await createPostgresqlDatabase();
  t.teardown(() => database.drop());
  const strategy = postgresqlStrategy({ url: database.url, poolSize });
  // A pool holding a leaked connection never finishes closing.
  t.teardown(() => within(10_000, 'closing the strategy', strategy.close()));
  const em = (): EntityManager => transactionEntityManager<EntityManager>(strategy);

  for (let lost = 1; lost <= poolSize + 1; lost++) {
    const killed = strategy.transaction(() => em().execute('SELECT pg_terminate_backend(pg_backend_pid())'));
    const error = await within(
      10_000,
      `transaction ${lost} getting a connection`,
      killed.then(
        () => new Error('the transaction survived its connection'),
        (failure: unknown) => failure,
      ),
    );
    t.true(isOperationalError(error), `a lost connection is an OperationalError: ${String(error)}`);
  }

  let inside = 0;
  let allInside!: () => void;
  const everyoneInside = new Promise<void>((resolve) => {
    allInside = resolve;
  });
  const transactions = Array.from({ length: poolSize }, () =>
    strategy.transaction(async () => {
      await em().execute('SELECT 1');
      if (++inside === poolSize) allInside();
      await everyoneInside;
    }),
  );
  await within(
    10_000,
    `${poolSize} transactions at once on a pool of ${poolSize}`,
    Promise.all(transactions),
  );
  t.is(inside, poolSize);
  await within(10_000, 'closing the strategy', strategy.close());
});
