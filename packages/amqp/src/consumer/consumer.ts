import { setTimeout as sleep } from 'node:timers/promises';
import {
  ClosedError,
  hasTracking,
  hasTransactions,
  NotSupportedError,
  silentLogger,
  tracedLogger,
  ValidationError,
  type Logger,
} from '@annals/core';
import type { Channel, ConfirmChannel, Message } from 'amqplib';
import { backoffDelay } from '../broker/backoff.js';
import { BrokerConnection } from '../broker/broker-connection.js';
import { HandlerMissingError } from '../errors/index.js';
import { Header } from '../messages/headers.js';
import { matchesTopic } from '../messages/topic-pattern.js';
import { listParked, replayParked, type ParkedMessage } from '../parked/index.js';
import { recordOutcomes } from '../telemetry/consumer-metrics.js';
import { checkTopology, declareTopology, type Topology } from '../topology/index.js';
import type { ConsumerOptions, DrainOptions, DrainResult } from './consumer-options.js';
import { Acknowledgements } from './acknowledgements.js';
import { BatchLanes } from './batch-lanes.js';
import { DeliveryProcessor } from './delivery-processor.js';
import { orderingKeyOf, type MessageHandler } from './inbound-message.js';
import { consumerTopology, queueNames, type QueueNames } from './queue-names.js';

/** Most messages `consume()` processes in one transaction. */
const maxBatch = 100;

interface Subscription {
  readonly pattern: string;
  readonly handler: MessageHandler;
}

interface Channels {
  readonly channel: Channel;
  readonly publisher: ConfirmChannel;
}

/** A consumer's channels while it consumes on them. */
interface Consuming {
  readonly channels: Channels;
  readonly acks: Acknowledgements;
  readonly lanes: BatchLanes<Message>;
  /** Resolves when the consuming channel closes. */
  readonly lost: Promise<void>;
  readonly consumerTag: string;
}

/** How many messages wait in a consumer's queues. */
export interface ConsumerBacklog {
  /** The consumer's name. */
  readonly consumer: string;
  /** Ready in the main queue: the consumer's lag. */
  readonly ready: number;
  /** Consumers attached to the main queue. */
  readonly consumers: number;
  /** Waiting in the delay queues for another attempt. */
  readonly retrying: number;
  /** Parked after their last attempt failed, until replayed or discarded. */
  readonly parked: number;
}

/**
 * Reads one durable queue bound to the producers' exchange and hands each message to the handlers whose
 * topic pattern matches, or to the default handler. With a storage that has the `tracking` and
 * `transactions` capabilities a message's handlers run in one transaction that also records its id:
 * returning commits and then the message is acknowledged; a redelivered message is acknowledged without
 * running the handlers again. A throwing handler rolls back, and the message comes back after the next
 * back-off delay, then is parked.
 *
 * @example
 * ```ts
 * const consumer = new Consumer({ name: 'ledger', url, exchange: 'bank.events', strategy: app.strategy })
 *   .subscribe('BankAccount.*', async (message) => ledger.record(message.body))
 *   .otherwise(async (message) => log(message.topic));
 * await consumer.drain();   // everything outstanding, then resolves
 * ```
 */
export class Consumer {
  /** The consumer's name, which is also its queue's. */
  readonly name: string;
  /** The broker objects of its queue. */
  readonly names: QueueNames;
  readonly #options: ConsumerOptions;
  readonly #logger: Logger;
  readonly #connection: BrokerConnection;
  readonly #subscriptions: Subscription[] = [];
  readonly #processor: DeliveryProcessor;
  readonly #retryDelays: readonly number[];
  #default: MessageHandler | undefined;
  #checked = false;
  #stopping: (() => void) | undefined;
  #consuming: Promise<void> | undefined;
  #closed = false;

