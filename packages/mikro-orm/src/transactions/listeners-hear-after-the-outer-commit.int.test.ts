import test, { type ExecutionContext } from 'ava';
import { randomUUID } from 'node:crypto';
import { hasOutboxDispatch, type Commit, type OutboxCommit } from '@annals/core/storage';
import { RequestContext } from '@mikro-orm/core';
import { announcedEvent } from '../fixtures/announced-event.js';
import { dialects } from '../fixtures/strategies.js';
import type { MikroOrmStrategy } from '../mikro-orm-strategy.js';

/** What the after-commit path reported, by aggregate id: to commit listeners and (PostgreSQL) the outbox watcher. */
function listen(strategy: MikroOrmStrategy): { commits: string[]; dispatched: string[] } {
  const heard = { commits: [] as string[], dispatched: [] as string[] };
  strategy.onCommit((commit: Commit) => heard.commits.push(...commit.events.map((e) => e.originatorId)));
  if (hasOutboxDispatch(strategy)) {
    strategy.watchOutbox((commit: OutboxCommit) => {
      heard.dispatched.push(...commit.dispatched.map((message) => message.orderingKey));
    });
  }
  return heard;
}

const rollBack = new Error('rolled back on purpose');

for (const { dialect, storage } of dialects) {
  const expectDispatched = (t: ExecutionContext, dispatched: string[], ids: string[]): void => {
    t.deepEqual(dispatched, dialect === 'PostgreSQL' ? ids : [], 'the outbox watcher (PostgreSQL only)');
  };

  test(`${dialect}: an append that commits on its own is heard of once, before append returns`, async (t) => {
    const strategy = await storage(t);
    const heard = listen(strategy);
    const id = randomUUID();
    await strategy.append(...announcedEvent(id, 1));
    t.deepEqual(heard.commits, [id]);
    expectDispatched(t, heard.dispatched, [id]);
  });

  test(`${dialect}: an append in a user transaction is heard of once the transaction commits, never before`, async (t) => {
    const strategy = await storage(t);
    const heard = listen(strategy);
    const id = randomUUID();
    await strategy.orm.em.transactional(async () => {
      await strategy.append(...announcedEvent(id, 1));
      t.deepEqual(heard.commits, [], 'not while the transaction is open');
    });
    t.deepEqual(heard.commits, [id]);
    expectDispatched(t, heard.dispatched, [id]);
  });

  test(`${dialect}: an append in a user transaction that rolls back is never heard of`, async (t) => {
    const strategy = await storage(t);
    const heard = listen(strategy);
    const [rolledBack, committed] = [randomUUID(), randomUUID()];
    await t.throwsAsync(
      strategy.orm.em.transactional(async () => {
        await strategy.append(...announcedEvent(rolledBack, 1));
        throw rollBack;
      }),
      { is: rollBack },
    );
    await strategy.append(...announcedEvent(committed, 1));
    t.deepEqual(heard.commits, [committed]);
    expectDispatched(t, heard.dispatched, [committed]);
  });

  test(`${dialect}: appends in savepoints are heard of when the outermost transaction commits, except those rolled back`, async (t) => {
    const strategy = await storage(t);
    const heard = listen(strategy);
    const [outer, released, rolledBack, deepest] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const nested = { propagation: 'nested' } as const;
    await strategy.orm.em.transactional(async (em) => {
      await strategy.append(...announcedEvent(outer, 1));
      await em.transactional(async (inner) => {
        await strategy.append(...announcedEvent(released, 1));
        await inner.transactional(() => strategy.append(...announcedEvent(deepest, 1)), nested);
      }, nested);
      await t.throwsAsync(
        em.transactional(async () => {
          await strategy.append(...announcedEvent(rolledBack, 1));
          throw rollBack;
        }, nested),
        { is: rollBack },
      );
      t.deepEqual(heard.commits, [], 'not when a savepoint is released');
    });
    t.deepEqual(heard.commits, [outer, released, deepest]);
    expectDispatched(t, heard.dispatched, [outer, released, deepest]);
    t.deepEqual(await strategy.selectEvents(rolledBack), [], 'the savepoint did roll back');
  });

  test(`${dialect}: a committed transaction around a savepoint that rolled back is heard of without it`, async (t) => {
    const strategy = await storage(t);
    const heard = listen(strategy);
    const [inSavepoint, outer] = [randomUUID(), randomUUID()];
    await t.throwsAsync(
      strategy.orm.em.transactional(async (em) => {
        await em.transactional(() => strategy.append(...announcedEvent(inSavepoint, 1)), {
          propagation: 'nested',
        });
        throw rollBack;
      }),
      { is: rollBack },
    );
    t.deepEqual(heard.commits, [], 'a released savepoint rolls back with its transaction');
    await strategy.orm.em.transactional(() => strategy.append(...announcedEvent(outer, 1)));
    t.deepEqual(heard.commits, [outer]);
  });

  test(`${dialect}: em.begin() and em.commit() or em.rollback() in a request context`, async (t) => {
    const strategy = await storage(t);
    const heard = listen(strategy);
    const [committed, rolledBack] = [randomUUID(), randomUUID()];
    const { em } = strategy.orm;
    await RequestContext.create(em, async () => {
      await em.begin();
      await strategy.append(...announcedEvent(rolledBack, 1));
      await em.rollback();
      await em.begin();
      await strategy.append(...announcedEvent(committed, 1));
      t.deepEqual(heard.commits, []);
      await em.commit();
    });
    t.deepEqual(heard.commits, [committed]);
    expectDispatched(t, heard.dispatched, [committed]);
  });

  test(`${dialect}: appends in the strategy's own transaction are heard of once it commits, joined or not`, async (t) => {
    const strategy = await storage(t);
    const heard = listen(strategy);
    const [first, second, rolledBack] = [randomUUID(), randomUUID(), randomUUID()];
    await strategy.transaction(async () => {
      await strategy.append(...announcedEvent(first, 1));
      await strategy.transaction(() => strategy.append(...announcedEvent(second, 1)));
      t.deepEqual(heard.commits, [], 'a joined transaction does not commit');
    });
    await t.throwsAsync(
      strategy.transaction(async () => {
        await strategy.append(...announcedEvent(rolledBack, 1));
        throw rollBack;
      }),
      { is: rollBack },
    );
    t.deepEqual(heard.commits, [first, second]);
    expectDispatched(t, heard.dispatched, [first, second]);
  });
}
