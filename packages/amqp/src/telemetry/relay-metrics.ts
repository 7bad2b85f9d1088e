import type { ClaimedOutboxMessage } from '@annals/core/storage';
import { counter, durationBuckets, histogram, observeGauges } from '@annals/core/telemetry';
import type { OutboxStore } from '@annals/core';

const sentMessages = counter('messaging.client.sent.messages', {
  description: 'Outbox messages the broker confirmed',
  unit: '{message}',
});

const publishDuration = histogram('messaging.client.operation.duration', {
  description: 'Duration of publishing a batch of outbox messages until the broker confirmed them',
  unit: 's',
  buckets: durationBuckets,
});

const relayLag = histogram('annals.outbox.relay.lag', {
  description: 'Per published batch, time from writing its oldest outbox message to the broker confirming it',
  unit: 's',
  buckets: [...durationBuckets, 30, 60, 300],
});

/** Records a published batch: its duration, the messages confirmed, and the relay lag of its oldest. */
export function recordPublished(
  messages: readonly ClaimedOutboxMessage[],
  confirmed: readonly number[],
  started: number,
  error: unknown,
): void {
  const base = { 'messaging.system': 'rabbitmq', 'messaging.operation.name': 'publish' };
  const errorType = error === undefined ? undefined : error instanceof Error ? error.name : 'unknown';
  publishDuration.record((performance.now() - started) / 1000, { ...base, 'error.type': errorType });
  if (confirmed.length === 0) return;
  const sequences = new Set(confirmed);
  const perExchange = new Map<string, { count: number; oldest: number }>();
  for (const message of messages) {
    if (!sequences.has(message.sequence)) continue;
    const sent = perExchange.get(message.exchange) ?? { count: 0, oldest: Number.POSITIVE_INFINITY };
    sent.count += 1;
    sent.oldest = Math.min(sent.oldest, message.createdAt.getTime());
    perExchange.set(message.exchange, sent);
  }
  const now = Date.now();
  for (const [exchange, { count, oldest }] of perExchange) {
    sentMessages.add(count, { ...base, 'messaging.destination.name': exchange });
    relayLag.record((now - oldest) / 1000, { 'messaging.destination.name': exchange });
  }
}

/**
 * Reports the outbox backlog at each metrics collection: the pending messages and the age of the oldest.
 * @param application the relay's `appId`, the application or service it relays for
 * @returns a function that stops reporting
 */
export function observeOutboxBacklog(outbox: OutboxStore, application: string | undefined): () => void {
  return observeGauges(
    {
      'annals.outbox.backlog': { description: 'Outbox messages waiting for the broker', unit: '{message}' },
      'annals.outbox.backlog.age': { description: 'Age of the oldest waiting outbox message', unit: 's' },
    },
    async (observe) => {
      const { pending, oldest } = await outbox.outboxBacklog();
      const attributes = { 'annals.application': application };
      observe('annals.outbox.backlog', pending, attributes);
      observe('annals.outbox.backlog.age', oldest ? (Date.now() - oldest.getTime()) / 1000 : 0, attributes);
    },
  );
}