  constructor(options: ConsumerOptions) {
    if (!/^[A-Za-z0-9._-]+$/.test(options.name)) {
      throw new ValidationError(
        `a consumer name is letters, digits, '.', '_' and '-'; got ${JSON.stringify(options.name)}`,
      );
    }
    const { strategy } = options;
    if (strategy && !(hasTracking(strategy) && hasTransactions(strategy))) {
      throw new NotSupportedError(
        `the ${strategy.name} strategy cannot record processed messages; leave out "strategy" to accept handlers running twice`,
      );
    }
    this.name = options.name;
    this.#options = options;
    this.#retryDelays = options.retryDelays ?? [1000, 10_000, 60_000];
    this.names = queueNames(options.name, this.#retryDelays.length);
    this.#logger = tracedLogger(options.logger ?? silentLogger).child({
      component: 'consumer',
      consumer: options.name,
    });
    this.#connection = new BrokerConnection({
      url: options.url,
      tls: options.tls,
      name: options.connectionName ?? `annals-consumer-${options.name}`,
      logger: this.#logger,
      backoff: options.backoff,
    });
    this.#processor = new DeliveryProcessor({
      consumer: options.name,
      names: this.names,
      maxAttempts: options.maxAttempts ?? this.#retryDelays.length + 1,
      dispatch: (topic) => this.#handlersFor(topic),
      strategy,
      logger: this.#logger,
    });
  }

  /** Handles messages whose topic matches the AMQP pattern (`*` one word, `#` any number). */
  subscribe<P = Record<string, unknown>>(pattern: string, handler: MessageHandler<P>): this {
    if (!pattern) throw new ValidationError('a subscription needs a topic pattern');
    this.#subscriptions.push({ pattern, handler: handler as MessageHandler });
    return this;
  }

  /** Handles every message bound to the queue that no subscription matches. */
  otherwise(handler: MessageHandler): this {
    this.#default = handler;
    return this;
  }

  /** The topic patterns subscribed to, in order. */
  get patterns(): string[] {
    return this.#subscriptions.map((subscription) => subscription.pattern);
  }

  /** The exchanges, queues and bindings this consumer needs. */
  topology(): Topology {
    const from = this.#options.from;
    const keys = new Set([
      ...this.patterns.map((pattern) => (from === undefined ? pattern : `${pattern}.${from}`)),
      ...(this.#options.bindings ?? []),
    ]);
    return consumerTopology({
      names: this.names,
      exchange: this.#options.exchange,
      bindingKeys: [...keys],
      retryDelays: this.#retryDelays,
      queueType: this.#options.queueType ?? 'classic',
    });
  }

  /** Declares this consumer's topology on the broker. */
  async setup(): Promise<void> {
    this.#assertOpen();
    await this.#connection.run('declaring the topology', (model) => declareTopology(model, this.topology()));
    this.#checked = true;
  }

  /**
   * Processes every outstanding message, one at a time, and resolves when the queue is empty and nothing is
   * in hand. @throws TopologyMissingError when the queues or exchanges are missing (without `setup`)
   */
  async drain(options: DrainOptions = {}): Promise<DrainResult> {
    const result = { handled: 0, duplicates: 0, retried: 0, parked: 0 };
    const { channel, publisher } = await this.#openChannels();
    const acks = new Acknowledgements(channel);
    // Retries sent by this drain and not back yet: a message moving from a delay queue back to the main
    // queue is briefly in neither.
    let away = 0;
    try {
      for (;;) {
        const delivery = await this.#connection.run('reading the queue', () =>
          channel.get(this.names.queue, { noAck: false }),
        );
        if (delivery === false) {
          const retrying = async () =>
            this.#connection.run('reading the delay queues', () => this.#retrying(channel));
          if (options.waitForRetries && (away > 0 || (await retrying()) > 0)) {
            await sleep(25);
            continue;
          }
          return result;
        }
        if (Number(delivery.properties.headers?.[Header.attempt]) > 1) away = Math.max(0, away - 1);
        acks.received(delivery);
        const outcome = await this.#processor.process(delivery, acks, publisher);
        recordOutcomes(this.name, [outcome]);
        if (outcome === 'retried') away++;
        if (outcome === 'duplicate') result.duplicates++;
        else result[outcome]++;
        options.onProgress?.({ ...result }, delivery.fields.messageCount);
      }
    } finally {
      await closeChannels({ channel, publisher });
    }
  }

  /**
   * Consumes until `stop()`: messages are spread over `concurrency` lanes by ordering key and processed in
   * arrival order; the messages waiting in a lane (up to 100 of the `prefetch` buffered) are processed as one
   * batch in one transaction with one commit, so the commit's cost is shared. Reconnects with back-off when
   * the broker drops the connection. Resolves once stopped.
   */
  async consume(): Promise<void> {
    this.#assertOpen();
    if (this.#consuming) return this.#consuming;
    const stopped = new Promise<void>((resolve) => {
      this.#stopping = resolve;
    });
    this.#consuming = this.#consumeUntil(stopped);
    return this.#consuming;
  }

  /** Stops consuming after the batches in hand; unprocessed buffered messages go back to the queue. */
  async stop(): Promise<void> {
    this.#stopping?.();
    await this.#consuming?.catch(() => undefined);
    this.#consuming = undefined;
  }

  /** Stops consuming and closes the connection; the consumer cannot be used after. */
  async close(): Promise<void> {
    await this.stop();
    this.#closed = true;
    await this.#connection.close();
  }

  /** How many messages wait in this consumer's queues. */
  async backlog(): Promise<ConsumerBacklog> {
    return this.#connection.run('reading the backlog', async (model) => {
      const channel = await model.createChannel();
      channel.on('error', () => undefined);
      try {
        const main = await channel.checkQueue(this.names.queue);
        const parked = await channel.checkQueue(this.names.parked);
        return {
          consumer: this.name,
          ready: main.messageCount,
          consumers: main.consumerCount,
          retrying: await this.#retrying(channel),
          parked: parked.messageCount,
        };
      } finally {
        await channel.close().catch(() => undefined);
      }
    });
  }

  /** Parked messages of this consumer, oldest first, left in place. @param limit at most this many @default 100 */
  async parkedMessages(limit = 100): Promise<ParkedMessage[]> {
    this.#assertOpen();
    return this.#connection.run('reading parked messages', (model) => listParked(model, this.names, limit));
  }

  /** Sends parked messages (all, or those with the given ids) back for another round of attempts. */
  async replayParked(ids?: readonly string[]): Promise<number> {
    this.#assertOpen();
    return this.#connection.run('replaying parked messages', (model) => replayParked(model, this.names, ids));
  }

  async #consumeUntil(stopped: Promise<void>): Promise<void> {
    let done = false;
    const stopping = new AbortController();
    void stopped.then(() => {
      done = true;
      stopping.abort();
    });
    let attempt = 0;
    while (!done) {
      let consuming: Consuming;
      try {
        consuming = await this.#startConsuming(stopping.signal, () => done);
      } catch (error) {
        // Stopped while the broker was out of reach.
        if (done) return;
        // Before the topology was checked, the failure is the set-up's (a missing queue) and the caller's to
        // hear; after, the broker went away again while the channels opened, as in a restart: try again.
        if (!this.#checked) throw error;
        this.#logger.warn({ err: error }, 'could not start consuming again; retrying');
        await sleep(backoffDelay(++attempt, this.#options.backoff), undefined, {
          signal: stopping.signal,
        }).catch(() => undefined);
        continue;
      }
      attempt = 0;
      const { channels, acks, lanes, lost, consumerTag } = consuming;
      await Promise.race([stopped, lost]);
      await channels.channel.cancel(consumerTag).catch(() => undefined);
      await lanes.idle();
      try {
        acks.flush();
      } catch (error) {
        // The channel is gone (a broker restart): the broker redelivers these, and their records make them duplicates.
        this.#logger.warn(
          { err: error },
          'settled messages could not be acknowledged; the broker will redeliver them',
        );
      }
      await closeChannels(channels);
    }
  }

  /**
   * Opens the channels and starts consuming on them, into lanes that process batches until `isDone()`;
   * closes the channels again when starting fails.
   * @param retryUntil retry while the broker is unreachable, until this aborts
   */
  async #startConsuming(retryUntil: AbortSignal, isDone: () => boolean): Promise<Consuming> {
    const channels = await this.#openChannels(retryUntil);
    const lost = new Promise<void>((resolve) => channels.channel.once('close', () => resolve()));
    const acks = new Acknowledgements(channels.channel);
    const lanes = new BatchLanes<Message>(this.#options.concurrency ?? 1, maxBatch, async (batch, turn) => {
      if (isDone()) return;
      try {
        recordOutcomes(this.name, await this.#processor.processBatch(batch, acks, channels.publisher, turn));
      } catch (error) {
        this.#logger.warn({ err: error }, 'messages could not be settled; the broker will redeliver them');
      }
    });
    try {
      const { consumerTag } = await this.#connection.run('starting to consume', async () => {
        await channels.channel.prefetch(this.#options.prefetch ?? 20);
        return channels.channel.consume(this.names.queue, (delivery: Message | null) => {
          if (!delivery) return;
          acks.received(delivery);
          lanes.push(orderingKeyOf(delivery), delivery);
        });
      });
      return { channels, acks, lanes, lost, consumerTag };
    } catch (error) {
      await closeChannels(channels);
      throw error;
    }
  }

  /** @param retryUntil retry while the broker is unreachable, until this aborts; else fail at once */
  async #openChannels(retryUntil?: AbortSignal): Promise<Channels> {
    this.#assertOpen();
    if (retryUntil) await this.#connection.reopen(retryUntil);
    return this.#connection.run('opening channels', async (model) => {
      if (!this.#checked) {
        if (this.#options.setup) await declareTopology(model, this.topology());
        else await checkTopology(model, this.topology());
        this.#checked = true;
      }
      const channel = await model.createChannel();
      channel.on('error', (error: Error) => this.#logger.warn({ err: error }, 'the consumer channel failed'));
      const publisher = await model.createConfirmChannel();
      publisher.on('error', (error: Error) => this.#logger.warn({ err: error }, 'the retry channel failed'));
      return { channel, publisher };
    });
  }

  async #retrying(channel: Channel): Promise<number> {
    let waiting = 0;
    for (const queue of this.names.delayQueues) waiting += (await channel.checkQueue(queue)).messageCount;
    return waiting;
  }

  #handlersFor(topic: string): MessageHandler[] {
    const handlers = this.#subscriptions
      .filter((subscription) => matchesTopic(subscription.pattern, topic))
      .map((subscription) => subscription.handler);
    if (handlers.length > 0) return handlers;
    if (this.#default) return [this.#default];
    throw new HandlerMissingError(topic, this.name);
  }

  #assertOpen(): void {
    if (this.#closed) throw new ClosedError(`consumer ${this.name}`);
  }
}

async function closeChannels({ channel, publisher }: Channels): Promise<void> {
  await channel.close().catch(() => undefined);
  await publisher.close().catch(() => undefined);
}
