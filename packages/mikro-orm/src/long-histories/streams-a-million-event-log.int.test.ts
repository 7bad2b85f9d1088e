import test from 'ava';
import { Application } from '@annals/core';
import { postgresqlStrategy } from '../postgresql/index.js';
import { createPostgresqlDatabase } from '../testing/index.js';

const EVENTS = 1_000_000;
const MEGABYTE = 1024 * 1024;

test(`reading the whole log of ${EVENTS} events streams in bounded memory`, async (t) => {
  t.timeout(300_000);
  const database = await createPostgresqlDatabase();
  t.teardown(() => database.drop());
  const strategy = postgresqlStrategy({ url: database.url });
  await using app = new Application({ name: 'long-log', strategy });
  await strategy.migrate();
  await strategy.orm.em.getConnection().execute(
    `INSERT INTO annals_events (originator_id, originator_version, topic, state)
     SELECT gen_random_uuid(), 1, 'Long.Happened', convert_to('{"payload":"' || repeat('x', 200) || '"}', 'UTF8')
     FROM generate_series(1, ${EVENTS})`,
  );

  // Resident memory is sampled after a collection: V8 otherwise lets garbage pile up to a heap size of
  // its own choosing (about 160 MB here) before collecting, which says nothing about what the reader keeps.
  const collect = globalThis.gc;
  if (!collect) throw new Error('run with --expose-gc (the ava config passes it)');
  let count = 0;
  let last = 0;
  let baseline = 0;
  let peak = 0;
  for await (const notification of app.notificationLog.iterate({ pageSize: 1000 })) {
    if (notification.position <= last) t.fail(`position ${notification.position} after ${last}`);
    last = notification.position;
    count++;
    if (count % 10_000 === 0) {
      collect();
      const rss = process.memoryUsage().rss;
      if (count === 10_000) baseline = rss;
      peak = Math.max(peak, rss);
    }
  }
  t.is(count, EVENTS);
  const growth = (peak - baseline) / MEGABYTE;
  t.log(`resident memory grew by ${growth.toFixed(1)} MB while reading ${EVENTS} events`);
  t.true(growth < 100, `resident memory grew by ${growth.toFixed(1)} MB`);
});
