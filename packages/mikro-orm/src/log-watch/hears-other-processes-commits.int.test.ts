import test from 'ava';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { StoredEvent } from '@annals/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { until } from '../fixtures/until.js';
import { postgresqlStrategy } from '../postgresql/index.js';
import { createPostgresqlDatabase } from '../testing/index.js';

const event = (): StoredEvent => ({
  originatorId: randomUUID(),
  originatorVersion: 1,
  topic: 'Order.Placed',
  state: new Uint8Array([1]),
});

test('a watcher hears the commits of another strategy instance, and nothing of a transaction that rolled back', async (t) => {
  const database = await createPostgresqlDatabase();
  t.teardown(() => database.drop());
  const writer = postgresqlStrategy({ url: database.url });
  const watcher = postgresqlStrategy({ url: database.url });
  t.teardown(() => Promise.all([writer.close(), watcher.close()]).then(() => undefined));
  // Every notification of the channel, in commit order, with its payload: appends send an empty one.
  const witness = new Client({ connectionString: database.url });
  await witness.connect();
  t.teardown(() => witness.end());
  const heard: string[] = [];
  witness.on('notification', (notification) => heard.push(notification.payload ?? ''));
  await witness.query('LISTEN annals_events');
  let wakes = 0;
  const stop = await watcher.watchLog(() => (wakes += 1));
  t.teardown(stop);

  await writer.append([event()]);
  await until('the watcher heard the commit', () => wakes === 1);

  // A strategy of its own, whose close waits for any notification it is sending.
  const rollingBack = postgresqlStrategy({ url: database.url });
  await t.throwsAsync(
    rollingBack.transaction(async () => {
      await rollingBack.append([event()]);
      throw new Error('the work failed');
    }),
    { message: 'the work failed' },
  );
  await rollingBack.close();
  // Notifications reach listeners in commit order: one sent for the rolled-back append would come first.
  await witness.query(`NOTIFY annals_events, 'marker'`);
  await until('the witness heard the marker', () => heard.includes('marker'));
  t.deepEqual(heard, ['', 'marker'], 'the committed append, then the marker: nothing of the rollback');
  await until('the watcher heard the marker', () => wakes >= 2);
  t.is(wakes, 2);
});

test('a watcher whose connection drops listens again, is called once, and hears later commits', async (t) => {
  const database = await createPostgresqlDatabase();
  t.teardown(() => database.drop());
  const writer = postgresqlStrategy({ url: database.url });
  const watcher = postgresqlStrategy({ url: database.url });
  t.teardown(() => Promise.all([writer.close(), watcher.close()]).then(() => undefined));
  await writer.migrate();
  let wakes = 0;
  const stop = await watcher.watchLog(() => (wakes += 1));
  t.teardown(stop);

  const em = writer.orm.em as EntityManager;
  const [listening] = await em.execute<{ pid: number }[]>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN annals_events'`,
  );
  t.truthy(listening, 'the watcher listens on a connection of its own');
  await em.execute('SELECT pg_terminate_backend(?)', [listening?.pid]);
  await until('the watcher was called after listening again', () => wakes === 1);

  await writer.append([event()]);
  await until('the watcher heard a commit after listening again', () => wakes === 2);
  t.pass();
});
