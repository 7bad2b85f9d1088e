import test, { type ExecutionContext } from 'ava';
import { randomUUID } from 'node:crypto';
import {
  isAnnalsError,
  isConfigurationError,
  isOperationalError,
  isRecordConflictError,
  isValidationError,
  type StoredEvent,
} from '@annals/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import pg from 'pg';
import { until } from '../fixtures/until.js';
import type { MikroOrmStrategy } from '../mikro-orm-strategy.js';
import { postgresqlStrategy } from '../postgresql/index.js';
import { createPostgresqlDatabase, type TemporaryDatabase } from '../testing/index.js';
import { transactionEntityManager } from '../transactions/transaction-entity-manager.js';

const event = (originatorId: string = randomUUID()): StoredEvent => ({
  originatorId,
  originatorVersion: 1,
  topic: 'Probe',
  state: new Uint8Array([1]),
});

/** A database of the test's own (the tests hold locks that others must not meet), dropped after it. */
async function databaseOf(t: ExecutionContext): Promise<TemporaryDatabase> {
  const database = await createPostgresqlDatabase();
  t.teardown(() => database.drop());
  return database;
}

/** A migrated strategy on a database of the test's own, closed after the test. */
async function strategyOf(t: ExecutionContext): Promise<{ strategy: MikroOrmStrategy; url: string }> {
  const { url } = await databaseOf(t);
  const strategy = postgresqlStrategy({ url, poolSize: 4 });
  t.teardown(() => strategy.close());
  await strategy.migrate();
  return { strategy, url };
}

/** A session of its own, as another process would hold, closed after the test. */
async function otherSession(t: ExecutionContext, url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  t.teardown(() => client.end());
  return client;
}

/** Asserts that `error` is the Annals error `guard` accepts, caused by a PostgreSQL error with `code`. */
function assertConverted(
  t: ExecutionContext,
  error: unknown,
  guard: (error: unknown) => boolean,
  code: string,
): void {
  t.true(isAnnalsError(error) && guard(error), String(error));
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  t.is(cause?.code, code, `the cause is PostgreSQL's error ${code}`);
}

/** Resolves once a session of the database waits for a lock on the events table; returns its pid. */
function waitingOnEvents(client: pg.Client): Promise<number> {
  return until('a session waiting for the events table', async () => {
    const { rows } = await client.query<{ pid: number }>(
      `SELECT pid FROM pg_locks WHERE NOT granted AND relation = 'annals_events'::regclass LIMIT 1`,
    );
    return rows[0]?.pid;
  });
}

test('a unique violation (23505) is a RecordConflictError', async (t) => {
  const { strategy } = await strategyOf(t);
  const id = randomUUID();
  await strategy.append([event(id)]);
  assertConverted(t, await t.throwsAsync(strategy.append([event(id)])), isRecordConflictError, '23505');
});

test('a serialization failure (40001) is an OperationalError that says to retry', async (t) => {
  const { strategy } = await strategyOf(t);
  const [a, b] = [randomUUID(), randomUUID()];
  let read = 0;
  const bothRead = until('both transactions read', () => read === 2);
  // Write skew: each reads what the other writes, so SERIALIZABLE must fail one of them.
  const writer = (id: string) =>
    strategy.transaction(async () => {
      const em = transactionEntityManager<EntityManager>(strategy);
      await em.execute('SET TRANSACTION ISOLATION LEVEL SERIALIZABLE');
      await em.execute('SELECT count(*) FROM annals_events WHERE originator_id IN (?, ?)', [a, b]);
      read++;
      await bothRead;
      await strategy.append([event(id)]);
    });
  const outcomes = await Promise.allSettled([writer(a), writer(b)]);
  const failures = outcomes.flatMap((outcome): unknown[] =>
    outcome.status === 'rejected' ? [outcome.reason] : [],
  );
  t.is(failures.length, 1);
  assertConverted(t, failures[0], isOperationalError, '40001');
  t.regex(String(failures[0]), /retry/);
});

