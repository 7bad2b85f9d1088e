import { randomUUID } from 'node:crypto';
import type { ActiveRecordStrategy, OutboxMessage, StoredEvent } from '@annals/core';
import { bytes, history } from './records.js';

/** The outbox message announcing `event`, as an application writes one: keyed by its aggregate. */
export const messageOf = (event: StoredEvent): OutboxMessage => ({
  id: randomUUID(),
  orderingKey: event.originatorId,
  exchange: 'annals.contract',
  routingKey: event.topic,
  contentType: 'application/json',
  headers: { topic: event.topic },
  body: bytes(`{"v":${event.originatorVersion}}`),
  event: { originatorId: event.originatorId, originatorVersion: event.originatorVersion },
});

/** Appends versions `from..to` of an aggregate with one outbox message per event. */
export async function appendAnnounced(
  strategy: ActiveRecordStrategy,
  id: string,
  from: number,
  to: number,
): Promise<readonly number[]> {
  const events = history(id, from, to);
  return strategy.append(events, { outbox: events.map(messageOf) });
}

/** The messages with the ordering keys `keys`: the cases key messages by aggregate id, so each sees its own. */
export const keyedBy = <M extends OutboxMessage>(messages: readonly M[], ...keys: string[]): M[] =>
  messages.filter((message) => keys.includes(message.orderingKey));

/** The events the messages announce, as `<originatorId>:<originatorVersion>`, for comparisons. */
export const announced = (messages: readonly OutboxMessage[]): string[] =>
  messages.map(({ event }) => (event ? `${event.originatorId}:${event.originatorVersion}` : 'no event'));
