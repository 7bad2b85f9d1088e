import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MikroORM as PostgresqlOrm } from '@mikro-orm/postgresql';
import { MikroORM as SqlOrm, NodeSqliteDialect, SqliteDriver } from '@mikro-orm/sql';
import { MikroOrmStrategy } from '../mikro-orm-strategy.js';
import { createPostgresqlDatabase } from '../testing/index.js';
import { annalsEntities, annalsTableNames } from './entities.js';

const prefix = 'shop_';
/** The leases and migrations tables are Annals' own bookkeeping, not entities. */
const config = {
  entities: [...annalsEntities(prefix)],
  schemaGenerator: { skipTables: annalsTableNames(prefix).slice(-2) },
};

/** What MikroORM's schema generator would change to make the migrated tables match the entities. */
async function drift(orm: PostgresqlOrm | SqlOrm): Promise<string> {
  await new MikroOrmStrategy({ orm, tablePrefix: prefix }).migrate();
  return orm.schema.getUpdateSchemaSQL({ wrap: false });
}

test('PostgreSQL: the entities match the migrated tables', async (t) => {
  const database = await createPostgresqlDatabase();
  t.teardown(() => database.drop());
  const orm = await PostgresqlOrm.init({ ...config, clientUrl: database.url });
  t.teardown(() => orm.close());
  t.is(await drift(orm), '');
});

test('SQLite: the entities match the migrated tables', async (t) => {
  const directory = mkdtempSync(join(tmpdir(), 'annals-sqlite-schema-'));
  t.teardown(() => rmSync(directory, { recursive: true, force: true }));
  const path = join(directory, 'shop.sqlite');
  const orm = await SqlOrm.init({
    ...config,
    driver: SqliteDriver,
    dbName: path,
    driverOptions: new NodeSqliteDialect(path),
  });
  t.teardown(() => orm.close());
  t.is(await drift(orm), '');
});
