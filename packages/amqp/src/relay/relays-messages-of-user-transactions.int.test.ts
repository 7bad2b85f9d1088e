import test, { type ExecutionContext } from 'ava';
import { Application, hasNotificationLog, type MessageInit } from '@annals/core';
import { pendingOutbox } from '../fixtures/pending-outbox.js';
import {
  Invoice,
  userDatabase,
  type UserDatabase,
  type UserDatabaseKind,
} from '../fixtures/user-database.js';
import { Header } from '../messages/headers.js';
import { Messaging } from '../messaging/index.js';
import { deleteTopology, tapExchange, testBrokerUrl, uniqueName, type Tap } from '../testing/index.js';

// `app.enqueue` puts messages that announce no event in the outbox, in the user's own MikroORM transaction
// when there is one; the real relay publishes them to RabbitMQ.

interface World extends UserDatabase {
  readonly app: Application;
  readonly messaging: Messaging;
  readonly tap: Tap;
  /** An invoice message of one ordering key, for the test's exchange. */
  readonly message: (id: string, orderingKey: string) => MessageInit;
}

async function world(t: ExecutionContext, kind: UserDatabaseKind): Promise<World> {
  const database = await userDatabase(t, kind);
  const exchange = uniqueName('user-tx');
  const app = new Application({ strategy: database.strategy, env: {} });
  const messaging = new Messaging(app, {
    url: testBrokerUrl,
    setup: true,
    relay: { topology: { exchanges: [{ name: exchange, type: 'topic' }], queues: [], bindings: [] } },
  });
  await messaging.start();
  const tap = await tapExchange(exchange);
  t.teardown(async () => {
    await tap.close();
    await messaging.close();
    await app.close();
    await deleteTopology(messaging.topology());
  });
  const message = (id: string, orderingKey: string): MessageInit => ({
    id,
    orderingKey,
    exchange,
    routingKey: 'invoice.issued',
    json: { invoice: id },
  });
  return { ...database, app, messaging, tap, message };
}

const commitsTogether = test.macro({
  title: (_, kind: UserDatabaseKind) =>
    `${kind}: a row of the user’s table and the message about it commit together, with no event saved`,
  exec: async (t, kind: UserDatabaseKind) => {
    const { orm, app, tap, invoices, strategy, message } = await world(t, kind);
    await orm.em.transactional(async (em) => {
      em.create(Invoice, { id: 'invoice-1', total: 70 });
      await app.enqueue(message('invoice-1', 'invoice-1'));
    });
    const [published] = await tap.waitFor(1);
    t.is(published?.properties.messageId, 'invoice-1');
    t.is(published?.fields.routingKey, 'invoice.issued');
    t.is(published?.properties.contentType, 'application/json');
    t.deepEqual(JSON.parse(published?.content.toString() ?? ''), { invoice: 'invoice-1' });
    t.deepEqual(await invoices(), ['invoice-1']);
    t.true(hasNotificationLog(strategy) && (await strategy.maxNotificationPosition()) === 0, 'no event');
  },
});

const rollsBackTogether = test.macro({
  title: (_, kind: UserDatabaseKind) =>
    `${kind}: a rolled-back user transaction leaves neither its row nor its message, and publishes nothing`,
  exec: async (t, kind: UserDatabaseKind) => {
    const { orm, app, messaging, tap, invoices, strategy, message } = await world(t, kind);
    await t.throwsAsync(
      orm.em.transactional(async (em) => {
        em.create(Invoice, { id: 'invoice-2', total: 5 });
        await em.flush();
        await app.enqueue(message('rolled back', 'invoice-2'));
        throw new Error('the user transaction fails');
      }),
      { message: 'the user transaction fails' },
    );
    await app.enqueue(message('committed later', 'invoice-2'));
    // Of one ordering key, the rolled-back message would have been published first, had it been committed.
    const [first] = await tap.waitFor(1);
    t.is(first?.properties.messageId, 'committed later');
    await messaging.relay?.stop();
    t.deepEqual(
      (await tap.caughtUp()).map((published) => String(published.properties.messageId)),
      ['committed later'],
    );
    t.is(await pendingOutbox(strategy), 0, 'no outbox row is left');
    t.deepEqual(await invoices(), []);
  },
});

const keepsOrder = test.macro({
  title: (_, kind: UserDatabaseKind) => `${kind}: messages of one ordering key arrive in the order enqueued`,
  exec: async (t, kind: UserDatabaseKind) => {
    const { orm, app, tap, message } = await world(t, kind);
    const keys = ['invoice-a', 'invoice-b'];
    const count = 20;
    const ids = (key: string) => Array.from({ length: count }, (_, index) => `${key}/${index + 1}`);
    // The keys' messages interleave; of each key, some commit alone and some five to a user transaction.
    await Promise.all(
      keys.map(async (key) => {
        const [alone, grouped] = [ids(key).slice(0, 10), ids(key).slice(10)];
        for (const id of alone) await app.enqueue(message(id, key));
        for (let start = 0; start < grouped.length; start += 5) {
          await orm.em.transactional(async () => {
            for (const id of grouped.slice(start, start + 5)) await app.enqueue(message(id, key));
          });
        }
      }),
    );
    const published = await tap.waitFor(keys.length * count);
    for (const key of keys) {
      t.deepEqual(
        published
          .filter((each) => each.properties.headers?.[Header.orderingKey] === key)
          .map((each) => String(each.properties.messageId)),
        ids(key),
        key,
      );
    }
  },
});

for (const kind of ['PostgreSQL', 'SQLite'] as const) {
  test(commitsTogether, kind);
  test(rollsBackTogether, kind);
  test(keepsOrder, kind);
}
