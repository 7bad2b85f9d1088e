import type { ActiveRecordStrategy, ClaimedOutboxMessage, OutboxMessage, StoredEvent } from '@annals/core';
import { bytes, history } from './records.js';

/** The outbox message announcing `event`, with Annals' `<originatorId>:<version>` id. */
export const messageOf = (event: StoredEvent): OutboxMessage => ({
  id: `${event.originatorId}:${event.originatorVersion}`,
  topic: event.topic,
  body: bytes(`{"v":${event.originatorVersion}}`),
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

/** The messages announcing events of the aggregates `ids`. */
export const ofAggregates = (
  messages: readonly ClaimedOutboxMessage[],
  ...ids: string[]
): ClaimedOutboxMessage[] => messages.filter((message) => ids.some((id) => message.id.startsWith(`${id}:`)));
