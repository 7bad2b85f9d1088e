import test, { type ExecutionContext } from 'ava';
import { hasOutboxDispatch } from '@annals/core';
import { postgresqlStrategy } from '@annals/mikro-orm/postgresql';
import { createPostgresqlDatabase, type TemporaryDatabase } from '@annals/mikro-orm/testing';
import type { ConsumeMessage } from 'amqplib';
import { Account, Accounts } from '../fixtures/accounts.js';
import { pendingOutbox } from '../fixtures/pending-outbox.js';
import { Header, type EventMessage } from '../messages/index.js';
import { Messaging, type MessagingOptions } from '../messaging/index.js';
import { OutboxPolicy } from '../outbox/index.js';
import { deleteTopology, tapExchange, testBrokerUrl, uniqueName } from '../testing/index.js';
import { OutboxRelay } from './outbox-relay.js';

let database: TemporaryDatabase;
const exchange = uniqueName('relay-test');

test.before(async () => {
  database = await createPostgresqlDatabase('annals_relay');
});
test.after.always(async () => {
  await database.drop();
  await deleteTopology({ exchanges: [{ name: exchange, type: 'topic' }], queues: [], bindings: [] });
});

/** The versions of one aggregate's event messages, in the order they arrived. */
function versionsOf(messages: readonly ConsumeMessage[], aggregateId: string): number[] {
  return messages
    .filter((message) => message.properties.headers?.[Header.orderingKey] === aggregateId)
    .map((message) => (JSON.parse(message.content.toString()) as EventMessage).originatorVersion);
}

/** An application on the test database publishing `Account.*` to the test exchange, closed after the test. */
function publishingAccounts(
  t: ExecutionContext,
  options: Partial<MessagingOptions> = {},
): { app: Accounts; messaging: Messaging } {
  const app = new Accounts({ strategy: postgresqlStrategy({ url: database.url }), env: {} });
  const messaging = new Messaging(app, {
    url: testBrokerUrl,
    exchange,
    publishes: ['Account.*'],
    ...options,
  });
  t.teardown(async () => {
    await messaging.close();
    await app.close();
  });
  return { app, messaging };
}

test.serial(
  'committed events are published once, with id, routing key, headers and position, then removed',
  async (t) => {
    const { app, messaging } = publishingAccounts(t, { service: 'bank', setup: true });
    await using tap = await tapExchange(exchange);
    await messaging.start();
    const account = Account.open('ada');
    account.deposit(7);
    account.note('kept to ourselves');
    const recordings = await app.save(account);
    await tap.waitFor(2);
    await messaging.relay?.stop();
    const [opened, deposited] = await tap.caughtUp();
    t.is(tap.messages.length, 2, 'the unpublished topic stayed home, nothing was sent twice');
    t.is(opened?.properties.messageId, `${account.id}:1`);
    t.is(opened?.fields.routingKey, 'Account.Opened.bank');
    t.is(deposited?.fields.routingKey, 'Account.Deposited.bank');
    t.is(deposited?.properties.contentType, 'application/json');
    t.is(deposited?.properties.deliveryMode, 2);
    t.is(deposited?.properties.appId, 'bank');
    t.deepEqual(deposited?.properties.headers, {
      [Header.topic]: 'Account.Deposited',
      [Header.orderingKey]: account.id,
      [Header.position]: recordings[1]?.position,
      [Header.schemaVersion]: '2',
      [Header.timestamp]: recordings[1]?.event.timestamp.toISOString(),
    });
    t.like(JSON.parse(deposited?.content.toString() ?? '{}'), {
      originatorVersion: 2,
      payload: { amount: 7 },
    });
    t.is(await pendingOutbox(app.strategy), 0);
  },
);

test.serial('three relays publish every row exactly once and keep each aggregate in order', async (t) => {
  const writer = new Accounts({ strategy: postgresqlStrategy({ url: database.url }), env: {} });
  new OutboxPolicy({ exchange, publishes: ['Account.*'] }).attach(writer);
  t.teardown(() => writer.close());
  const accounts = Array.from({ length: 30 }, (_, index) => Account.open(`owner ${index}`));
  for (let round = 0; round < 9; round++) {
    for (const account of accounts) account.deposit(round + 1);
    await Promise.all(accounts.map((account) => writer.save(account)));
  }
  const total = accounts.length * 10;
  await using tap = await tapExchange(exchange);
  const relays = Array.from({ length: 3 }, () => {
    const strategy = postgresqlStrategy({ url: database.url });
    const relay = new OutboxRelay({ strategy, url: testBrokerUrl, batchSize: 16, concurrency: 2 });
    t.teardown(async () => {
      await relay.stop();
      await strategy.close();
    });
    return relay;
  });
  const published = await Promise.all(relays.map((relay) => relay.flush()));
  t.is(
    published.reduce((sum, count) => sum + count, 0),
    total,
  );
  // How the rows are shared depends on scheduling (the contract suite pins down the skip-locked claims).
  t.log(`shares of the relays: ${published.join(', ')}`);
  // Every flush has returned: what the broker confirmed is all there will be.
  const messages = await tap.caughtUp();
  const ids = messages.map((message) => String(message.properties.messageId));
  t.is(new Set(ids).size, total, 'no row was sent twice');
  t.is(ids.length, total);
  for (const account of accounts) {
    t.deepEqual(versionsOf(messages, account.id), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], `order of ${account.id}`);
  }
});

