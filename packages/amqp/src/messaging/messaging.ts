import type { ConnectionOptions } from 'node:tls';
import {
  hasOutbox,
  hasTracking,
  hasTransactions,
  tracedLogger,
  type Application,
  type Logger,
  type Tracking,
} from '@annals/core';
import { Consumer, type ConsumerBacklog } from '../consumer/index.js';
import { OutboxPolicy } from '../outbox/index.js';
import { OutboxRelay, type FlushOptions } from '../relay/index.js';
import { declareTopology, mergeTopologies, type Topology } from '../topology/index.js';
import { BrokerConnection } from '../broker/broker-connection.js';
import { redactUrl } from '../broker/broker-url.js';
import {
  amqpCaFileSetting,
  amqpExchangeSetting,
  amqpServiceSetting,
  amqpUrlSetting,
  type MessagingConsumerOptions,
  type MessagingOptions,
} from './messaging-options.js';

/** What `annals status` reports. */
export interface MessagingStatus {
  /** The application's outbox. */
  readonly outbox: {
    /** How many rows wait for the broker's confirmation. */
    readonly pending: number;
    /** Age of the oldest pending row in ms; absent when none is pending. */
    readonly oldestAgeMs?: number | undefined;
  };
  /** The highest processed position per upstream application. */
  readonly tracking: readonly Tracking[];
  /** The backlog of each consumer defined. */
  readonly consumers: readonly ConsumerBacklog[];
}

/**
 * An application's messaging: what it publishes (an {@link OutboxPolicy} writing outbox rows in every save,
 * and an {@link OutboxRelay} sending those and the messages of `app.enqueue(…)`) and the consumers it runs.
 * The `annals` CLI works through it.
 *
 * @example
 * ```ts
 * const messaging = new Messaging(bank, { exchange: 'bank.events', publishes: ['BankAccount.*'] });
 * await messaging.start();                                  // checks the exchange, starts the relay
 * messaging.consumer('statements').subscribe('BankAccount.*', handle);
 * ```
 */
export class Messaging {
  /** The application whose events it publishes and whose handlers it runs. */
  readonly app: Application;
  /** The broker's URL with its password masked, for messages and logs. */
  readonly url: string;
  readonly #url: string;
  /** The topic exchange events are published to and consumers read from. */
  readonly exchange: string;
  /** The policy that writes outbox rows with every save; absent when nothing is published. */
  readonly policy: OutboxPolicy | undefined;
  /** The relay that publishes the outbox; absent when nothing is published. */
  readonly relay: OutboxRelay | undefined;
  readonly #consumers = new Map<string, Consumer>();
  readonly #tls: ConnectionOptions | undefined;
  readonly #logger: Logger;
  readonly #setup: boolean;
  readonly #publishing: Topology;
  #started = false;
  #detach: (() => void) | undefined;

  constructor(app: Application, options: MessagingOptions = {}) {
    this.app = app;
    this.#url = app.settings.resolve(amqpUrlSetting, options.url, 'amqp://guest:guest@127.0.0.1:5672');
    this.url = redactUrl(this.#url);
    this.#tls = options.tls ?? app.settings.resolve(amqpCaFileSetting, undefined, undefined);
    this.exchange = app.settings.resolve(amqpExchangeSetting, options.exchange, 'annals.events');
    this.#logger = tracedLogger(options.logger ?? app.logger);
    this.#setup = options.setup ?? false;
    const publishes = options.publishes ?? [];
    const service = app.settings.resolve(amqpServiceSetting, options.service, undefined);
    if (publishes.length > 0) {
      this.policy = new OutboxPolicy({ exchange: this.exchange, publishes, service });
      this.#detach = this.policy.attach(app);
    }
    this.#publishing = mergeTopologies(
      ...(this.policy ? [this.policy.topology()] : []),
      ...(options.relay?.topology ? [options.relay.topology] : []),
    );
    if (hasOutbox(app.strategy)) {
      this.relay = new OutboxRelay({
        ...options.relay,
        strategy: app.strategy,
        url: this.#url,
        tls: this.#tls,
        topology: this.#publishing,
        setup: this.#setup,
        appId: options.relay?.appId ?? service ?? app.name,
        logger: this.#logger,
      });
    }
  }

  /** A consumer with this messaging's broker, exchange, storage and logger; registered for the CLI. */
  consumer(name: string, options: MessagingConsumerOptions = {}): Consumer {
    const existing = this.#consumers.get(name);
    if (existing) return existing;
    const consumer = new Consumer({
      url: this.#url,
      tls: this.#tls,
      exchange: this.exchange,
      strategy:
        hasTracking(this.app.strategy) && hasTransactions(this.app.strategy) ? this.app.strategy : undefined,
      setup: this.#setup,
      logger: this.#logger,
      ...options,
      name,
    });
    this.#consumers.set(name, consumer);
    return consumer;
  }

  /** The registered consumers, in registration order. */
  get consumers(): Consumer[] {
    return [...this.#consumers.values()];
  }

  /** Everything this messaging needs on the broker. */
  topology(): Topology {
    return mergeTopologies(this.#publishing, ...this.consumers.map((consumer) => consumer.topology()));
  }

  /** Declares the exchanges, queues and bindings of the relay and every consumer. */
  async setup(): Promise<Topology> {
    const connection = new BrokerConnection({
      url: this.#url,
      tls: this.#tls,
      name: 'annals-setup',
      logger: this.#logger,
    });
    try {
      const topology = this.topology();
      await connection.run('declaring the topology', (model) => declareTopology(model, topology));
      return topology;
    } finally {
      await connection.close();
    }
  }

  /**
   * Starts the relay: checks (or declares) the exchanges it publishes to, publishes what is pending, and
   * from then on publishes after every commit and on its sweep. Consumers are started by calling
   * `consume()` or `drain()`.
   */
  async start(): Promise<void> {
    if (!this.relay || this.#started) return;
    await this.relay.start();
    this.#started = true;
  }

  /** Publishes everything pending; see {@link OutboxRelay.flush}. @returns how many rows were published */
  async flush(options?: FlushOptions): Promise<number> {
    return this.relay ? this.relay.flush(options) : 0;
  }

  /** The outbox, tracking and consumer backlogs: what `annals status` reports. */
  async status(): Promise<MessagingStatus> {
    const { strategy } = this.app;
    const backlog = hasOutbox(strategy) ? await strategy.outboxBacklog() : { pending: 0, oldest: undefined };
    return {
      outbox: {
        pending: backlog.pending,
        oldestAgeMs: backlog.oldest && Math.max(0, Date.now() - backlog.oldest.getTime()),
      },
      tracking: hasTracking(strategy) ? await strategy.trackingPositions() : [],
      consumers: await Promise.all(this.consumers.map((consumer) => consumer.backlog())),
    };
  }

  /** Stops the consumers and the relay, and stops writing outbox rows. The application stays open. */
  async close(): Promise<void> {
    this.#detach?.();
    await Promise.all(this.consumers.map((consumer) => consumer.close()));
    await this.relay?.stop();
  }
}
