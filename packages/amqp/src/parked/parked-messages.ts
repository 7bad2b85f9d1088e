import type { ChannelModel, GetMessage } from 'amqplib';
import { carriedProperties, confirmPublish } from '../consumer/delivery-processor.js';
import type { QueueNames } from '../consumer/queue-names.js';
import { Header } from '../messages/headers.js';

/** A message that failed all its attempts, as `annals parked list` shows it. */
export interface ParkedMessage {
  /** The message id. */
  readonly id: string;
  /** The event's topic. */
  readonly topic: string;
  /** The routing key it was published with. */
  readonly routingKey: string;
  /** The error of the last attempt. */
  readonly error: string;
  /** When it was parked, ISO 8601. */
  readonly parkedAt: string | undefined;
  /** How many times handling it was tried. */
  readonly attempts: number;
  /** The body as text. */
  readonly body: string;
}

/** Reads up to `limit` parked messages without removing them. */
export async function listParked(
  model: ChannelModel,
  names: QueueNames,
  limit: number,
): Promise<ParkedMessage[]> {
  const channel = await model.createChannel();
  const parked: ParkedMessage[] = [];
  try {
    while (parked.length < limit) {
      const message = await channel.get(names.parked, { noAck: false });
      if (message === false) break;
      parked.push(describe(message));
    }
  } finally {
    // Closing with the messages unacknowledged puts them back, in order.
    await channel.close().catch(() => undefined);
  }
  return parked;
}

/**
 * Sends parked messages back to the consumer's queue with a fresh attempt count, each removed from the
 * parked queue once the broker confirmed its copy. @param ids only these message ids; all when absent
 * @returns how many were replayed
 */
export async function replayParked(
  model: ChannelModel,
  names: QueueNames,
  ids?: readonly string[],
): Promise<number> {
  const channel = await model.createConfirmChannel();
  const wanted = ids && new Set(ids);
  let replayed = 0;
  try {
    for (;;) {
      const message = await channel.get(names.parked, { noAck: false });
      if (message === false) break;
      const id = String(message.properties.messageId ?? '');
      if (wanted && !wanted.has(id)) continue;
      const headers: Record<string, unknown> = { ...(message.properties.headers as Record<string, unknown>) };
      for (const header of [Header.attempt, Header.error, Header.parkedAt]) delete headers[header];
      await confirmPublish(channel, '', names.queue, message.content, {
        ...carriedProperties(message),
        headers,
      });
      channel.ack(message);
      replayed++;
    }
  } finally {
    await channel.close().catch(() => undefined);
  }
  return replayed;
}

function describe(message: GetMessage): ParkedMessage {
  const headers = (message.properties.headers ?? {}) as Record<string, unknown>;
  const attempt = Number(headers[Header.attempt]);
  const parkedAt = headers[Header.parkedAt];
  const topic = headers[Header.topic];
  const error = headers[Header.error];
  return {
    id: String(message.properties.messageId ?? ''),
    topic: typeof topic === 'string' ? topic : message.fields.routingKey,
    routingKey: message.fields.routingKey,
    error: typeof error === 'string' ? error : '',
    parkedAt: typeof parkedAt === 'string' ? parkedAt : undefined,
    attempts: Number.isSafeInteger(attempt) ? attempt - 1 : 0,
    body: message.content.toString('utf8'),
  };
}