test.serial(
  'a flush whose claims hold back rows of one another returns only once nothing is pending',
  async (t) => {
    const writer = new Accounts({ strategy: postgresqlStrategy({ url: database.url }), env: {} });
    new OutboxPolicy({ exchange, publishes: ['Account.*'] }).attach(writer);
    t.teardown(() => writer.close());
    const strategy = postgresqlStrategy({ url: database.url });
    const relay = new OutboxRelay({ strategy, url: testBrokerUrl, concurrency: 2 });
    t.teardown(async () => {
      await relay.stop();
      await strategy.close();
    });
    await using tap = await tapExchange(exchange);
    // Long runs of rows of one key: a claim takes the start of a run, and the other finds the rest held back.
    const accounts = Array.from({ length: 20 }, (_, index) => Account.open(`owner ${index}`));
    let total = 0;
    for (let flush = 1; flush <= 8; flush++) {
      for (const account of accounts) {
        for (let deposit = 1; deposit <= 100; deposit++) account.deposit(deposit);
      }
      await Promise.all(accounts.map((account) => writer.save(account)));
      const pending = await pendingOutbox(strategy);
      total += await relay.flush();
      t.is(await pendingOutbox(strategy), 0, `flush ${flush} of ${pending} rows left none pending`);
    }
    t.is(total, accounts.length * 801);
    t.is((await tap.caughtUp()).length, total, 'nothing was sent twice');
  },
);

test.serial(
  'saves go out straight after their commit; a save behind a row still in flight follows it, in order',
  async (t) => {
    // No sweep: every row goes out through the dispatch on commit or a claim the relay itself started.
    const { app, messaging } = publishingAccounts(t, { relay: { sweepInterval: 0 } });
    t.true(hasOutboxDispatch(app.strategy));
    await using tap = await tapExchange(exchange);
    await messaging.start();
    const accounts = Array.from({ length: 20 }, (_, index) => Account.open(`owner ${index}`));
    await Promise.all(
      accounts.map(async (account) => {
        await app.save(account);
        for (let amount = 1; amount <= 5; amount++) {
          account.deposit(amount);
          await app.save(account); // often while the row before is still being confirmed
        }
      }),
    );
    const total = accounts.length * 6;
    await tap.waitFor(total);
    await messaging.relay?.stop();
    const messages = await tap.caughtUp();
    t.is(messages.length, total, 'nothing was sent twice');
    for (const account of accounts) {
      t.deepEqual(versionsOf(messages, account.id), [1, 2, 3, 4, 5, 6], `order of ${account.id}`);
    }
    t.is(await pendingOutbox(app.strategy), 0, 'every dispatched row was settled');
  },
);

test.serial('a save in a consumer’s handler goes out straight after the consumer’s commit', async (t) => {
  // No sweep: only the dispatch after the handler's transaction commits can publish the follow-up.
  const { app, messaging } = publishingAccounts(t, { setup: true, relay: { sweepInterval: 0 } });
  const followUps = messaging
    .consumer(uniqueName('follow-up'))
    .subscribe('Account.Opened', async (message) => {
      const { owner } = message.body.payload as { owner: string };
      if (!owner.endsWith(' (copy)')) await app.save(Account.open(`${owner} (copy)`));
    });
  await using tap = await tapExchange(exchange);
  await messaging.setup();
  t.teardown(() => deleteTopology(followUps.topology()));
  await messaging.start();
  const consuming = followUps.consume();
  await app.save(Account.open('grace'));
  const [, copy] = await tap.waitFor(2, 5000);
  t.like(JSON.parse(copy?.content.toString() ?? '{}'), { payload: { owner: 'grace (copy)' } });
  await followUps.stop();
  await consuming;
});

test.serial('a relay fails to start naming the missing exchange, and declares it with setup', async (t) => {
  const app = new Accounts({ strategy: postgresqlStrategy({ url: database.url }), env: {} });
  t.teardown(() => app.close());
  const missing = uniqueName('missing-exchange');
  const checking = new Messaging(app, { url: testBrokerUrl, exchange: missing, publishes: ['Account.*'] });
  const error = await t.throwsAsync(checking.start());
  t.is((error as { code?: string }).code, 'ANNALS_TOPOLOGY_MISSING');
  t.regex(error.message, new RegExp(`exchange "${missing}"`));
  await checking.close();
  const declaring = new Messaging(app, {
    url: testBrokerUrl,
    exchange: missing,
    publishes: ['Account.*'],
    setup: true,
  });
  t.teardown(() => deleteTopology(declaring.topology()));
  await declaring.start();
  await declaring.close();
});
