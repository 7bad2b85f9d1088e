import type { ConnectionOptions } from 'node:tls';
import type { ActiveRecordStrategy, Logger } from '@annals/core';
import type { Backoff } from '../broker/backoff.js';

/** Options of a {@link Consumer}. */
export interface ConsumerOptions {
  /** The consumer's durable queue, and its identity in the processed-messages table. */
  readonly name: string;
  /** The broker, e.g. `amqp://guest:guest@127.0.0.1:5672`; `amqps://` for TLS. */
  readonly url: string;
  /** Options of Node's `tls.connect` for an `amqps://` URL, e.g. `{ ca }`. @default Node's trusted CAs */
  readonly tls?: ConnectionOptions | undefined;
  /** The topic exchange the producers publish to. */
  readonly exchange: string;
  /**
   * Storage with the `tracking` and `transactions` capabilities: handlers run in its transactions and
   * processed message ids are recorded there, so a redelivered message has no second effect. Without it,
   * handlers may run twice for one message. @default undefined
   */
  readonly strategy?: ActiveRecordStrategy | undefined;
  /**
   * The producer's service when it qualifies routing keys (`BankAccount.Opened.bank`): subscriptions then
   * bind `<pattern>.<from>`; `'*'` accepts any one service. @default undefined (routing key = topic)
   */
  readonly from?: string | undefined;
  /** More routing-key patterns to bind the queue to, for the default handler. @default [] */
  readonly bindings?: readonly string[] | undefined;
  /**
   * Lanes `consume()` processes at once, each one batch (one transaction) at a time; all messages of one
   * ordering key (the `annals-ordering-key` header: the aggregate's id for events; else the message id) go
   * to the same lane, in order. @default 1
   */
  readonly concurrency?: number | undefined;
  /** Unacknowledged messages the broker sends ahead while `consume()` runs. @default 20 */
  readonly prefetch?: number | undefined;
  /** Back-off before each retry of a failed message, in ms; one delay queue each. @default [1000, 10000, 60000] */
  readonly retryDelays?: readonly number[] | undefined;
  /** Attempts before a message is parked. @default retryDelays.length + 1 */
  readonly maxAttempts?: number | undefined;
  /** The main queue's type. @default 'classic' */
  readonly queueType?: 'classic' | 'quorum' | undefined;
  /** Declare the queues, exchanges and bindings at start instead of checking them. @default false */
  readonly setup?: boolean | undefined;
  /** Delays between reconnection attempts. @default { initial: 100, max: 5000 } */
  readonly backoff?: Backoff | undefined;
  /** The connection's name on the broker. @default `annals-consumer-<name>` */
  readonly connectionName?: string | undefined;
  /** @default silent */
  readonly logger?: Logger | undefined;
}

/** What a `drain()` did. */
export interface DrainResult {
  /** Messages whose handlers ran and committed. */
  readonly handled: number;
  /** Redeliveries of messages processed before, acknowledged without running a handler. */
  readonly duplicates: number;
  /** Failed messages sent to a delay queue for another attempt. */
  readonly retried: number;
  /** Failed messages parked after their last attempt. */
  readonly parked: number;
}

/** Options of {@link Consumer.drain}. */
export interface DrainOptions {
  /** Also wait for messages in the delay queues to come back and be processed. @default false */
  readonly waitForRetries?: boolean | undefined;
  /** Called after each message. @default undefined */
  readonly onProgress?: ((result: DrainResult, remaining: number) => void) | undefined;
}
