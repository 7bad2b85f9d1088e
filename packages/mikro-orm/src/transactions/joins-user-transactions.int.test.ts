import test, { type ExecutionContext } from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Aggregate, Application, DomainEvent } from '@annals/core';
import { defineEntity, p, RequestContext } from '@mikro-orm/core';
import { MikroORM as PostgresqlOrm } from '@mikro-orm/postgresql';
import { MikroORM as SqlOrm, NodeSqliteDialect, SqliteDriver } from '@mikro-orm/sql';
import { MikroOrmStrategy } from '../mikro-orm-strategy.js';
import { postgresqlStrategy } from '../postgresql/index.js';
import { annalsEntities, annalsTableNames } from '../schema/entities.js';
import { createPostgresqlDatabase } from '../testing/index.js';

class Credited extends DomainEvent<{ cents: number }> {
  static override readonly topic = 'Wallet.Credited';
}

class Wallet extends Aggregate {
  static override readonly topic = 'Wallet';
  static override readonly events = [Credited];
  cents = 0;
  credit(cents: number): void {
    this.trigger(Credited, { cents });
  }
  protected override apply(event: DomainEvent): void {
    if (event instanceof Credited) this.cents += event.payload.cents;
  }
}

class Wallets extends Application {
  static override readonly aggregates = [Wallet];
}

/** The read model a user keeps next to the events. */
const Balance = defineEntity({
  name: 'Balance',
  tableName: 'balances',
  properties: { walletId: p.uuid().primary(), cents: p.integer() },
});

type Orm = PostgresqlOrm | SqlOrm;

async function scenario(t: ExecutionContext, orm: Orm): Promise<void> {
  await orm.schema.create();
  const strategy = new MikroOrmStrategy({ orm });
  await strategy.migrate();
  const app = new Wallets({ strategy });
  t.teardown(() => app.close());

  const committed = new Wallet();
  committed.credit(100);
  await orm.em.transactional(async (em) => {
    await app.save(committed);
    em.create(Balance, { walletId: committed.id, cents: committed.cents });
  });
  t.is((await app.get(Wallet, committed.id)).cents, 100, 'the events committed');
  t.is(
    (await orm.em.fork().findOne(Balance, { walletId: committed.id }))?.cents,
    100,
    'the read model committed',
  );

  const rolledBack = new Wallet();
  rolledBack.credit(5);
  await t.throwsAsync(
    orm.em.transactional(async (em) => {
      await app.save(rolledBack);
      em.create(Balance, { walletId: rolledBack.id, cents: 5 });
      await em.flush();
      throw new Error('the handler failed after saving');
    }),
    { message: 'the handler failed after saving' },
  );
  t.deepEqual(await strategy.selectEvents(rolledBack.id), [], 'the events rolled back');
  t.is(await orm.em.fork().findOne(Balance, { walletId: rolledBack.id }), null, 'the read model rolled back');

  const inRequest = new Wallet();
  inRequest.credit(7);
  await RequestContext.create(orm.em, async () => {
    await orm.em.begin();
    await app.save(inRequest);
    orm.em.create(Balance, { walletId: inRequest.id, cents: 7 });
    await orm.em.rollback();
  });
  t.deepEqual(await strategy.selectEvents(inRequest.id), [], 'a request context transaction is joined too');

  await app.close();
  t.true(await orm.isConnected(), "closing the strategy leaves the user's ORM open");
}

test('PostgreSQL: events and the user’s entities commit and roll back together', async (t) => {
  const database = await createPostgresqlDatabase();
  t.teardown(() => database.drop());
  const orm = await PostgresqlOrm.init({
    clientUrl: database.url,
    entities: [Balance, ...annalsEntities()],
    schemaGenerator: { skipTables: annalsTableNames() },
  });
  t.teardown(() => orm.close());
  await scenario(t, orm);
});

test('SQLite: events and the user’s entities commit and roll back together', async (t) => {
  const directory = mkdtempSync(join(tmpdir(), 'annals-sqlite-tx-'));
  t.teardown(() => rmSync(directory, { recursive: true, force: true }));
  const path = join(directory, 'wallets.sqlite');
  const orm = await SqlOrm.init({
    driver: SqliteDriver,
    dbName: path,
    driverOptions: new NodeSqliteDialect(path),
    entities: [Balance, ...annalsEntities()],
    schemaGenerator: { skipTables: annalsTableNames() },
  });
  t.teardown(() => orm.close());
  await scenario(t, orm);
});

test('a save inside another ORM’s transaction is not written through that ORM', async (t) => {
  const [ours, theirs] = await Promise.all([createPostgresqlDatabase(), createPostgresqlDatabase()]);
  t.teardown(() => Promise.all([ours.drop(), theirs.drop()]));
  const strategy = postgresqlStrategy({ url: ours.url });
  await using app = new Wallets({ strategy });
  const otherOrm = await PostgresqlOrm.init({
    clientUrl: theirs.url,
    discovery: { warnWhenNoEntities: false },
  });
  t.teardown(() => otherOrm.close());
  const wallet = new Wallet();
  wallet.credit(1);
  await t.throwsAsync(
    otherOrm.em.transactional(async () => {
      await app.save(wallet);
      throw new Error('their transaction rolls back');
    }),
  );
  t.is(
    (await strategy.selectEvents(wallet.id)).length,
    1,
    'the events went to our database, in our transaction',
  );
});
