import test, { type ExecutionContext } from 'ava';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import {
  isAnnalsError,
  isConfigurationError,
  isOperationalError,
  isRecordConflictError,
  isValidationError,
  type StoredEvent,
} from '@annals/core';
import type { EntityManager } from '@mikro-orm/sql';
import { convertError } from '../internal/convert-error.js';
import type { MikroOrmStrategy } from '../mikro-orm-strategy.js';
import { sqliteStrategy, type SqliteStrategyOptions } from '../sqlite/index.js';
import { transactionEntityManager } from '../transactions/transaction-entity-manager.js';

const directory = mkdtempSync(join(tmpdir(), 'annals-sqlite-errors-'));
test.after.always(() => rmSync(directory, { recursive: true, force: true }));

const event = (originatorId: string = randomUUID()): StoredEvent => ({
  originatorId,
  originatorVersion: 1,
  topic: 'Probe',
  state: new Uint8Array([1]),
});

/** A strategy on a file of the test's own, closed after the test. */
function strategyOf(
  t: ExecutionContext,
  options: Partial<SqliteStrategyOptions> = {},
): { strategy: MikroOrmStrategy; path: string } {
  const path = join(directory, `${randomUUID()}.sqlite`);
  const strategy = sqliteStrategy({ path, ...options });
  t.teardown(() => strategy.close());
  return { strategy, path };
}

/** Asserts that `error` is the Annals error `guard` accepts, caused by an SQLite error with `errcode`. */
function assertConverted(
  t: ExecutionContext,
  error: unknown,
  guard: (error: unknown) => boolean,
  errcode: number,
): void {
  t.true(isAnnalsError(error) && guard(error), String(error));
  const cause = (error as { cause?: { errcode?: unknown } } | undefined)?.cause;
  t.is(cause?.errcode, errcode, `the cause is SQLite's error ${errcode}`);
}

test('a unique violation (SQLITE_CONSTRAINT_UNIQUE) is a RecordConflictError', async (t) => {
  const { strategy } = strategyOf(t);
  const id = randomUUID();
  await strategy.append([event(id)]);
  assertConverted(t, await t.throwsAsync(strategy.append([event(id)])), isRecordConflictError, 2067);
});

test('a file another connection holds locked past busyTimeout (SQLITE_BUSY) is an OperationalError', async (t) => {
  const { strategy, path } = strategyOf(t, { busyTimeout: 50 });
  await strategy.append([event()]);
  const other = new DatabaseSync(path);
  t.teardown(() => other.close());
  other.exec('BEGIN IMMEDIATE');
  const error = await t.throwsAsync(strategy.append([event()]));
  other.exec('ROLLBACK');
  assertConverted(t, error, isOperationalError, 5);
  t.regex(String(error), /is busy/);
});

test('a table locked by a read of the same connection (SQLITE_LOCKED) is an OperationalError', (t) => {
  const db = new DatabaseSync(':memory:');
  t.teardown(() => db.close());
  db.exec('CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1), (2)');
  const reading = db.prepare('SELECT n FROM t').iterate();
  reading.next();
  const locked = t.throws(() => db.exec('DROP TABLE t'));
  reading.return?.();
  assertConverted(t, convertError(locked, 'SQLite database :memory:'), isOperationalError, 6);
});

test('a value a constraint refuses (SQLITE_CONSTRAINT_NOTNULL) is a ValidationError', async (t) => {
  const { strategy } = strategyOf(t);
  await strategy.append([event()]);
  const error = await t.throwsAsync(
    strategy.transaction(() =>
      transactionEntityManager<EntityManager>(strategy).execute(
        `INSERT INTO annals_events (originator_id, originator_version, topic, state) VALUES (?, 1, NULL, x'00')`,
        [randomUUID()],
      ),
    ),
  );
  assertConverted(t, error, isValidationError, 1299);
});

test('a file without the tables is a ConfigurationError naming the migrate setting', async (t) => {
  const { strategy } = strategyOf(t, { migrate: false });
  const error = await t.throwsAsync(strategy.append([event()]));
  assertConverted(t, error, isConfigurationError, 1);
  t.is((error as { setting?: unknown } | undefined)?.setting, 'migrate');
});

test("an error of the caller's own code in a transaction reaches it unchanged", async (t) => {
  const { strategy } = strategyOf(t);
  const mine = Object.assign(new Error('mine'), { errcode: 'mine' });
  const error = await t.throwsAsync(
    strategy.transaction(async () => {
      await strategy.append([event()]);
      throw mine;
    }),
  );
  t.is(error, mine);
});
