import test from 'ava';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tablesFor } from '../dialect/tables.js';
import { dialects } from '../fixtures/strategies.js';
import { postgresqlStrategy } from '../postgresql/postgresql-strategy.js';
import { sqliteStrategy } from '../sqlite/sqlite-strategy.js';
import { createPostgresqlDatabase } from '../testing/postgresql-database.js';
import { migrationsFor } from './all-migrations.js';

const directory = mkdtempSync(join(tmpdir(), 'annals-first-use-'));
test.after.always(() => rmSync(directory, { recursive: true, force: true }));

const every = (dialect: 'postgresql' | 'sqlite'): string[] =>
  migrationsFor(dialect, tablesFor(undefined)).map((migration) => migration.id);

const event = { originatorVersion: 1, topic: 'Order.Placed', state: new Uint8Array([1]) };

test('an SQLite strategy closed unused never created its file', async (t) => {
  const path = join(directory, 'unused.sqlite');
  await sqliteStrategy({ path }).close();
  t.false(existsSync(path));
});

test('a PostgreSQL strategy closed unused never migrated its database', async (t) => {
  const database = await createPostgresqlDatabase();
  t.teardown(() => database.drop());
  await postgresqlStrategy({ url: database.url }).close();
  const later = postgresqlStrategy({ url: database.url, migrate: false });
  t.teardown(() => later.close());
  t.deepEqual(await later.migrate(), every('postgresql'));
});

for (const { dialect, storage } of dialects) {
  const name = dialect === 'SQLite' ? 'sqlite' : 'postgresql';

  test(`${dialect}: migrate() on new storage reports every migration it applied; the first operation then applies none`, async (t) => {
    const strategy = await storage(t);
    t.deepEqual(await strategy.migrate(), every(name));
    t.deepEqual(await strategy.append([{ ...event, originatorId: randomUUID() }]), [1]);
    t.deepEqual(await strategy.migrate(), []);
  });

  test(`${dialect}: a caller's transaction on the strategy's ORM before its first operation begins after the migrations`, async (t) => {
    const strategy = await storage(t);
    const positions = await strategy.orm.em.transactional(() =>
      strategy.append([{ ...event, originatorId: randomUUID() }]),
    );
    t.deepEqual(positions, [1]);
  });

  test(`${dialect}: the first operation migrates, so a later migrate() has nothing left to apply`, async (t) => {
    const strategy = await storage(t);
    t.is(await strategy.maxNotificationPosition(), 0);
    t.deepEqual(await strategy.migrate(), []);
  });
}
