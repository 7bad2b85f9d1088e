import { performance } from 'node:perf_hooks';
import { OutboxRelay, type OutboxPolicy } from '@annals/amqp';
import type { ClaimedOutboxMessage } from '@annals/core/storage';
import { connect } from 'amqplib';
import { Meter, type Meters } from './bench-domain.js';

/** Where one throughput round publishes. */
export interface Target {
  readonly url: string;
  readonly exchange: string;
  readonly queue: string;
}

/** Commits `count` events with their outbox rows (untimed), in appends of 100 events. */
export async function commitOutboxRows(app: Meters, count: number): Promise<void> {
  for (let written = 0; written < count; written += 100) {
    const meter = new Meter();
    for (let n = 0; n < Math.min(100, count - written); n++) meter.tick(n);
    await app.save(meter);
  }
}

/**
 * Annals: a relay empties the committed outbox rows; events/s from the first claim to the last confirm. Like
 * the raw contender's, its broker connection is open before the clock starts.
 */
export async function relayRate(app: Meters, target: Target, count: number): Promise<number> {
  const relay = new OutboxRelay({
    strategy: app.strategy,
    url: target.url,
    sweepInterval: 0,
    concurrency: Number(process.env['BENCH_RELAY_CONCURRENCY'] ?? 2),
  });
  try {
    await relay.flush(); // connects; the outbox is empty
    await commitOutboxRows(app, count);
    const started = performance.now();
    const published = await relay.flush();
    const seconds = (performance.now() - started) / 1000;
    if (published !== count) throw new Error(`the relay published ${published} of ${count}`);
    return count / seconds;
  } finally {
    await relay.stop();
  }
}

/**
 * Raw amqplib: the same messages (bodies, headers, properties) published on a confirm channel in batches
 * of the relay's size, waiting for each batch's confirms.
 */
export async function rawRate(
  messages: readonly ClaimedOutboxMessage[],
  target: Target,
  batch = 500,
): Promise<number> {
  const model = await connect(target.url);
  try {
    const channel = await model.createConfirmChannel();
    const started = performance.now();
    for (let offset = 0; offset < messages.length; offset += batch) {
      for (const message of messages.slice(offset, offset + batch)) {
        channel.publish(message.exchange, message.routingKey, Buffer.from(message.body), {
          messageId: message.id,
          persistent: true,
          contentType: message.contentType,
          timestamp: Math.floor(message.createdAt.getTime() / 1000),
          headers: {
            ...message.headers,
            'annals-ordering-key': message.orderingKey,
            'annals-position': message.sequence,
          },
        });
      }
      await channel.waitForConfirms();
    }
    const seconds = (performance.now() - started) / 1000;
    await channel.close();
    return messages.length / seconds;
  } finally {
    await model.close();
  }
}

/** The outbox messages a policy writes for `count` events, for the raw contender to publish. */
export function sampleMessages(policy: OutboxPolicy, count: number): ClaimedOutboxMessage[] {
  const meter = new Meter();
  for (let n = 0; n < count; n++) meter.tick(n);
  return policy.outboxMessages(meter.pendingEvents).map((message, index) => ({
    ...message,
    sequence: index + 1,
    createdAt: new Date(),
  }));
}
