import test from 'ava';
import {
  Aggregate,
  Application,
  ApplicationLog,
  DomainEvent,
  Projection,
  ProjectionRunner,
} from '@annals/core';
import { defineEntity, p } from '@mikro-orm/core';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { until } from '../fixtures/until.js';
import { MikroOrmStrategy } from '../mikro-orm-strategy.js';
import { createPostgresqlDatabase } from '../testing/index.js';
import { transactionEntityManager } from '../transactions/transaction-entity-manager.js';

class Opened extends DomainEvent<{ owner: string }> {
  static override readonly topic = 'Wallet.Opened';
}
class Credited extends DomainEvent<{ cents: number }> {
  static override readonly topic = 'Wallet.Credited';
}

class Wallet extends Aggregate {
  static override readonly topic = 'Wallet';
  static override readonly events = [Opened, Credited];
  cents = 0;
  static open(owner: string): Wallet {
    const wallet = new Wallet();
    wallet.trigger(Opened, { owner });
    return wallet;
  }
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

/** The read model: one row per wallet, in the events' database. */
const Balance = defineEntity({
  name: 'Balance',
  tableName: 'balances',
  properties: { walletId: p.uuid().primary(), cents: p.integer(), credits: p.integer() },
});

/** A credit of this amount makes its handler throw, while `poisoned` says so. */
const POISON = 13;

test('a projection writes MikroORM entities exactly once, and a failing batch leaves neither rows nor checkpoint', async (t) => {
  const database = await createPostgresqlDatabase();
  t.teardown(() => database.drop());
  const orm = await MikroORM.init({ clientUrl: database.url, entities: [Balance] });
  await orm.schema.create();
  const strategy = new MikroOrmStrategy({ orm, migrate: true, ownsOrm: true });
  const app = new Wallets({ strategy, env: {} });
  t.teardown(() => app.close());

  let poisoned = true;
  let handled = 0;
  const balances = new Projection<EntityManager>('balances')
    .on(Opened, (event, em) => {
      handled += 1;
      em.create(Balance, { walletId: event.originatorId, cents: 0, credits: 0 });
    })
    .on(Credited, async (event, em) => {
      handled += 1;
      if (poisoned && event.payload.cents === POISON) throw new Error('the handler failed mid-batch');
      const row = await em.findOneOrFail(Balance, event.originatorId);
      row.cents += event.payload.cents;
      row.credits += 1;
    });
  const runner = () =>
    new ProjectionRunner<EntityManager>({
      projection: balances,
      source: new ApplicationLog(app),
      store: strategy,
      context: () => transactionEntityManager<EntityManager>(strategy),
      batchSize: 10,
    });
  const key = { projection: 'balances', generation: 1, partition: 0 };
  const rowOf = (id: string) => orm.em.fork().findOne(Balance, id);

  const wallet = Wallet.open('ada');
  wallet.credit(5);
  const first = await app.save(wallet);
  const failing = runner();
  await failing.start();
  t.teardown(() => failing.stop());
  await failing.waitFor(first.at(-1)?.position);
  const checkpoint = await strategy.checkpoint(key);
  t.like(await rowOf(wallet.id), { cents: 5, credits: 1 });

  wallet.credit(10);
  wallet.credit(POISON);
  const second = await app.save(wallet);
  const before = handled;
  await until('the failing batch ran', () => handled >= before + 2);
  await failing.stop();
  t.like(await rowOf(wallet.id), { cents: 5, credits: 1 }, 'the credit before the failure rolled back');
  t.is(await strategy.checkpoint(key), checkpoint, 'the checkpoint rolled back with it');

  poisoned = false;
  const recovered = runner();
  await recovered.start();
  t.teardown(() => recovered.stop());
  const last = second.at(-1)?.position ?? 0;
  await recovered.waitFor(last);
  t.like(await rowOf(wallet.id), { cents: 5 + 10 + POISON, credits: 3 }, 'each credit once');
  t.is(await strategy.checkpoint(key), last);
});

test('transactionEntityManager outside a transaction says where to call it', async (t) => {
  const database = await createPostgresqlDatabase();
  t.teardown(() => database.drop());
  const orm = await MikroORM.init({ clientUrl: database.url, entities: [Balance] });
  const strategy = new MikroOrmStrategy({ orm, ownsOrm: true });
  t.teardown(() => strategy.close());
  t.throws(
    () => {
      transactionEntityManager(strategy);
    },
    {
      message: /outside a transaction of the postgresql strategy's ORM: call it inside strategy\.transaction/,
    },
  );
  await strategy.transaction(async () => {
    const em = transactionEntityManager<EntityManager>(strategy);
    t.true(em.isInTransaction());
  });
});
