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
    { readonly body: Uint8Array; readonly json?: never } | { readonly json: unknown; readonly body?: never }
  );
