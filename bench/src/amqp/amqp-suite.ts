import { Messaging } from '@annals/amqp';
import { deleteTopology, testBrokerUrl, uniqueName } from '@annals/amqp/testing';
import { postgresqlStrategy } from '@annals/mikro-orm/postgresql';
import { createPostgresqlDatabase } from '@annals/mikro-orm/testing';
import { connect } from 'amqplib';
import type { Suite, WorkloadResult } from '../harness/index.js';
import { Meters } from './bench-domain.js';
import { commitToHandler } from './handler-latency.js';
import { measureRelayThroughput } from './relay/relay-throughput.js';
import { serverVersion } from '../sql/server-version.js';

/**
 * `amqp`: the outbox relay against raw amqplib publishing the same messages with confirms, and the relay with
 * the OpenTelemetry SDK registered and without the OpenTelemetry API (alternating rounds, same run, each
 * contender in a process of its own), and commit-to-handler latency at a steady 1,000 events/s through
 * relay, broker and a de-duplicating consumer. RabbitMQ and PostgreSQL on this machine.
 */
export const amqpSuite: Suite = {
  name: 'amqp',
  async run({ quick }) {
    const rounds = quick ? 3 : 7;
    const count = quick ? 2000 : 5000;
    const database = await createPostgresqlDatabase('annals_bench_amqp');
    const exchange = uniqueName('bench');
    const queue = uniqueName('bench-sink');
    const app = new Meters({ strategy: postgresqlStrategy({ url: database.url }), env: {} });
    const sink = await connect(testBrokerUrl);
    const channel = await sink.createChannel();
    await channel.assertExchange(exchange, 'topic', { durable: true });
    await channel.assertQueue(queue, { durable: true });
    await channel.bindQueue(queue, exchange, '#');
    try {
      const throughput = await measureRelayThroughput({
        databaseUrl: database.url,
        target: { url: testBrokerUrl, exchange, queue },
        rows: count,
        rounds,
      });
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
        results: [...throughput, ...latencies],
        services: { postgresql: await serverVersion(database.url), rabbitmq: serverProduct(sink) },
        notes: [
          `throughput: each contender in a process of its own, the order annals, annals_no_api, annals_traced, raw rotating from round to round, after a warm-up run each; annals = OutboxRelay.flush() over ${count} committed rows (committed untimed before each run, in saves of 100 events; claim 500 per transaction with FOR UPDATE SKIP LOCKED, publish with confirms, delete confirmed, commit; 2 claims in flight), one relay for the life of the process, connected before the first run; raw = amqplib ConfirmChannel publishing the same ${count} messages (same bodies, headers, properties) in batches of 500 with waitForConfirms, its channel open for the life of the process; all into one durable queue, persistent messages, purged before each run`,
          `tracing: annals_traced = the same relay in a process with the OpenTelemetry SDK registered before the application is constructed (traces sampled always through a batch span processor, metrics through a periodic reader, AsyncLocalStorage context, W3C propagation; exporters drop what they get, so a collector's cost is not measured): the rows are written by traced saves, so each message carries a traceparent and the rows of each save get a publish span, each claim a span, and the relay records its metrics; untimed after each run, the process checks that it made a save span and a publish span per save or more; annals = the OpenTelemetry API installed and no SDK registered (Annals checks for a registered tracer provider and makes no span)`,
          'no API: annals_no_api = the same relay in a process where @opentelemetry/api cannot be resolved, as for an application that installed none (a module.registerHooks resolve hook, loaded with --import before any other module, fails it as a missing package; at start the process checks that @annals/core asked for the API and was refused, and that importing it fails), so that Annals holds no API and its spans and measurements are no-ops',
          'latency: one event per save (its own commit) every millisecond for 11 s, the first second (pool connections opening, JIT warming) not sampled; relay in the saving process, publishing the rows of each save straight after its commit (dispatch on commit) and deleting the confirmed ones in batches; consumer in a process of its own (as a consuming service), prefetch 200 and the default concurrency of 1 (one lane processing the messages waiting in it, up to 100, as one PostgreSQL transaction that records their ids in one statement, one commit per batch, the next batch recording its ids while the previous one commits, one acknowledgement frame per batch; 2, 4, 8 and 16 lanes measured slower here, each lane adding transactions that compete for the same 2 cores) (the second line: without storage, at-least-once); from the save resolving to the handler starting, on one clock',
        ],
      };
    } finally {
      await channel.deleteQueue(queue).catch(() => undefined);
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
