import test, { type ExecutionContext } from 'ava';
import { cassandraStrategy, type CassandraStrategy } from '@annals/cassandra';
import { dropKeyspace, newKeyspaceName, testContactPoints } from '@annals/cassandra/testing';
import { Account, Accounts } from '../fixtures/accounts.js';
import { Header, type EventMessage } from '../messages/index.js';
import { Messaging } from '../messaging/index.js';
import { deleteTopology, tapExchange, testBrokerUrl, uniqueName } from '../testing/index.js';

const keyspace = newKeyspaceName();
const exchange = uniqueName('cassandra-relay-test');
const SAVES = 40;

test.after.always(async () => {
  await dropKeyspace(keyspace);
  await deleteTopology({ exchanges: [{ name: exchange, type: 'topic' }], queues: [], bindings: [] });
});

/** An application of its own on the shared keyspace, with a relay of its own, closed after the test. */
function relayingAccounts(t: ExecutionContext): {
  app: Accounts;
  messaging: Messaging;
  strategy: CassandraStrategy;
} {
  const strategy = cassandraStrategy({ contactPoints: testContactPoints, keyspace, migrate: true });
  const app = new Accounts({ strategy, env: {} });
  const messaging = new Messaging(app, {
    url: testBrokerUrl,
    exchange,
    publishes: ['Account.*'],
    setup: true,
    relay: { sweepInterval: 50 },
  });
  t.teardown(async () => {
    await messaging.close();
    await app.close();
  });
  return { app, messaging, strategy };
}

test('two relays on one Cassandra keyspace publish every committed event once, in order per aggregate', async (t) => {
  const processes = [relayingAccounts(t), relayingAccounts(t)];
  await using tap = await tapExchange(exchange);
  for (const { messaging } of processes) await messaging.start();

  const accounts: Account[] = [];
  await Promise.all(
    Array.from({ length: SAVES }, async (_, index) => {
      const account = Account.open(`owner ${index}`);
      account.deposit(index);
      accounts.push(account);
      await processes[index % processes.length]?.app.save(account);
    }),
  );
  await tap.waitFor(SAVES * 2, 60_000);
  for (const { messaging } of processes) await messaging.relay?.stop();
  const messages = await tap.caughtUp();

  const ids = messages.map((message) => String(message.properties.messageId));
  t.is(new Set(ids).size, ids.length, 'no message was published twice');
  t.is(ids.length, SAVES * 2);
  for (const account of accounts) {
    const versions = messages
      .filter((message) => message.properties.headers?.[Header.orderingKey] === account.id)
      .map((message) => (JSON.parse(message.content.toString()) as EventMessage).originatorVersion);
    t.deepEqual(versions, [1, 2], `the events of ${account.id} in order`);
  }
  t.like(await processes[0]?.strategy.outboxBacklog(), { pending: 0 }, 'every published row was removed');
});
