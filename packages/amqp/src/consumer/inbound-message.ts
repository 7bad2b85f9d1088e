import { createHash } from 'node:crypto';
import type { Message } from 'amqplib';
import type { EventMessage } from '../messages/event-message.js';
import { Header } from '../messages/headers.js';

/** A message as a handler receives it. */
export interface InboundMessage<P = Record<string, unknown>> {
  /** The AMQP message id (`<originatorId>:<originatorVersion>` for Annals events); what de-duplication keys on. */
  readonly id: string;
  /**
   * Messages with the same ordering key are handled in the order they were published (the
   * `annals-ordering-key` header, the aggregate's id for Annals events; else the message id).
   */
  readonly orderingKey: string;
  /** The event's topic (the `annals-topic` header, else the routing key). */
  readonly topic: string;
  /** The routing key it was published with. */
  readonly routingKey: string;
  /** The parsed JSON body: an {@link EventMessage} when an Annals relay published it. */
  readonly body: EventMessage<P>;
  /** The AMQP headers it carries. */
  readonly headers: Readonly<Record<string, unknown>>;
  /** The producing application's notification position of the event, when it keeps a log. */
  readonly position: number | undefined;
  /** 1 for the first delivery, then 2, 3, … for retries. */
  readonly attempt: number;
  /** The broker delivered it before without an acknowledgement (e.g. a consumer died holding it). */
  readonly redelivered: boolean;
  /** The raw body. */
  readonly content: Buffer;
}

/** Handles one message. Returning commits its transaction; throwing rolls it back and retries the message. */
export type MessageHandler<P = Record<string, unknown>> = (
  message: InboundMessage<P>,
) => void | Promise<void>;

/** Reads a delivery into an {@link InboundMessage}; a body that is not JSON throws (and the message is retried, then parked). */
export function toInboundMessage(delivery: Message): InboundMessage {
  const headers = (delivery.properties.headers ?? {}) as Record<string, unknown>;
  const id = messageIdOf(delivery);
  const topicHeader = headers[Header.topic];
  const topic = typeof topicHeader === 'string' ? topicHeader : delivery.fields.routingKey;
  const position = Number(headers[Header.position]);
  return {
    id,
    orderingKey: orderingKeyOf(delivery),
    topic,
    routingKey: delivery.fields.routingKey,
    body: JSON.parse(delivery.content.toString('utf8')) as EventMessage,
    headers,
    position: Number.isSafeInteger(position) && position > 0 ? position : undefined,
    attempt: attemptOf(delivery),
    redelivered: delivery.fields.redelivered,
    content: delivery.content,
  };
}

/** The message id; for a message published without one (by others), the hash of its body. */
function messageIdOf(delivery: Message): string {
  const messageId: unknown = delivery.properties.messageId;
  return typeof messageId === 'string' && messageId !== ''
    ? messageId
    : `sha256:${createHash('sha256').update(delivery.content).digest('hex')}`;
}

/**
 * The `annals-ordering-key` header, else the message id: messages published by others keep no order
 * between them. Readable even when the body is not.
 */
export function orderingKeyOf(delivery: Message): string {
  const key: unknown = delivery.properties.headers?.[Header.orderingKey];
  return typeof key === 'string' && key !== '' ? key : messageIdOf(delivery);
}

/** 1 for a first delivery, else the `annals-attempt` header: readable even when the body is not. */
export function attemptOf(delivery: Message): number {
  const attempt = Number(delivery.properties.headers?.[Header.attempt]);
  return Number.isSafeInteger(attempt) && attempt > 1 ? attempt : 1;
}
