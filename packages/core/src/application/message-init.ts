import { v7 as uuidv7 } from 'uuid';
import type { OutboxMessage } from '../storage/index.js';

/**
 * A message for {@link Application.enqueue}: where it goes and what it says, as bytes (`body`) or as a value
 * sent as JSON (`json`).
 */
export type MessageInit = Omit<OutboxMessage, 'id' | 'orderingKey' | 'contentType' | 'body' | 'event'> & {
  /** The id consumers de-duplicate by. @default a new UUID v7 */
  readonly id?: string | undefined;
  /** Messages with the same key are delivered in the order they were enqueued. @default the message's id */
  readonly orderingKey?: string | undefined;
  /** @default `application/json` with `json`, `application/octet-stream` with `body` */
  readonly contentType?: string | undefined;
} & (
    | {
        /** The message's bytes, sent as they are. */
        readonly body: Uint8Array;
        /** Not with `body`. */
        readonly json?: never;
      }
    | {
        /** A value, sent as its JSON text. */
        readonly json: unknown;
        /** Not with `json`. */
        readonly body?: never;
      }
  );

/** The outbox message a {@link MessageInit} stands for. */
export function toOutboxMessage(init: MessageInit): OutboxMessage {
  const id = init.id ?? uuidv7();
  const json = init.body === undefined;
  return {
    id,
    orderingKey: init.orderingKey ?? id,
    exchange: init.exchange,
    routingKey: init.routingKey,
    contentType: init.contentType ?? (json ? 'application/json' : 'application/octet-stream'),
    headers: init.headers,
    body: init.body ?? Buffer.from(JSON.stringify(init.json), 'utf8'),
  };
}
