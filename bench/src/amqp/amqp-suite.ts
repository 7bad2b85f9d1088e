import { Messaging, OutboxPolicy } from '@annals/amqp';
import { deleteTopology, testBrokerUrl, uniqueName } from '@annals/amqp/testing';
import { postgresqlStrategy } from '@annals/mikro-orm/postgresql';
import { createPostgresqlDatabase } from '@annals/mikro-orm/testing';
import { connect } from 'amqplib';
import { resultOf, type Suite, type WorkloadResult } from '../harness/index.js';
import { Meters } from './bench-domain.js';
import { commitToHandler } from './handler-latency.js';
import { rawRate, relayRate, sampleMessages, type Target } from './relay-throughput.js';
import { tracedRelayRate } from './traced-relay-throughput.js';
import { serverVersion } from '../sql/server-version.js';

/**
 * `amqp`: the outbox relay against raw amqplib publishing the same messages with confirms (alternating
 * rounds, same run), and commit-to-handler latency at a steady 1,000 events/s through relay, broker and a
 * de-duplicating consumer. RabbitMQ and PostgreSQL on this machine.
 */
export const amqpSuite: Suite = {
  name: 'amqp',
  async run({ quick }) {
    const rounds = quick ? 3 : 7;
    const count = quick ? 2000 : 5000;
    const database = await createPostgresqlDatabase('annals_bench_amqp');
    const exchange = uniqueName('bench');
    const target: Target = { url: testBrokerUrl, exchange, queue: uniqueName('bench-sink') };
    const app = new Meters({ strategy: postgresqlStrategy({ url: database.url }), env: {} });
    const policy = new OutboxPolicy({ exchange, publishes: ['Meter.*'] });
    const detach = policy.attach(app);
    const sink = await connect(testBrokerUrl);
    const channel = await sink.createChannel();
    await channel.assertExchange(exchange, 'topic', { durable: true });
    await channel.assertQueue(target.queue, { durable: true });
    await channel.bindQueue(target.queue, exchange, '#');
    try {
      const messages = sampleMessages(policy, count);
      const rates = new Map<string, number[]>([
        ['annals', []],
        ['raw', []],
        ['annals_traced', []],
      ]);
      const contenders: [string, () => Promise<number>][] = [
        ['annals', () => relayRate(app, target, count)],
        ['raw', () => rawRate(messages, target)],
        ['annals_traced', () => tracedRelayRate(app, target, count)],
      ];
      await relayRate(app, target, 200); // warm-up
      await rawRate(messages.slice(0, 200), target);
      await tracedRelayRate(app, target, 200);
      for (let round = 0; round < rounds; round++) {
        // Rotate who goes first, and empty the queue between runs so all publish into the same state.
        const order = [...contenders.slice(round % 3), ...contenders.slice(0, round % 3)];
        for (const [name, rate] of order) {
          await channel.purgeQueue(target.queue);
          rates.get(name)?.push(await rate());
        }
      }
      detach();
      const latencies: WorkloadResult[] = [];
      for (const deduplicate of [true, false]) {
        const messaging = new Messaging(app, {
          url: testBrokerUrl,
          exchange: uniqueName('bench-latency'),
          publishes: ['Meter.*'],
          relay: { sweepInterval: 0 },
        });
        try {
          const latency = await commitToHandler(app, messaging, {
            databaseUrl: database.url,
            seconds: quick ? 3 : 10,
            deduplicate,
          });
          // The harness types results as rates; latency lines carry milliseconds and say so in `unit`.
          latencies.push({
            workload: deduplicate
              ? 'commit-to-handler latency at 1,000 events/s'
              : 'commit-to-handler latency at 1,000 events/s, consumer without de-duplication',
            unit: 'ms',
            annals: {
              median: latency.p50,
              min: latency.min,
              max: latency.max,
              p50: latency.p50,
              p99: latency.p99,
            },
            samples: latency.samples,
          } as unknown as WorkloadResult);
        } finally {
          await messaging.close();
          await deleteTopology(messaging.topology());
        }
      }
      return {
        rounds,
        results: [
          resultOf(
            `relay ${count} committed outbox rows to broker confirms`,
            new Map([
              ['annals', rates.get('annals') ?? []],
              ['raw', rates.get('raw') ?? []],
            ]),
          ),
          resultOf(
            `relay ${count} committed outbox rows to broker confirms, OpenTelemetry SDK installed vs none`,
            new Map([
              ['annals_traced', rates.get('annals_traced') ?? []],
              ['annals', rates.get('annals') ?? []],
            ]),
          ),
          ...latencies,
        ],
        services: { postgresql: await serverVersion(database.url), rabbitmq: serverProduct(sink) },
        notes: [
          `throughput: annals = OutboxRelay.flush() over ${count} committed rows (claim ${500} per transaction with FOR UPDATE SKIP LOCKED, publish with confirms, delete confirmed, commit; 2 claims in flight); raw = amqplib ConfirmChannel publishing the same ${count} messages (same bodies, headers, properties) in batches of 500 with waitForConfirms; both into one durable queue, persistent messages, purged between runs`,
          `tracing: annals_traced = the same relay flush with the OpenTelemetry SDK registered (traces sampled always through a batch span processor, metrics through a periodic reader, AsyncLocalStorage context, W3C propagation; exporters drop what they get, so a collector's cost is not measured): the rows were written by traced saves, so each message carries a traceparent and the rows of each save get a publish span, each claim a span, and the relay records its metrics; annals = no SDK registered (the OpenTelemetry API is installed; Annals checks for a registered tracer provider and makes no span); the three contenders rotate order each round`,
          'latency: one event per save (its own commit) every millisecond for 11 s, the first second (pool connections opening, JIT warming) not sampled; relay in the saving process, publishing the rows of each save straight after its commit (dispatch on commit) and deleting the confirmed ones in batches; consumer in a process of its own (as a consuming service), prefetch 200 and the default concurrency of 1 (one lane processing the messages waiting in it, up to 100, as one PostgreSQL transaction that records their ids in one statement, one commit per batch, the next batch recording its ids while the previous one commits, one acknowledgement frame per batch; 2, 4, 8 and 16 lanes measured slower here, each lane adding transactions that compete for the same 2 cores) (the second line: without storage, at-least-once); from the save resolving to the handler starting, on one clock',
        ],
      };
    } finally {
      await channel.deleteQueue(target.queue).catch(() => undefined);
      await sink.close().catch(() => undefined);
      await deleteTopology({ exchanges: [{ name: exchange, type: 'topic' }], queues: [], bindings: [] });
      await app.close();
      await database.drop();
    }
  },
};

function serverProduct(model: { connection: { serverProperties: { version?: string } } }): string {
  return model.connection.serverProperties.version ?? 'unknown';
}
