import type { ActiveRecordStrategy, Logger, TrackingStore, TransactionalStore } from '@annals/core';
import type { ConfirmChannel, Message, Options } from 'amqplib';
import { inSpan } from '@annals/core/telemetry';
import { Header } from '../messages/headers.js';
import { recordProcessing } from '../telemetry/consumer-metrics.js';
import { attemptOf, toInboundMessage, type InboundMessage, type MessageHandler } from './inbound-message.js';
import type { Acknowledgements } from './acknowledgements.js';
import type { Turn } from './batch-lanes.js';
import type { QueueNames } from './queue-names.js';

/** What became of one delivery. */
export type Outcome = 'handled' | 'duplicate' | 'retried' | 'parked';

/** Options of a {@link DeliveryProcessor}. */
export interface DeliveryProcessorOptions {
  readonly consumer: string;
  readonly names: QueueNames;
  readonly maxAttempts: number;
  /** The handlers for a topic; throws when there are none. */
  readonly dispatch: (topic: string) => readonly MessageHandler[];
  /** Where handlers run in transactions that record the message ids; without it, handlers may run twice. */
  readonly strategy: (ActiveRecordStrategy & TrackingStore & TransactionalStore) | undefined;
  readonly logger: Logger;
}

/**
 * Processes one delivery: in one storage transaction, records the message id (a redelivery stops here) and
 * runs the handlers; acknowledges only after that commit. A failure sends a copy to the next delay queue, or
 * after the last attempt to the parked queue, waits for the broker to confirm it, then acknowledges.
 *
 * {@link processBatch} does the same for several deliveries in one transaction, in order, with one commit.
 */
export class DeliveryProcessor {
  readonly #options: DeliveryProcessorOptions;
  readonly #transaction: TransactionalStore['transaction'] | undefined;
  readonly #record: TrackingStore['recordProcessedMessages'] | undefined;

  constructor(options: DeliveryProcessorOptions) {
    this.#options = options;
    this.#transaction = options.strategy?.transaction.bind(options.strategy);
    this.#record = options.strategy?.recordProcessedMessages.bind(options.strategy);
  }

  async process(delivery: Message, acks: Acknowledgements, publisher: ConfirmChannel): Promise<Outcome> {
    let outcome: Outcome;
    try {
      outcome = await this.#handle(toInboundMessage(delivery));
    } catch (error) {
      outcome = await this.#fail(delivery, attemptOf(delivery), error, publisher);
    }
    acks.ack([delivery]);
    return outcome;
  }

  /**
   * Processes `deliveries` in order in ONE transaction (their ids recorded in one statement, then the handlers
   * of each that was new), commits once, then acknowledges them all: the same guarantees as {@link process}
   * for each, one commit for all. When a message fails, the batch rolls back; the messages before it go again
   * as a batch, the failed one goes to its retry or parking (its handlers are not run a second time), and the
   * rest go on as a batch. When the commit itself fails, each message is processed on its own.
   *
   * With a `turn`, the batch may begin while the lane's previous batch commits: it records its ids, then
   * waits for that commit before running handlers; when that commit failed, it rolls back and starts again
   * once the previous batch's failure is handled.
   */
  async processBatch(
    deliveries: readonly Message[],
    acks: Acknowledgements,
    publisher: ConfirmChannel,
    turn?: Turn,
  ): Promise<Outcome[]> {
    const transaction = this.#transaction;
    if (!transaction) {
      const outcomes: Outcome[] = [];
      for (const delivery of deliveries) outcomes.push(await this.process(delivery, acks, publisher));
      return outcomes;
    }
    if (deliveries.length === 0) return [];
    let failed: { readonly index: number; readonly error: unknown } | undefined;
    let overtaking = false;
    let committing = false;
    let outcomes: Outcome[];
    try {
      outcomes = await transaction(async () => {
        const messages = deliveries.map(toInboundMessage);
        const fresh = await this.#fresh(messages);
        if (turn && !(await turn.previous)) {
          overtaking = true;
          throw new Error('the batch before this one failed to commit');
        }
        const done: Outcome[] = [];
        for (const [index, message] of messages.entries()) {
          try {
            // Taken out of `fresh` as it runs: the same message twice in one batch runs once.
            done.push(fresh.delete(message.id) ? await this.#dispatch(message) : this.#duplicate(message));
          } catch (error) {
            failed = { index, error };
            throw error;
          }
        }
        committing = true;
        turn?.committing();
        return done;
      });
      turn?.committed(true);
    } catch (error) {
      if (committing) turn?.committed(false);
      if (overtaking) {
        await turn?.previousDone;
        return this.processBatch(deliveries, acks, publisher);
      }
      if (!failed) {
        this.#options.logger.warn(
          { err: error },
          'a batch failed to commit; processing its messages one by one',
        );
        const outcomes: Outcome[] = [];
        for (const delivery of deliveries) outcomes.push(await this.process(delivery, acks, publisher));
        return outcomes;
      }
      const { index } = failed;
      const failing = deliveries[index] as Message;
      const before = await this.processBatch(deliveries.slice(0, index), acks, publisher);
      const outcome = await this.#fail(failing, attemptOf(failing), failed.error, publisher);
      acks.ack([failing]);
      const after = await this.processBatch(deliveries.slice(index + 1), acks, publisher);
      return [...before, outcome, ...after];
    }
    acks.ack(deliveries);
    return outcomes;
  }

