import test from 'ava';
import { randomUUID } from 'node:crypto';
import { isNotSupportedError, type StoredEvent } from '@annals/core';
import { IsolationLevel } from '@mikro-orm/core';
import { postgresqlStrategy } from '../postgresql/index.js';
import { createPostgresqlDatabase } from '../testing/index.js';

const event = (): StoredEvent => ({
  originatorId: randomUUID(),
  originatorVersion: 1,
  topic: 'Order.Placed',
  state: new Uint8Array([1]),
});

test('a follower reading the log inside a REPEATABLE READ or SERIALIZABLE transaction is refused, naming the rule', async (t) => {
  const database = await createPostgresqlDatabase();
  t.teardown(() => database.drop());
  const strategy = postgresqlStrategy({ url: database.url });
  t.teardown(() => strategy.close());
  await strategy.migrate();
  const [position = 0] = await strategy.append([event()]);

  for (const isolationLevel of [IsolationLevel.REPEATABLE_READ, IsolationLevel.SERIALIZABLE]) {
    const error = await t.throwsAsync(
      strategy.orm.em.transactional(() => strategy.selectNotifications({ start: 1, limit: 10 }), {
        isolationLevel,
      }),
    );
    t.true(isNotSupportedError(error), String(error));
    t.regex(error?.message ?? '', /inside a (repeatable read|serializable) transaction could skip events/);
    await t.throwsAsync(
      strategy.orm.em.transactional(() => strategy.maxNotificationPosition(), { isolationLevel }),
      { message: /READ COMMITTED/ },
    );
  }

  const read = await strategy.orm.em.transactional(
    () => strategy.selectNotifications({ start: position, limit: 10 }),
    { isolationLevel: IsolationLevel.READ_COMMITTED },
  );
  t.deepEqual(
    read.map((notification) => notification.position),
    [position],
  );
});
