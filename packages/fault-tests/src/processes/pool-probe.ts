import { transactionEntityManager, type MikroOrmStrategy } from '@annals/mikro-orm';
import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Runs as many transactions at once as the strategy's pool has connections, each holding its connection until
 * all are inside: a pool slot leaked by an earlier fault makes this fail after `timeout` ms.
 */
export async function probePool(
  strategy: MikroOrmStrategy,
  size: number,
  timeout: number,
): Promise<{ readonly concurrent: number }> {
  let inside = 0;
  let allInside!: () => void;
  const everyoneInside = new Promise<void>((resolve) => {
    allInside = resolve;
  });
  const transactions = Array.from({ length: size }, () =>
    strategy.transaction(async () => {
      await transactionEntityManager<EntityManager>(strategy).execute('SELECT 1');
      if (++inside === size) allInside();
      await everyoneInside;
    }),
  );
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`only ${inside} of ${size} transactions got a connection within ${timeout} ms`)),
      timeout,
    );
  });
  try {
    await Promise.race([Promise.all(transactions), deadline]);
  } finally {
    clearTimeout(timer);
  }
  return { concurrent: inside };
}
