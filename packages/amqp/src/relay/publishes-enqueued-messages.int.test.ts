import test, { type ExecutionContext } from 'ava';
import { Application, InMemoryStrategy } from '@annals/core';
import { Header } from '../messages/headers.js';
import { deleteTopology, tapExchange, testBrokerUrl, uniqueName, type Tap } from '../testing/index.js';
import type { Topology } from '../topology/index.js';
import { OutboxRelay } from './outbox-relay.js';

// The in-memory strategy has no dispatch on commit: the relay claims when the after-commit path tells it of
// a commit. No sweep runs, so nothing else could publish.

interface Publishing {
  readonly strategy: InMemoryStrategy;
  readonly app: Application;
  readonly tap: Tap;
  readonly exchange: string;
}

async function publishing(t: ExecutionContext): Promise<Publishing> {
  const exchange = uniqueName('enqueue-test');
  const topology: Topology = { exchanges: [{ name: exchange, type: 'topic' }], queues: [], bindings: [] };
  const strategy = new InMemoryStrategy();
  const app = new Application({ strategy, env: {} });
  const relay = new OutboxRelay({ strategy, url: testBrokerUrl, topology, setup: true, sweepInterval: 0 });
  await relay.start();
  const tap = await tapExchange(exchange);
  t.teardown(async () => {
    await tap.close();
    await relay.stop();
    await app.close();
    await deleteTopology(topology);
  });
  return { strategy, app, tap, exchange };
}

test('an enqueued message goes to its own exchange, with its routing key, content type, headers and id', async (t) => {
  const { app, tap, exchange } = await publishing(t);
  await app.enqueue({
    id: 'invoice-7',
    exchange,
    routingKey: 'invoice.issued',
    contentType: 'text/plain',
    headers: { 'x-tenant': 'acme' },
    body: Buffer.from('seven'),
  });
  const [message] = await tap.waitFor(1);
  t.is(message?.fields.exchange, exchange);
  t.is(message?.fields.routingKey, 'invoice.issued');
  t.is(message?.properties.messageId, 'invoice-7');
  t.is(message?.properties.contentType, 'text/plain');
  t.is(message?.content.toString(), 'seven');
  t.deepEqual(
    message?.properties.headers,
    { 'x-tenant': 'acme', [Header.orderingKey]: 'invoice-7' },
    'no position: the message announces no event',
  );
});

test('a message enqueued in a rolled-back transaction is never published; its committed successor is', async (t) => {
  const { strategy, app, tap, exchange } = await publishing(t);
  const message = (id: string) => ({
    id,
    orderingKey: 'invoice-7',
    exchange,
    routingKey: 'invoice',
    json: {},
  });
  await t.throwsAsync(
    strategy.transaction(async () => {
      await app.enqueue(message('rolled back'));
      throw new Error('the transaction rolls back');
    }),
  );
  await strategy.transaction(() => app.enqueue(message('committed')));
  // Of one ordering key, a message published before the committed one would have arrived first.
  const [first] = await tap.waitFor(1);
  t.is(first?.properties.messageId, 'committed');
});
