import test from 'ava';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { isOperationalError, isRecordConflictError, type StoredEvent } from '@annals/core';
import type { EntityManager } from '@mikro-orm/sql';
import { until } from '../fixtures/until.js';
import { createPostgresqlDatabase } from '../testing/index.js';
import { postgresqlStrategy } from '../postgresql/index.js';
import { sqliteStrategy } from '../sqlite/index.js';

const event = (originatorId = randomUUID()): StoredEvent => ({
  originatorId,
  originatorVersion: 1,
  topic: 'Probe',
  state: new Uint8Array([1]),
});

test('a refused PostgreSQL connection is an operational error naming host and port', async (t) => {
  const strategy = postgresqlStrategy({ url: 'postgresql://postgres@127.0.0.1:1/nowhere', migrate: false });
  t.teardown(() => strategy.close());
  const error = await t.throwsAsync(strategy.append([event()]));
  t.true(isOperationalError(error), String(error));
  t.regex(error?.message ?? '', /127\.0\.0\.1:1/);
});

test('a PostgreSQL connection lost mid-statement is an operational error, and the pool reconnects', async (t) => {
  const database = await createPostgresqlDatabase();
  t.teardown(() => database.drop());
  const strategy = postgresqlStrategy({ url: database.url, poolSize: 1 });
  t.teardown(() => strategy.close());
  await strategy.append([event()]);
  const other = postgresqlStrategy({ url: database.url, migrate: false });
  t.teardown(() => other.close());
  const em = other.orm.em as EntityManager;
  // Another session locks the table, so the append is certainly in flight when its connection is killed.
  const error = await em.transactional(async (tx) => {
    await tx.execute('LOCK TABLE annals_events IN ACCESS EXCLUSIVE MODE');
    const appending = t.throwsAsync(strategy.append([event()]));
    await until('the append waiting for the lock', async () => {
      const waiting = await tx.execute<{ pid: number }[]>(
        `SELECT pid FROM pg_locks WHERE NOT granted AND relation = 'annals_events'::regclass`,
      );
      return waiting.length > 0;
    });
    await tx.execute(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database.name}' AND pid <> pg_backend_pid()`,
    );
    return appending;
  });
  t.true(isOperationalError(error), String(error));
  t.regex(error?.message ?? '', new RegExp(`127\\.0\\.0\\.1:5432/${database.name}`));
  // The pool drops the dead connection as it notices it; a later call gets a fresh one.
  const id = randomUUID();
  for (let attempt = 1; ; attempt++) {
    try {
      await strategy.append([event(id)]);
      break;
    } catch (retryable) {
      if (!isOperationalError(retryable) || attempt === 20) throw retryable;
      await sleep(50);
    }
  }
  t.is((await strategy.selectEvents(id)).length, 1);
});

test('a unique violation is a conflict, whatever the dialect', async (t) => {
  const strategy = sqliteStrategy({ path: ':memory:' });
  t.teardown(() => strategy.close());
  const id = randomUUID();
  await strategy.append([event(id)]);
  t.true(isRecordConflictError(await t.throwsAsync(strategy.append([event(id)]))));
});

test('an SQLite file that cannot be opened is an operational error naming the file', async (t) => {
  const strategy = sqliteStrategy({ path: '/nonexistent-directory/events.sqlite' });
  t.teardown(() => strategy.close());
  const error = await t.throwsAsync(strategy.append([event()]));
  t.true(isOperationalError(error), String(error));
  t.regex(error?.message ?? '', /nonexistent-directory\/events\.sqlite/);
});
