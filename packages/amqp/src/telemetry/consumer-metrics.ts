import { counter, durationBuckets, histogram } from '@annals/core/telemetry';
import type { Outcome } from '../consumer/delivery-processor.js';

const consumedMessages = counter('messaging.client.consumed.messages', {
  description: 'Messages a consumer settled, by outcome (handled, duplicate, retried, parked)',
  unit: '{message}',
});

const retriedMessages = counter('annals.messages.retried', {
  description: 'Failed messages sent to a delay queue for another attempt',
  unit: '{message}',
});

const parkedMessages = counter('annals.messages.parked', {
  description: 'Messages parked after their last attempt failed',
  unit: '{message}',
});

const processDuration = histogram('messaging.process.duration', {
  description: 'Duration of running a message’s handlers',
  unit: 's',
  buckets: durationBuckets,
});

/** The attributes of a consumer's measurements. */
function attributesOf(consumer: string): Record<string, string> {
  return { 'messaging.system': 'rabbitmq', 'messaging.consumer.group.name': consumer };
}

/** Counts what became of settled messages. */
export function recordOutcomes(consumer: string, outcomes: readonly Outcome[]): void {
  const counts = new Map<Outcome, number>();
  for (const outcome of outcomes) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  const attributes = attributesOf(consumer);
  for (const [outcome, count] of counts) {
    consumedMessages.add(count, { ...attributes, 'annals.outcome': outcome });
    if (outcome === 'retried') retriedMessages.add(count, attributes);
    if (outcome === 'parked') parkedMessages.add(count, attributes);
  }
}

/** Records how long a message's handlers ran. */
export function recordProcessing(consumer: string, started: number, error: unknown): void {
  const errorType = error === undefined ? undefined : error instanceof Error ? error.name : 'unknown';
  processDuration.record((performance.now() - started) / 1000, {
    ...attributesOf(consumer),
    'error.type': errorType,
  });
}
