import test, { type ExecutionContext } from 'ava';
import { setTimeout as sleep } from 'node:timers/promises';
import { postgresqlStrategy } from '@annals/mikro-orm/postgresql';
import { createPostgresqlDatabase, type TemporaryDatabase } from '@annals/mikro-orm/testing';
import { connect } from 'amqplib';
import { Account, Accounts } from '../fixtures/accounts.js';
import { Ledger, Receipt } from '../fixtures/ledger.js';
import { Messaging } from '../messaging/index.js';
import { deleteTopology, testBrokerUrl, uniqueName } from '../testing/index.js';
import type { Consumer } from './consumer.js';
import type { InboundMessage } from './inbound-message.js';

let database: TemporaryDatabase;
test.before(async () => {
  database = await createPostgresqlDatabase('annals_consumer');
});
test.after.always(() => database.drop());

interface World {
  readonly bank: Accounts;
  readonly ledger: Ledger;
  readonly producer: Messaging;
  readonly worker: Messaging;
  /** Saves `count` accounts with one deposit each and publishes them. @returns their ids */
  publish(count: number): Promise<string[]>;
}

/** A producing bank and a consuming ledger on their own exchange and tables, torn down after the test. */
async function world(
  t: ExecutionContext,
  consumerOptions: Parameters<Messaging['consumer']>[1] = {},
): Promise<World & { consumer: Consumer }> {
  const exchange = uniqueName('consumer-test');
  const prefix = `t${uniqueName('').slice(1).replace('-', '')}_`;
  const bank = new Accounts({
    strategy: postgresqlStrategy({ url: database.url, tablePrefix: `${prefix}bank_` }),
    env: {},
  });
  const ledger = new Ledger({
    strategy: postgresqlStrategy({ url: database.url, tablePrefix: `${prefix}ledger_` }),
    env: {},
  });
  const producer = new Messaging(bank, {
    url: testBrokerUrl,
    exchange,
    publishes: ['Account.*'],
    setup: true,
    // Concurrent claims keep only each account's order; the assertions rely on the queue holding the
    // messages in the order of the saves.
    relay: { concurrency: 1 },
  });
  const worker = new Messaging(ledger, { url: testBrokerUrl, exchange, setup: true });
  const consumer = worker.consumer(uniqueName('ledger'), { retryDelays: [50, 100], ...consumerOptions });
  t.teardown(async () => {
    await worker.close();
    await producer.close();
    await deleteTopology(worker.topology());
    await bank.close();
    await ledger.close();
  });
  const publish = async (count: number): Promise<string[]> => {
    const accounts = Array.from({ length: count }, (_, index) => Account.open(`owner ${index}`));
    for (const account of accounts) {
      account.deposit(10);
      await bank.save(account);
    }
    await producer.flush();
    return accounts.map((account) => account.id);
  };
  return { bank, ledger, producer, worker, consumer, publish };
}

test('subscriptions and the default handler see their messages; drain empties the queue', async (t) => {
  const w = await world(t);
  const opened: string[] = [];
  const others: string[] = [];
  w.consumer
    .subscribe('Account.Opened', async (message) => {
      opened.push(message.body.originatorId);
      await w.ledger.save(Receipt.for(message));
    })
    .otherwise(async (message) => {
      others.push(message.topic);
      await w.ledger.save(Receipt.for(message));
    });
  await w.worker.setup();
  t.is(w.worker.consumer(w.consumer.name), w.consumer, 'one consumer per name');
  const ids = await w.publish(3);
  const result = await w.consumer.drain();
  t.deepEqual(result, { handled: 3, duplicates: 0, retried: 0, parked: 0 });
  t.deepEqual(opened, ids);
  t.deepEqual(others, []);
  t.is((await w.ledger.receipts()).length, 3);
  t.is((await w.consumer.backlog()).ready, 0);
});

test('the default handler takes bound messages no subscription matches', async (t) => {
  const w = await world(t, { bindings: ['Account.#'] });
  const seen: string[] = [];
  w.consumer
    .subscribe('Account.Opened', () => undefined)
    .otherwise((message) => {
      seen.push(message.topic);
    });
  await w.consumer.setup();
  await w.publish(2);
  t.like(await w.consumer.drain(), { handled: 4 });
  t.deepEqual(seen, ['Account.Deposited', 'Account.Deposited']);
});

test('a redelivered message is acknowledged without running the handler again', async (t) => {
  const w = await world(t);
  let runs = 0;
  w.consumer.subscribe('Account.*', async (message) => {
    runs++;
    await w.ledger.save(Receipt.for(message));
  });
  await w.consumer.setup();
  const [id] = await w.publish(1);
  const model = await connect(testBrokerUrl);
  // The broker confirms once the copy is in the queue, so the drain below finds it.
  const channel = await model.createConfirmChannel();
  channel.publish(w.producer.exchange, 'Account.Opened', Buffer.from('{"payload":{}}'), {
    messageId: `${id}:1`,
  });
  await channel.waitForConfirms();
  await channel.close();
  await model.close();
  const result = await w.consumer.drain();
  t.is(result.handled, 2, 'opened and deposited');
  t.is(result.duplicates, 1);
  t.is(runs, 2);
  t.deepEqual(await w.ledger.receipts(), [`${id}:1`, `${id}:2`]);
});

