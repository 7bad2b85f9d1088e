import test from 'ava';
import { randomUUID } from 'node:crypto';
import { startThrowawayPostgresql } from '@annals/test-support';
import { orderPlaced } from '../fixtures/announced-event.js';
import { until } from '../fixtures/until.js';
import { postgresqlStrategy } from './postgresql-strategy.js';

// Their connections of their own copied the pool's settings without its password, and the server's
// password challenge then crashed the process from inside pg.
test('leases and log watchers open their connections with the URL’s password, on a server that asks for one', async (t) => {
  const server = await startThrowawayPostgresql();
  t.teardown(() => server.stop());
  const strategy = postgresqlStrategy({ url: server.url() });
  t.teardown(() => strategy.close());

  const lease = await strategy.tryLease('projection:balances:0');
  t.truthy(lease, 'the lease was taken');
  await lease?.release();

  let wakes = 0;
  const stop = await strategy.watchLog(() => (wakes += 1));
  t.teardown(stop);
  await strategy.append([orderPlaced(randomUUID(), 1)]);
  await until('the watcher heard the commit', () => wakes > 0);
});
