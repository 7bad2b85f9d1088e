import test from 'ava';
import { randomUUID } from 'node:crypto';
import type { StoredEvent } from '@annals/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MikroOrmStrategy } from '../mikro-orm-strategy.js';
import { createPostgresqlDatabase } from '../testing/index.js';
import { postgresqlStrategy } from './postgresql-strategy.js';

const event = (originatorId = randomUUID(), originatorVersion = 1): StoredEvent => ({
  originatorId,
  originatorVersion,
  topic: 'Order.Placed',
  state: new Uint8Array([originatorVersion]),
});

const preparedOn = async (em: EntityManager): Promise<string[]> =>
  (
    await em.execute<{ statement: string }[]>(
      `SELECT statement FROM pg_prepared_statements ORDER BY prepare_time`,
    )
  ).map((row) => row.statement);

test('appends and reads outside a transaction run as statements prepared once per connection', async (t) => {
  const database = await createPostgresqlDatabase();
  t.teardown(() => database.drop());
  const strategy = postgresqlStrategy({ url: database.url, poolSize: 1 });
  t.teardown(() => strategy.close());
  const id = randomUUID();
  for (let version = 1; version <= 3; version++) await strategy.append([event(id, version)]);
  t.is((await strategy.selectEvents(id)).length, 3);

  const prepared = await preparedOn(strategy.orm.em as EntityManager);
  t.is(prepared.filter((sql) => sql.includes('INSERT INTO annals_events')).length, 1, 'the append, once');
  t.is(prepared.filter((sql) => sql.includes('FROM annals_events WHERE originator_id')).length, 1);
});

test('two strategies on one pool with different tables keep their statements apart', async (t) => {
  const database = await createPostgresqlDatabase();
  t.teardown(() => database.drop());
  const owner = postgresqlStrategy({ url: database.url, poolSize: 1 });
  t.teardown(() => owner.close());
  const other = new MikroOrmStrategy({ orm: owner.orm, tablePrefix: 'other_', migrate: true });
  const id = randomUUID();
  await owner.append([event(id)]);
  await other.append([event(id), event(id, 2)]);
  t.is((await owner.selectEvents(id)).length, 1);
  t.is((await other.selectEvents(id)).length, 2);
});

test('prepared statements can be turned off, for poolers that do not keep them', async (t) => {
  const database = await createPostgresqlDatabase();
  t.teardown(() => database.drop());
  const strategy = postgresqlStrategy({ url: database.url, poolSize: 1, preparedStatements: false });
  t.teardown(() => strategy.close());
  const id = randomUUID();
  await strategy.append([event(id)]);
  t.is((await strategy.selectEvents(id)).length, 1);
  t.deepEqual(await preparedOn(strategy.orm.em as EntityManager), []);
});