test('a deadlock (40P01) is an OperationalError, and the other transaction commits', async (t) => {
  const { strategy } = await strategyOf(t);
  const [a, b] = [randomUUID(), randomUUID()];
  let first = 0;
  const bothWroteOnce = until('both transactions wrote once', () => first === 2);
  // Each inserts one key, then the other's: each waits for the other to end.
  const crossing = (mine: string, theirs: string) =>
    strategy.transaction(async () => {
      await strategy.append([event(mine)]);
      first++;
      await bothWroteOnce;
      await strategy.append([{ ...event(theirs), originatorVersion: 1 }]);
    });
  const outcomes = await Promise.allSettled([crossing(a, b), crossing(b, a)]);
  const failures = outcomes.flatMap((outcome): unknown[] =>
    outcome.status === 'rejected' ? [outcome.reason] : [],
  );
  t.is(failures.length, 1);
  assertConverted(t, failures[0], isOperationalError, '40P01');
  const stored = [...(await strategy.selectEvents(a)), ...(await strategy.selectEvents(b))];
  t.is(stored.length, 2, 'the transaction that was not chosen stored both of its events');
});

test('a statement timeout (57014) is an OperationalError', async (t) => {
  const { strategy, url } = await strategyOf(t);
  const locker = await otherSession(t, url);
  await locker.query('BEGIN');
  await locker.query('LOCK TABLE annals_events IN ACCESS EXCLUSIVE MODE');
  const error = await t.throwsAsync(
    strategy.transaction(async () => {
      await transactionEntityManager<EntityManager>(strategy).execute(
        "SET LOCAL statement_timeout = '100ms'",
      );
      await strategy.append([event()]);
    }),
  );
  await locker.query('ROLLBACK');
  assertConverted(t, error, isOperationalError, '57014');
});

test('a connection terminated mid-statement (57P01) is an OperationalError', async (t) => {
  const { strategy, url } = await strategyOf(t);
  const locker = await otherSession(t, url);
  await locker.query('BEGIN');
  await locker.query('LOCK TABLE annals_events IN ACCESS EXCLUSIVE MODE');
  const appending = t.throwsAsync(strategy.append([event()]));
  await locker.query('SELECT pg_terminate_backend($1)', [await waitingOnEvents(locker)]);
  await locker.query('ROLLBACK');
  assertConverted(t, await appending, isOperationalError, '57P01');
});

test('values PostgreSQL refuses (22P02, and NUL: 08P01 through MikroORM) are ValidationErrors', async (t) => {
  const { strategy } = await strategyOf(t);
  const run = (sql: string, params: unknown[]) =>
    t.throwsAsync(
      strategy.transaction(() => transactionEntityManager<EntityManager>(strategy).execute(sql, params)),
    );
  assertConverted(t, await run('SELECT ?::integer', ['twelve']), isValidationError, '22P02');
  assertConverted(t, await run('SELECT ?::text', ['a\u0000b']), isValidationError, '08P01');
});

test('a database without the tables (42P01) is a ConfigurationError naming the migrate setting', async (t) => {
  const empty = await databaseOf(t);
  const strategy = postgresqlStrategy({ url: empty.url, migrate: false });
  t.teardown(() => strategy.close());
  const error = await t.throwsAsync(strategy.append([event()]));
  assertConverted(t, error, isConfigurationError, '42P01');
  t.is((error as { setting?: unknown } | undefined)?.setting, 'migrate');
});

test('a database that does not exist (3D000) is a ConfigurationError naming it, and none is created', async (t) => {
  const { url } = await databaseOf(t);
  const missing = new URL(url);
  missing.pathname = `/${missing.pathname.slice(1)}_missing`;
  const strategy = postgresqlStrategy({ url: missing.href });
  t.teardown(() => strategy.close());
  const error = await t.throwsAsync(strategy.append([event()]));
  assertConverted(t, error, isConfigurationError, '3D000');
  t.is((error as { setting?: unknown } | undefined)?.setting, 'url');
  t.regex(String(error?.message), new RegExp(`database "${missing.pathname.slice(1)}" does not exist`));
  const again = await t.throwsAsync(strategy.selectEvents(randomUUID()));
  assertConverted(t, again, isConfigurationError, '3D000');
  const catalog = await otherSession(t, url);
  const found = await catalog.query('SELECT 1 FROM pg_database WHERE datname = $1', [
    missing.pathname.slice(1),
  ]);
  t.is(found.rowCount, 0, 'no database was created');
});

test("an error of the caller's own code in a transaction reaches it unchanged", async (t) => {
  const { strategy } = await strategyOf(t);
  const mine = Object.assign(new Error('mine'), { code: 'E_MINE' });
  const error = await t.throwsAsync(
    strategy.transaction(async () => {
      await strategy.append([event()]);
      throw mine;
    }),
  );
  t.is(error, mine);
});