test('a throwing handler rolls back its effects and is retried after the back-off', async (t) => {
  const w = await world(t);
  const attempts: number[] = [];
  w.consumer.subscribe('Account.Opened', async (message: InboundMessage) => {
    attempts.push(message.attempt);
    await w.ledger.save(Receipt.for(message));
    if (message.attempt < 3) throw new Error(`attempt ${message.attempt} fails`);
  });
  await w.consumer.setup();
  const [id] = await w.publish(1);
  const started = Date.now();
  const result = await w.consumer.drain({ waitForRetries: true });
  t.deepEqual(attempts, [1, 2, 3]);
  t.true(Date.now() - started >= 150, 'waited 50 ms, then 100 ms');
  t.deepEqual(result, { handled: 1, duplicates: 0, retried: 2, parked: 0 });
  t.deepEqual(await w.ledger.receipts(), [`${id}:1`], 'the failed attempts left nothing behind');
});

test('after the last attempt a message is parked; parked messages can be listed and replayed', async (t) => {
  const w = await world(t);
  let broken = true;
  w.consumer.subscribe('Account.Opened', async (message) => {
    if (broken) throw new Error('the ledger is closed');
    await w.ledger.save(Receipt.for(message));
  });
  await w.consumer.setup();
  const [id] = await w.publish(1);
  t.like(await w.consumer.drain({ waitForRetries: true }), { retried: 2, parked: 1 });
  const parked = await w.consumer.parkedMessages();
  t.is(parked.length, 1);
  t.like(parked[0], { id: `${id}:1`, topic: 'Account.Opened', attempts: 3 });
  t.regex(parked[0]?.error ?? '', /the ledger is closed/);
  t.is((await w.consumer.parkedMessages()).length, 1, 'listing leaves them parked');
  t.is((await w.consumer.backlog()).parked, 1);
  broken = false;
  t.is(await w.consumer.replayParked([`${id}:1`]), 1);
  t.like(await w.consumer.drain(), { handled: 1 });
  t.deepEqual(await w.ledger.receipts(), [`${id}:1`]);
  t.is((await w.consumer.backlog()).parked, 0);
});

test('consume() runs until stopped, and stopping finishes the message in hand', async (t) => {
  const w = await world(t, { prefetch: 5 });
  const finished: string[] = [];
  let holding: () => void = () => undefined;
  const inHand = new Promise<void>((resolve) => {
    holding = resolve;
  });
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  w.consumer.subscribe('Account.Opened', async (message) => {
    holding();
    await released;
    await w.ledger.save(Receipt.for(message));
    finished.push(message.id);
  });
  await w.consumer.setup();
  await w.publish(4);
  const consuming = w.consumer.consume();
  await inHand;
  // The message stays in hand until the stop has begun.
  const stopping = w.consumer.stop();
  release();
  await stopping;
  await consuming;
  t.is(finished.length, 1, 'the message in hand was finished, the buffered ones were not started');
  t.is((await w.ledger.receipts()).length, 1);
  t.is((await w.consumer.backlog()).ready, 3, 'the others went back to the queue');
});

test('consume() processes waiting messages as a batch; a failing one is retried alone, the others commit once', async (t) => {
  const w = await world(t, { prefetch: 50 });
  const runs = new Map<string, number[]>();
  let failing = '';
  w.consumer.subscribe('Account.*', async (message) => {
    runs.set(message.id, [...(runs.get(message.id) ?? []), message.attempt]);
    // The others gather behind the first message: it waits until the broker has handed every one over.
    if (runs.size === 1) while ((await w.consumer.backlog()).ready > 0) await sleep(10);
    await w.ledger.save(Receipt.for(message));
    if (message.id === failing && message.attempt === 1) throw new Error('not this time');
  });
  await w.consumer.setup();
  const ids = await w.publish(10);
  failing = `${ids[4]}:2`;
  const model = await connect(testBrokerUrl);
  const channel = await model.createChannel();
  channel.publish(w.producer.exchange, 'Account.Opened', Buffer.from('{"payload":{}}'), {
    messageId: `${ids[0]}:1`,
  });
  await channel.close();
  await model.close();
  const consuming = w.consumer.consume();
  // Until every effect is in, however slow the machine: ava's timeout ends a consumer that never gets there.
  while ((await w.ledger.receipts()).length < 20) await sleep(25);
  await w.consumer.stop();
  await consuming;
  const receipts = await w.ledger.receipts();
  t.deepEqual([...receipts].sort(), ids.flatMap((id) => [`${id}:1`, `${id}:2`]).sort(), 'each effect once');
  t.deepEqual(runs.get(failing), [1, 2], 'the failing message ran once per attempt');
  t.deepEqual(
    [...runs.keys()],
    ids.flatMap((id) => [`${id}:1`, `${id}:2`]),
    'they were handled first in the order of the saves',
  );
  // Which messages share the failing one's batch depends on how many arrived before the first batch began;
  // the one just before it in the queue always does.
  t.deepEqual(runs.get(`${ids[4]}:1`), [1, 1], 'its batch rolled back; the messages before it ran again');
  t.deepEqual(runs.get(`${ids[9]}:2`), [1], 'the messages after it ran once');
  t.deepEqual(runs.get(`${ids[0]}:1`), [1], 'the redelivery was acknowledged without running the handler');
  t.is(receipts.indexOf(failing), 19, 'the retried message committed last');
  t.deepEqual(await w.consumer.backlog(), {
    consumer: w.consumer.name,
    ready: 0,
    consumers: 0,
    retrying: 0,
    parked: 0,
  });
});

test('a consumer whose queues are missing fails naming them', async (t) => {
  const w = await world(t, { setup: false });
  w.consumer.subscribe('Account.*', () => undefined);
  const error = await t.throwsAsync(w.consumer.drain());
  t.is((error as { code?: string }).code, 'ANNALS_TOPOLOGY_MISSING');
  t.regex(error.message, new RegExp(`queue "${w.consumer.name}"`));
  t.regex(error.message, new RegExp(`queue "${w.consumer.name}.parked"`));
});
