import { recordTelemetry } from '@annals/test-support';
import { context, trace } from '@opentelemetry/api';
import test from 'ava';
import { Wallet, Wallets } from '../application/fixtures/wallet.js';
import type { DomainEvent } from '../events/index.js';
import { InMemoryStrategy } from '../memory/index.js';
import type { OutboxMessage, PendingOutboxMessage } from '../storage/index.js';

const telemetry = recordTelemetry();

/** Announces every event, as the AMQP outbox policy does. */
const announce = {
  outboxMessages: (events: readonly DomainEvent[]): OutboxMessage[] =>
    events.map((event) => ({
      id: `${event.originatorId}:${event.originatorVersion}`,
      orderingKey: event.originatorId,
      exchange: 'wallets',
      routingKey: event.topic,
      contentType: 'application/json',
      headers: { 'annals-topic': event.topic },
      body: Buffer.from('{}'),
    })),
};

async function pendingMessages(strategy: InMemoryStrategy): Promise<PendingOutboxMessage[]> {
  const claimed: PendingOutboxMessage[] = [];
  await strategy.claimOutbox(100, async (messages) => {
    claimed.push(...messages);
    return [];
  });
  return claimed;
}

test('a save is a span with its aggregates, event count and positions, a child of the caller’s span', async (t) => {
  const app = new Wallets({ strategy: new InMemoryStrategy(), env: {} });
  t.teardown(() => app.close());
  const wallet = Wallet.create('ada');
  wallet.credit(5);
  const request = trace.getTracer('test').startSpan('request');
  await context.with(trace.setSpan(context.active(), request), () => app.save(wallet));
  request.end();

  const save = telemetry
    .spans('annals.save')
    .find((span) => span.spanContext().traceId === request.spanContext().traceId);
  t.truthy(save, 'the save span belongs to the caller’s trace');
  t.is(save?.parentSpanContext?.spanId, request.spanContext().spanId);
  t.like(save?.attributes, {
    'annals.application': 'Wallets',
    'db.system.name': 'memory',
    'db.operation.name': 'append',
    'annals.event.count': 2,
    'annals.position.first': 1,
    'annals.position.last': 2,
  });
  t.deepEqual(save?.attributes['annals.aggregate.ids'], [wallet.id]);
  t.deepEqual(save?.attributes['annals.aggregate.types'], ['Wallet']);
});

test('the outbox messages of a save carry its W3C trace context, next to their own headers', async (t) => {
  const strategy = new InMemoryStrategy();
  const app = new Wallets({ strategy, env: {} });
  t.teardown(() => app.close());
  app.addPolicy(announce);
  const wallet = Wallet.create('ada');
  await app.save(wallet);

  const [message] = await pendingMessages(strategy);
  const save = telemetry
    .spans('annals.save')
    .find((span) => (span.attributes['annals.aggregate.ids'] as string[] | undefined)?.includes(wallet.id));
  const { traceId, spanId } = save?.spanContext() ?? {};
  t.is(message?.headers?.['traceparent'], `00-${traceId}-${spanId}-01`);
  t.is(message?.headers?.['annals-topic'], 'Wallet.Created');
});

test('a load is a span with the aggregate and the version it was rebuilt at', async (t) => {
  const app = new Wallets({ strategy: new InMemoryStrategy(), env: {} });
  t.teardown(() => app.close());
  const wallet = Wallet.create('ada');
  wallet.credit(1);
  wallet.credit(2);
  await app.save(wallet);
  await app.get(Wallet, wallet.id);

  const load = telemetry
    .spans('annals.load')
    .find((span) => span.attributes['annals.aggregate.id'] === wallet.id);
  t.like(load?.attributes, {
    'annals.aggregate.type': 'Wallet',
    'annals.aggregate.version': 3,
    'db.operation.name': 'load',
  });
});

test('a save that conflicts ends its span failed, with the error’s code as error.type', async (t) => {
  const app = new Wallets({ strategy: new InMemoryStrategy(), env: {} });
  t.teardown(() => app.close());
  const wallet = Wallet.create('ada');
  await app.save(wallet);
  const stale = await app.get(Wallet, wallet.id);
  const fresh = await app.get(Wallet, wallet.id);
  fresh.credit(1);
  await app.save(fresh);
  stale.credit(2);
  await t.throwsAsync(app.save(stale));

  const failed = telemetry
    .spans('annals.save')
    .find((span) => span.attributes['error.type'] === 'ANNALS_RECORD_CONFLICT');
  t.deepEqual(failed?.attributes['annals.aggregate.ids'], [wallet.id]);
  t.is(failed?.status.code, 2, 'status ERROR');
});
