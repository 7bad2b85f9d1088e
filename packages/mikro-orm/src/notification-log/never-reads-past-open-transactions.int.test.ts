import test from 'ava';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { CompiledQuery } from 'kysely';
import type { StoredEvent } from '@annals/core';
import type { AbstractSqlConnection } from '@mikro-orm/sql';
import { postgresqlStrategy } from '../postgresql/index.js';
import { createPostgresqlDatabase } from '../testing/index.js';

const event = (): StoredEvent => ({
  originatorId: randomUUID(),
  originatorVersion: 1,
  topic: 'Order.Placed',
  state: new Uint8Array([1]),
});

test('a follower does not read past a smaller position whose transaction is still open', async (t) => {
  const database = await createPostgresqlDatabase();
  t.teardown(() => database.drop());
  const strategy = postgresqlStrategy({ url: database.url });
  t.teardown(() => strategy.close());
  await strategy.migrate();

  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let slowPosition = 0;
  let inserted!: () => void;
  const insertedSlow = new Promise<void>((resolve) => (inserted = resolve));
  const slowWriter = strategy.orm.em.transactional(async () => {
    [slowPosition = 0] = await strategy.append([event()]);
    inserted();
    await held;
  });
  await insertedSlow;
  const [fastPosition = 0] = await strategy.append([event()]);
  t.true(fastPosition > slowPosition, 'the later writer drew the larger position but committed first');

  const client = (strategy.orm.em.getConnection() as AbstractSqlConnection).getClient();
  const naive = await client.executeQuery<{ position: string }>(
    CompiledQuery.raw('SELECT position FROM annals_events WHERE position >= $1 ORDER BY position', [
      slowPosition,
    ]),
  );
  t.deepEqual(
    naive.rows.map((row) => Number(row.position)),
    [fastPosition],
    'a reader without the guard would see the larger position now and skip the smaller one later',
  );

  t.deepEqual(await strategy.selectNotifications({ start: slowPosition, limit: 10 }), []);
  t.true((await strategy.maxNotificationPosition()) < slowPosition);

  release();
  await slowWriter;
  // Other tests' transactions on the same server may hold readers back a moment longer; wait them out.
  let after: number[] = [];
  for (let attempt = 0; attempt < 500 && after.length < 2; attempt++) {
    after = (await strategy.selectNotifications({ start: slowPosition, limit: 10 })).map((n) => n.position);
    if (after.length < 2) await sleep(10);
  }
  t.deepEqual(after, [slowPosition, fastPosition]);
});
