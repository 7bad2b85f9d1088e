import { setTimeout as sleep } from 'node:timers/promises';
import type { ConnectionOptions } from 'node:tls';
import { ClosedError, ConfigurationError, type Logger } from '@annals/core';
import { connect, type ChannelModel, type SocketOptions } from 'amqplib';
import { backoffDelay, type Backoff } from './backoff.js';
import { redactUrl } from './broker-url.js';
import { convertBrokerError } from './convert-error.js';

/** Options of a {@link BrokerConnection}. */
export interface BrokerConnectionOptions {
  /** e.g. `amqp://guest:guest@127.0.0.1:5672`; `amqps://` for TLS. */
  readonly url: string;
  /** Options of Node's `tls.connect` for an `amqps://` URL, e.g. `{ ca }`. @default Node's trusted CAs */
  readonly tls?: ConnectionOptions | undefined;
  /** Shown by the broker as the connection's name (`rabbitmqctl list_connections client_properties`). */
  readonly name: string;
  readonly logger: Logger;
  /** Delays between reconnection attempts. @default { initial: 100, max: 5000 } */
  readonly backoff?: Backoff | undefined;
}

/**
 * One AMQP connection that a relay or consumer owns. `open()` connects once and fails fast with an
 * `OperationalError` naming the broker; `reopen()` retries with back-off until it connects or the connection
 * is closed. Listeners learn when the broker drops it, so they can rebuild channels.
 */
export class BrokerConnection {
  readonly url: string;
  readonly #options: BrokerConnectionOptions;
  readonly #lostListeners = new Set<(error: Error | undefined) => void>();
  #model: ChannelModel | undefined;
  #opening: Promise<ChannelModel> | undefined;
  #closed = false;

  /** @throws ConfigurationError when TLS options come with a URL that is not `amqps://`. */
  constructor(options: BrokerConnectionOptions) {
    if (options.tls && !options.url.startsWith('amqps:')) {
      throw new ConfigurationError(
        'tls',
        `TLS options are given for the broker ${redactUrl(options.url)}, which is not an amqps:// URL, so the connection would not be encrypted`,
      );
    }
    this.url = options.url;
    this.#options = options;
  }

  /** The open connection, connecting once if there is none. */
  async open(): Promise<ChannelModel> {
    if (this.#closed) throw new ClosedError(`the broker connection ${this.#options.name}`);
    if (this.#model) return this.#model;
    this.#opening ??= this.#connect().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  /**
   * The open connection, retrying with back-off while the broker is unreachable, until the connection is
   * closed or `signal` aborts.
   */
  async reopen(signal?: AbortSignal): Promise<ChannelModel> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.open();
      } catch (error) {
        if (this.#closed || signal?.aborted) throw error;
        const delay = backoffDelay(attempt, this.#options.backoff);
        this.#options.logger.warn({ delay, err: error }, 'cannot reach the broker; retrying');
        await sleep(delay, undefined, { signal });
      }
    }
  }

  /**
   * Runs `work` on the open connection. What amqplib throws (a declare the broker refused, a queue it does
   * not have, a channel it closed) becomes an `OperationalError` naming the broker and `doing`, with the
   * original as `cause`; Annals errors pass through.
   */
  async run<T>(doing: string, work: (model: ChannelModel) => Promise<T>): Promise<T> {
    const model = await this.open();
    try {
      return await work(model);
    } catch (error) {
      throw convertBrokerError(error, this.url, doing);
    }
  }

  /** Calls `listener` whenever the broker connection is lost. @returns a function that removes it. */
  onLost(listener: (error: Error | undefined) => void): () => void {
    this.#lostListeners.add(listener);
    return () => this.#lostListeners.delete(listener);
  }

  get isOpen(): boolean {
    return this.#model !== undefined;
  }

  async close(): Promise<void> {
    this.#closed = true;
    const model = this.#model ?? (await this.#opening?.catch(() => undefined));
    this.#model = undefined;
    await model?.close().catch(() => undefined);
  }

  async #connect(): Promise<ChannelModel> {
    let model: ChannelModel;
    try {
      // No Nagle delay: a lone message or acknowledgement leaves at once instead of waiting for the
      // previous segment's acknowledgement (tens of ms on an otherwise idle connection).
      model = await connect(this.url, {
        // amqplib's SocketOptions extend Node's TLS options; only the optionality of `timeout` is typed apart.
        ...(this.#options.tls as SocketOptions | undefined),
        noDelay: true,
        clientProperties: { connection_name: this.#options.name },
      });
    } catch (error) {
      throw convertBrokerError(error, this.url, 'connecting');
    }
    if (this.#closed) {
      await model.close().catch(() => undefined);
      throw new ClosedError(`the broker connection ${this.#options.name}`);
    }
    // Without an 'error' listener a broker-side close would crash the process.
    model.on('error', (error: Error) => {
      this.#options.logger.warn({ err: error }, 'the broker connection failed');
    });
    model.on('close', (error?: Error) => {
      if (this.#model !== model) return;
      this.#model = undefined;
      if (this.#closed) return;
      this.#options.logger.warn(
        { broker: redactUrl(this.url), err: error },
        'lost the connection to the broker',
      );
      for (const listener of this.#lostListeners) listener(error);
    });
    this.#model = model;
    this.#options.logger.debug(
      { broker: redactUrl(this.url), connection: this.#options.name },
      'connected to the broker',
    );
    return model;
  }
}
