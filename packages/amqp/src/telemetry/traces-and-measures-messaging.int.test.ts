import { postgresqlStrategy } from '@annals/mikro-orm/postgresql';
import { createPostgresqlDatabase, type TemporaryDatabase } from '@annals/mikro-orm/testing';
import { recordTelemetry } from '@annals/test-support';
import { context, trace } from '@opentelemetry/api';
import type { DataPoint } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import test, { type ExecutionContext } from 'ava';
import { setTimeout as sleep } from 'node:timers/promises';
import { Account, Accounts } from '../fixtures/accounts.js';
import { Ledger, Receipt } from '../fixtures/ledger.js';
import { Messaging } from '../messaging/index.js';
import { deleteTopology, testBrokerUrl, uniqueName } from '../testing/index.js';

const telemetry = recordTelemetry();

let database: TemporaryDatabase;
test.before(async () => {
  database = await createPostgresqlDatabase('annals_messaging_telemetry');
});
test.after.always(() => database.drop());

/** A bank publishing account events and a ledger consuming them, on their own exchange and tables. */
async function world(t: ExecutionContext) {
  const exchange = uniqueName('telemetry-test');
  const prefix = `t${uniqueName('').slice(1).replace('-', '')}_`;
  const bank = new Accounts({
    name: `bank-${prefix}`,
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
  });
  const worker = new Messaging(ledger, { url: testBrokerUrl, exchange, setup: true });
  const consumer = worker.consumer(uniqueName('ledger'), { retryDelays: [20], maxAttempts: 2 });
  t.teardown(async () => {
    await worker.close();
    await producer.close();
    await deleteTopology(worker.topology());
    await bank.close();
    await ledger.close();
  });
  return { bank, ledger, producer, consumer };
}

function parentOf(span: ReadableSpan | undefined): string | undefined {
  return span?.parentSpanContext?.spanId;
}

test('one trace runs from a save through its publish and the consumer’s handling to the handler’s save', async (t) => {
  const { bank, ledger, producer, consumer } = await world(t);
  consumer.subscribe('Account.Opened', async (message) => {
    await ledger.save(Receipt.for(message));
  });
  await consumer.drain(); // declares its queue, so nothing published is lost
  const account = Account.open('ada');
  const request = trace.getTracer('test').startSpan('request');
  await context.with(trace.setSpan(context.active(), request), () => bank.save(account));
  request.end();
  await producer.flush();
  t.like(await consumer.drain(), { handled: 1 });

  const { traceId } = request.spanContext();
  const inTrace = telemetry.spans().filter((span) => span.spanContext().traceId === traceId);
  const save = inTrace.find(
    (span) => span.name === 'annals.save' && parentOf(span) === request.spanContext().spanId,
  );
  const publish = inTrace.find((span) => span.name.startsWith('publish '));
  const processing = inTrace.find((span) => span.name === `process ${consumer.name}`);
  const followUp = inTrace.find((span) => span.name === 'annals.save' && span !== save);
  t.truthy(save && publish && processing && followUp, inTrace.map((span) => span.name).join(', '));
  t.is(parentOf(publish), save?.spanContext().spanId);
  t.is(parentOf(processing), publish?.spanContext().spanId);
  t.is(parentOf(followUp), processing?.spanContext().spanId);
  t.like(publish?.attributes, {
    'messaging.system': 'rabbitmq',
    'messaging.destination.name': producer.exchange,
    'messaging.message.id': `${account.id}:1`,
    'annals.position': 1,
  });
  t.like(processing?.attributes, {
    'messaging.consumer.group.name': consumer.name,
    'messaging.message.id': `${account.id}:1`,
    'annals.attempt': 1,
  });
  t.is(publish?.kind, 3, 'producer');
  t.is(processing?.kind, 4, 'consumer');
  t.truthy(
    telemetry
      .spans('annals.outbox.claim')
      .find((span) => span.attributes['messaging.batch.message_count'] === 1),
    'the claim that took the row is a span of its own',
  );
});

test('relay and consumer are measured: messages sent, relay lag, backlog, outcomes, retries and parked', async (t) => {
  const { bank, producer, consumer } = await world(t);
  consumer
    .subscribe('Account.Opened', () => undefined)
    .subscribe('Account.Deposited', () => {
      throw new Error('the ledger refuses deposits');
    });
  const ours = (point: DataPoint<unknown>): boolean =>
    point.attributes['messaging.consumer.group.name'] === consumer.name;
  const valueOf = async (metric: string, match: (point: DataPoint<unknown>) => boolean): Promise<unknown> =>
    (await telemetry.dataPoints(metric)).find(match)?.value;

  await consumer.drain();
  const backlog = (): Promise<unknown> =>
    valueOf('annals.outbox.backlog', (point) => point.attributes['annals.application'] === bank.name);
  t.is(await backlog(), undefined, 'no relay started yet: no backlog is reported');
  await producer.start();
  const account = Account.open('ada');
  account.deposit(5);
  await bank.save(account);
  // Published on commit in this process; waits for the relay to have settled both rows.
  while ((producer.relay?.published ?? 0) < 2) await sleep(10);
  t.is(await backlog(), 0);

  const sent = (await telemetry.dataPoints('messaging.client.sent.messages')).find(
    (point) => point.attributes['messaging.destination.name'] === producer.exchange,
  );
  t.is(sent?.value, 2);
  const lag = (await telemetry.dataPoints('annals.outbox.relay.lag')).find(
    (point) => point.attributes['messaging.destination.name'] === producer.exchange,
  );
  t.true(((lag?.value as { count: number } | undefined)?.count ?? 0) >= 1, 'a lag per published batch');

  t.like(await consumer.drain({ waitForRetries: true }), { handled: 1, retried: 1, parked: 1 });
  const outcome = (name: string) => (point: DataPoint<unknown>) =>
    ours(point) && point.attributes['annals.outcome'] === name;
  t.is(await valueOf('messaging.client.consumed.messages', outcome('handled')), 1);
  t.is(await valueOf('messaging.client.consumed.messages', outcome('parked')), 1);
  t.is(await valueOf('annals.messages.retried', ours), 1);
  t.is(await valueOf('annals.messages.parked', ours), 1);
  const durations = (await telemetry.dataPoints('messaging.process.duration')).filter(ours);
  const failed = durations.find((point) => point.attributes['error.type'] === 'Error');
  t.is((failed?.value as { count: number } | undefined)?.count, 2, 'both attempts of the deposit failed');
});
