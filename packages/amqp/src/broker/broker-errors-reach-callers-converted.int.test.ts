import { randomUUID } from 'node:crypto';
import test, { type ExecutionContext } from 'ava';
import { InMemoryStrategy, isAnnalsError, isOperationalError } from '@annals/core';
import { connect } from 'amqplib';
import { Consumer } from '../consumer/index.js';
import { OutboxRelay } from '../relay/index.js';
import { deleteTopology, testBrokerUrl, uniqueName } from '../testing/index.js';

/** The errors behind `error`, following `cause`. */
function causesOf(error: unknown): unknown[] {
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  return cause === undefined ? [] : [cause, ...causesOf(cause)];
}

/** Asserts that `error` is an OperationalError naming the broker, caused by amqplib's or the socket's error. */
function assertConverted(t: ExecutionContext, error: unknown, matches: (cause: unknown) => boolean): void {
  t.true(isAnnalsError(error) && isOperationalError(error), String(error));
  t.regex((error as Error | undefined)?.message ?? '', /RabbitMQ at amqp:\/\/guest:\*\*\*@127\.0\.0\.1/);
  t.true(
    causesOf(error).some((cause) => !isAnnalsError(cause) && matches(cause)),
    `the cause of ${String(error)} is the original`,
  );
}

const withCode = (code: unknown) => (cause: unknown) => (cause as { code?: unknown }).code === code;

/** A consumer of a fresh name on the test broker, closed after the test. */
function consumerOf(t: ExecutionContext, exchange: string, url = testBrokerUrl): Consumer {
  const consumer = new Consumer({ name: uniqueName('errors'), url, exchange }).otherwise(
    async () => undefined,
  );
  t.teardown(async () => {
    await consumer.close();
    await deleteTopology(consumer.topology()).catch(() => undefined);
  });
  return consumer;
}

test('a refused connection (ECONNREFUSED) is an OperationalError from relays and consumers', async (t) => {
  const url = 'amqp://guest:guest@127.0.0.1:1';
  const relay = new OutboxRelay({ strategy: new InMemoryStrategy(), url });
  t.teardown(() => relay.stop());
  assertConverted(t, await t.throwsAsync(relay.start()), withCode('ECONNREFUSED'));
  const consumer = consumerOf(t, uniqueName('errors'), url);
  assertConverted(t, await t.throwsAsync(consumer.drain()), withCode('ECONNREFUSED'));
  assertConverted(t, await t.throwsAsync(consumer.setup()), withCode('ECONNREFUSED'));
});

test('a channel the broker closes on a refused declare (406) is an OperationalError', async (t) => {
  const exchange = uniqueName('errors');
  const model = await connect(testBrokerUrl);
  t.teardown(() => model.close());
  const channel = await model.createChannel();
  // The consumer declares a topic exchange of this name: a fanout one makes the broker close its channel.
  await channel.assertExchange(exchange, 'fanout', { durable: false, autoDelete: false });
  t.teardown(() => channel.deleteExchange(exchange));
  const consumer = new Consumer({
    name: uniqueName('errors'),
    url: testBrokerUrl,
    exchange,
    setup: true,
  }).otherwise(async () => undefined);
  t.teardown(() => consumer.close());
  assertConverted(t, await t.throwsAsync(consumer.setup()), withCode(406));
  const relay = new OutboxRelay({
    strategy: new InMemoryStrategy(),
    url: testBrokerUrl,
    topology: { exchanges: [{ name: exchange, type: 'topic' }], queues: [], bindings: [] },
    setup: true,
  });
  t.teardown(() => relay.stop());
  assertConverted(t, await t.throwsAsync(relay.start()), withCode(406));
});

test('a queue the broker does not have (404) is an OperationalError when asked for its backlog', async (t) => {
  const consumer = consumerOf(t, uniqueName('errors'));
  assertConverted(t, await t.throwsAsync(consumer.backlog()), withCode(404));
  assertConverted(t, await t.throwsAsync(consumer.parkedMessages()), withCode(404));
});

test('messages the broker refuses (nack) make a flush fail with an OperationalError, leaving them pending', async (t) => {
  const exchange = uniqueName('errors');
  const queue = uniqueName('errors-full');
  const model = await connect(testBrokerUrl);
  t.teardown(() => model.close());
  const channel = await model.createChannel();
  // A queue that holds nothing and refuses publishes once full: the broker nacks every message routed to it.
  await channel.assertExchange(exchange, 'topic', { durable: false });
  await channel.assertQueue(queue, {
    durable: false,
    arguments: { 'x-max-length': 0, 'x-overflow': 'reject-publish' },
  });
  await channel.bindQueue(queue, exchange, '#');
  t.teardown(async () => {
    await channel.deleteQueue(queue);
    await channel.deleteExchange(exchange);
  });
  const strategy = new InMemoryStrategy();
  await strategy.append([], {
    outbox: [
      {
        id: randomUUID(),
        orderingKey: 'k',
        exchange,
        routingKey: 'Refused.Message',
        contentType: 'text/plain',
        body: new TextEncoder().encode('refused'),
      },
    ],
  });
  const relay = new OutboxRelay({ strategy, url: testBrokerUrl, backoff: { initial: 10, max: 20 } });
  t.teardown(() => relay.stop());
  const error = await t.throwsAsync(relay.flush({ timeout: 100 }));
  assertConverted(t, error, (cause) => /nack/i.test(String(cause)));
  t.is((await strategy.outboxBacklog()).pending, 1);
});
