import { once } from 'node:events';
import type { Logger } from '@annals/core';
import type { ClaimedOutboxMessage } from '@annals/core/storage';
import type { ConfirmChannel, Options } from 'amqplib';
import type { BrokerConnection } from '../broker/broker-connection.js';
import { convertBrokerError } from '../broker/convert-error.js';
import { Header } from '../messages/headers.js';
import { PublishSpans } from '../telemetry/publish-span.js';
import { recordPublished } from '../telemetry/relay-metrics.js';

/** What one batch came to. */
export interface PublishOutcome {
  /** Sequences of the rows the broker confirmed, without any that follow an unconfirmed row of their key. */
  readonly confirmed: number[];
  /** Why some were not confirmed, when that happened. */
  readonly error?: unknown;
}

/** Options of a {@link ConfirmPublisher}. */
export interface ConfirmPublisherOptions {
  readonly connection: BrokerConnection;
  readonly logger: Logger;
  /** The AMQP `app-id` of every message. @default undefined */
  readonly appId?: string | undefined;
  /** How long to wait for the broker's confirms of a batch, in ms. */
  readonly confirmTimeout: number;
}

/**
 * Publishes outbox rows on a confirm channel and reports which the broker confirmed. It never throws: a
 * lost connection or a nack leaves rows unconfirmed, so they stay in the outbox and go again later.
 */
export class ConfirmPublisher {
  readonly #options: ConfirmPublisherOptions;
  #channel: Promise<ConfirmChannel> | undefined;

  constructor(options: ConfirmPublisherOptions) {
    this.#options = options;
    options.connection.onLost(() => {
      this.#channel = undefined;
    });
  }

  async send(messages: readonly ClaimedOutboxMessage[]): Promise<PublishOutcome> {
    let channel: ConfirmChannel;
    try {
      channel = await this.#openChannel();
    } catch (error) {
      this.#channel = undefined;
      return { confirmed: [], error };
    }
    const acked = new Set<number>();
    const started = performance.now();
    let error: unknown;
    try {
      // One promise for the batch, settled when the broker has answered for every message.
      let outstanding = messages.length;
      let settle: () => void = () => undefined;
      const settled = new Promise<void>((resolve) => {
        settle = resolve;
      });
      if (outstanding === 0) settle();
      const spans = new PublishSpans(messages);
      for (const message of messages) {
        const [exchange, routingKey, content, properties] = this.#envelope(message, spans.headersOf(message));
        const accepted = channel.publish(exchange, routingKey, content, properties, (failure: unknown) => {
          if (failure) error ??= failure;
          else acked.add(message.sequence);
          spans.settled(message, failure);
          if (--outstanding === 0) settle();
        });
        // The socket's buffer is full: wait until it empties rather than queue the batch in memory.
        if (!accepted) await Promise.race([once(channel, 'drain'), once(channel, 'close')]);
      }
      await this.#withinTimeout(settled, channel);
    } catch (failure) {
      error ??= failure;
      this.#channel = undefined;
    }
    if (error !== undefined) {
      error = convertBrokerError(error, this.#options.connection.url, 'publishing outbox messages');
    }
    const confirmed = confirmedInOrder(messages, acked);
    recordPublished(messages, confirmed, started, error);
    return error === undefined ? { confirmed } : { confirmed, error };
  }

  async close(): Promise<void> {
    const channel = await this.#channel?.catch(() => undefined);
    this.#channel = undefined;
    await channel?.close().catch(() => undefined);
  }

  #envelope(
    message: ClaimedOutboxMessage,
    trace: Record<string, string> | undefined,
  ): [string, string, Buffer, Options.Publish] {
    const { body } = message;
    return [
      message.exchange,
      message.routingKey,
      Buffer.from(body.buffer, body.byteOffset, body.byteLength),
      {
        messageId: message.id,
        persistent: true,
        contentType: message.contentType,
        timestamp: Math.floor(message.createdAt.getTime() / 1000),
        ...(this.#options.appId === undefined ? {} : { appId: this.#options.appId }),
        headers: {
          ...message.headers,
          ...trace,
          // Consumers keep the order per key too: their lanes are chosen by it.
          [Header.orderingKey]: message.orderingKey,
          ...(message.position === undefined ? {} : { [Header.position]: message.position }),
        },
      },
    ];
  }

  async #openChannel(): Promise<ConfirmChannel> {
    this.#channel ??= (async () => {
      const model = await this.#options.connection.open();
      const channel = await model.createConfirmChannel();
      channel.on('error', (error: Error) => {
        this.#options.logger.warn({ err: error }, 'the relay channel failed');
      });
      channel.on('close', () => {
        this.#channel = undefined;
      });
      return channel;
    })();
    return this.#channel;
  }

  async #withinTimeout(confirms: Promise<unknown>, channel: ConfirmChannel): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`no confirms within ${this.#options.confirmTimeout} ms`));
        // Late confirms can no longer be matched to rows; a new channel starts clean.
        void channel.close().catch(() => undefined);
      }, this.#options.confirmTimeout);
    });
    try {
      await Promise.race([confirms, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Per ordering key, the confirmed rows up to the first unconfirmed one: later ones must wait for it. */
function confirmedInOrder(messages: readonly ClaimedOutboxMessage[], acked: ReadonlySet<number>): number[] {
  const broken = new Set<string>();
  const confirmed: number[] = [];
  for (const message of messages) {
    if (broken.has(message.orderingKey)) continue;
    if (acked.has(message.sequence)) confirmed.push(message.sequence);
    else broken.add(message.orderingKey);
  }
  return confirmed;
}
