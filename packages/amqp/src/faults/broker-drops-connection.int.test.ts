import test from 'ava';
import { setTimeout as sleep } from 'node:timers/promises';
import { postgresqlStrategy } from '@annals/mikro-orm/postgresql';
import { createPostgresqlDatabase } from '@annals/mikro-orm/testing';
import { Account, Accounts } from '../fixtures/accounts.js';
import { pendingOutbox } from '../fixtures/pending-outbox.js';
import { Messaging } from '../messaging/index.js';
import {
  closeBrokerConnections,
  deleteTopology,
  tapExchange,
  testBrokerUrl,
  uniqueName,
} from '../testing/index.js';

test('the broker closes the relay connection mid-stream: the relay reconnects and nothing is lost', async (t) => {
  const database = await createPostgresqlDatabase('annals_drop');
  t.teardown(() => database.drop());
  const exchange = uniqueName('drop-test');
  const connectionName = uniqueName('relay-under-test');
  const app = new Accounts({ strategy: postgresqlStrategy({ url: database.url }), env: {} });
  const messaging = new Messaging(app, {
    url: testBrokerUrl,
    exchange,
    publishes: ['Account.*'],
    setup: true,
    relay: { connectionName, sweepInterval: 100, batchSize: 20, backoff: { initial: 50, max: 500 } },
  });
  t.teardown(async () => {
    await messaging.close();
    await app.close();
    await deleteTopology(messaging.topology());
  });
  await using tap = await tapExchange(exchange);
  await messaging.start();

  const committed: string[] = [];
  /** Ids of events whose save began after the broker closed the relay's connection. */
  const afterCut = new Set<string>();
  let cut = false;
  let writing = true;
  const writer = (async () => {
    while (writing) {
      const late = cut;
      const account = Account.open('ada');
      account.deposit(1);
      await app.save(account);
      committed.push(`${account.id}:1`, `${account.id}:2`);
      if (late) afterCut.add(`${account.id}:1`).add(`${account.id}:2`);
      await sleep(5);
    }
  })();
  await tap.waitFor(20);
  const closed = await closeBrokerConnections(connectionName);
  const publishedBeforeClose = tap.messages.length;
  cut = true;
  // Writes go on until the relay, reconnected, has published an event saved after the cut.
  const deadline = Date.now() + 15_000;
  while (!tap.messages.some((message) => afterCut.has(String(message.properties.messageId)))) {
    if (Date.now() > deadline) throw new Error('the relay published nothing saved after the cut');
    await sleep(20);
  }
  writing = false;
  await writer;

  // A flush may send a row a dispatch still holds once more; the assertions allow for copies.
  await messaging.flush();
  await messaging.relay?.stop();
  const published = (await tap.caughtUp()).map((message) => String(message.properties.messageId));
  t.is(closed, 1, 'the broker closed the relay connection');
  t.true(published.length > publishedBeforeClose, 'the relay went on after reconnecting');
  t.deepEqual([...new Set(published)].sort(), [...committed].sort(), 'every committed event, and only those');
  t.log(
    `committed ${committed.length}, published ${published.length} (${published.length - new Set(published).size} again after the cut)`,
  );
  t.is(await pendingOutbox(app.strategy), 0);
});
