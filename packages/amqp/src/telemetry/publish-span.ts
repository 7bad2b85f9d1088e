import type { ClaimedOutboxMessage } from '@annals/core/storage';
import { hasTraceContext, startSpan, type TracedSpan } from '@annals/core/telemetry';

interface Group {
  readonly span: TracedSpan;
  readonly headers: Record<string, string>;
  outstanding: number;
  failure: unknown;
}

/**
 * The producer spans of one published batch: one per save whose messages it holds (messages that carry the
 * same trace context), continuing that save's trace. Its context replaces the save's in the published
 * headers, so the consumer's span follows the publish; the span ends once the broker answered for all its
 * messages. Messages written outside any trace get none, so a sweep does not start traces of its own.
 */
export class PublishSpans {
  readonly #groups = new Map<string, Group>();
  readonly #byMessage = new Map<number, Group>();

  constructor(messages: readonly ClaimedOutboxMessage[]) {
    for (const message of messages) {
      const headers = message.headers ?? {};
      if (!hasTraceContext(headers)) continue;
      const key = `${message.exchange} ${headers['traceparent'] ?? ''} ${headers['tracestate'] ?? ''}`;
      let group = this.#groups.get(key);
      if (!group) {
        const span = startSpan(`publish ${message.exchange}`, {
          kind: 'producer',
          parent: headers,
          attributes: {
            'messaging.system': 'rabbitmq',
            'messaging.operation.type': 'send',
            'messaging.operation.name': 'publish',
            'messaging.destination.name': message.exchange,
            'messaging.rabbitmq.destination.routing_key': message.routingKey,
            'messaging.message.id': message.id,
            'annals.position': message.position,
          },
        });
        group = { span, headers: span.traceHeaders(), outstanding: 0, failure: undefined };
        this.#groups.set(key, group);
      }
      group.outstanding += 1;
      this.#byMessage.set(message.sequence, group);
    }
    for (const group of this.#groups.values()) {
      if (group.outstanding > 1)
        group.span.setAttributes({ 'messaging.batch.message_count': group.outstanding });
    }
  }

  /** The trace headers to publish `message` with, when it belongs to a traced save. */
  headersOf(message: ClaimedOutboxMessage): Record<string, string> | undefined {
    return this.#byMessage.get(message.sequence)?.headers;
  }

  /** The broker answered for `message`: its span ends with its last message, failed if any was refused. */
  settled(message: ClaimedOutboxMessage, failure: unknown): void {
    const group = this.#byMessage.get(message.sequence);
    if (!group) return;
    group.failure ??= failure ?? undefined;
    if (--group.outstanding === 0) group.span.end(group.failure);
  }
}