  async #handle(message: InboundMessage): Promise<Outcome> {
    const run = (): Promise<Outcome> => this.#run(message);
    return this.#transaction ? await this.#transaction(run) : await run();
  }

  /** Records the message's id (a redelivery stops here) and runs its handlers, in the caller's transaction. */
  async #run(message: InboundMessage): Promise<Outcome> {
    const fresh = await this.#fresh([message]);
    return fresh.delete(message.id) ? await this.#dispatch(message) : this.#duplicate(message);
  }

  /** Records the messages' ids in one statement; returns those not recorded before (all without storage). */
  async #fresh(messages: readonly InboundMessage[]): Promise<Set<string>> {
    const ids = messages.map((message) => message.id);
    const record = this.#record;
    return new Set(record ? await record(this.#options.consumer, ids) : ids);
  }

  /** Runs the message's handlers in a consumer span that continues the trace of the message's save. */
  async #dispatch(message: InboundMessage): Promise<Outcome> {
    const { consumer } = this.#options;
    const attributes = {
      'messaging.system': 'rabbitmq',
      'messaging.operation.type': 'process',
      'messaging.consumer.group.name': consumer,
      'messaging.rabbitmq.destination.routing_key': message.routingKey,
      'messaging.message.id': message.id,
      'annals.topic': message.topic,
      'annals.position': message.position,
      'annals.attempt': message.attempt,
    };
    return inSpan(
      `process ${consumer}`,
      { kind: 'consumer', parent: message.headers, attributes },
      async (): Promise<Outcome> => {
        const started = performance.now();
        try {
          for (const handler of this.#options.dispatch(message.topic)) await handler(message);
        } catch (error) {
          recordProcessing(consumer, started, error);
          throw error;
        }
        recordProcessing(consumer, started, undefined);
        return 'handled';
      },
    );
  }

  #duplicate(message: InboundMessage): Outcome {
    this.#options.logger.debug({ messageId: message.id }, 'processed before; acknowledged');
    return 'duplicate';
  }

  async #fail(
    delivery: Message,
    attempt: number,
    error: unknown,
    publisher: ConfirmChannel,
  ): Promise<Outcome> {
    const { names, maxAttempts, logger } = this.#options;
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const park = attempt >= maxAttempts || names.delayQueues.length === 0;
    const key = park ? 'parked' : String(Math.min(attempt, names.delayQueues.length));
    const headers: Record<string, unknown> = {
      ...(delivery.properties.headers as Record<string, unknown> | undefined),
      [Header.attempt]: attempt + 1,
      [Header.error]: reason.slice(0, 1000),
      ...(park ? { [Header.parkedAt]: new Date().toISOString() } : {}),
    };
    await confirmPublish(publisher, names.retryExchange, key, delivery.content, {
      ...carriedProperties(delivery),
      headers,
    });
    const id = String(delivery.properties.messageId);
    const fields = { messageId: id, attempt, err: error };
    if (park) logger.error(fields, 'parked after the last attempt failed');
    else logger.warn(fields, 'attempt failed; retrying');
    return park ? 'parked' : 'retried';
  }
}

/** The properties a retried, parked or replayed copy keeps. */
export function carriedProperties(delivery: Message): Options.Publish {
  const { messageId, contentType, type, appId, timestamp } = delivery.properties as unknown as Record<
    string,
    unknown
  >;
  return {
    persistent: true,
    ...(typeof messageId === 'string' ? { messageId } : {}),
    ...(typeof contentType === 'string' ? { contentType } : {}),
    ...(typeof type === 'string' ? { type } : {}),
    ...(typeof appId === 'string' ? { appId } : {}),
    ...(typeof timestamp === 'number' ? { timestamp } : {}),
  };
}

/** Publishes and resolves once the broker confirmed; rejects on a nack or a closed channel. */
export function confirmPublish(
  channel: ConfirmChannel,
  exchange: string,
  routingKey: string,
  content: Buffer,
  options: Options.Publish,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    channel.publish(exchange, routingKey, content, options, (error: unknown) => {
      if (error) reject(error instanceof Error ? error : new Error('the broker refused the message'));
      else resolve();
    });
  });
}
