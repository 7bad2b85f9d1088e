import test from 'ava';
import { once } from 'node:events';
import { createServer, Socket, type AddressInfo } from 'node:net';
import type { EntityManager } from '@mikro-orm/postgresql';
import { leaseLost } from '../fixtures/lease-lost.js';
import { postgresqlStrategy } from '../postgresql/index.js';
import { createPostgresqlDatabase } from '../testing/index.js';

test('a lease whose connection is terminated aborts its signal, and is free again', async (t) => {
  const database = await createPostgresqlDatabase();
  t.teardown(() => database.drop());
  const strategy = postgresqlStrategy({ url: database.url, migrate: false });
  t.teardown(() => strategy.close());
  const lease = await strategy.tryLease('projection:balances:0');
  if (!lease) return t.fail('the lease was not taken');
  const em = strategy.orm.em as EntityManager;
  const [holder] = await em.execute<{ pid: number }[]>(
    `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1 AND granted
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  t.truthy(holder, 'the lock is held by a session');
  await em.execute('SELECT pg_terminate_backend(?)', [holder?.pid]);
  t.regex(String(await leaseLost(lease)), /lease projection:balances:0 was lost/);
  const next = await strategy.tryLease('projection:balances:0');
  t.teardown(() => next?.release());
  t.truthy(next, 'the session ended with its lock');
});

/** A TCP proxy to PostgreSQL that can stop passing anything on, as a dead network would. */
async function proxyToPostgresql(target: URL) {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = new Socket().connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = new URL(target);
  url.port = String((server.address() as AddressInfo).port);
  return {
    url: url.toString(),
    /** Leaves every connection open, passing nothing on. */
    silence: () => {
      for (const socket of sockets) {
        socket.unpipe();
        socket.pause();
      }
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

test('a lease whose connection silently stops answering aborts its signal at the next check', async (t) => {
  const database = await createPostgresqlDatabase();
  t.teardown(() => database.drop());
  const proxy = await proxyToPostgresql(new URL(database.url));
  const strategy = postgresqlStrategy({ url: proxy.url, migrate: false, leaseCheckInterval: 200 });
  t.teardown(() => strategy.close());
  t.teardown(() => proxy.close());
  const lease = await strategy.tryLease('projection:balances:0');
  if (!lease) return t.fail('the lease was not taken');
  proxy.silence();
  const reason = await leaseLost(lease);
  t.regex(String((reason as Error).cause), /timeout/i);
});
