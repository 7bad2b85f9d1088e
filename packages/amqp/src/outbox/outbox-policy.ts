import {
  ValidationError,
  type Application,
  type DomainEvent,
  type EventClass,
  type OutboxMessage,
  type PersistencePolicy,
} from '@annals/core';
import type { EventMessage } from '../messages/event-message.js';
import { Header } from '../messages/headers.js';
import { matchesTopic } from '../messages/topic-pattern.js';
import type { Topology } from '../topology/index.js';

/** Options of an {@link OutboxPolicy}. */
export interface OutboxPolicyOptions {
  /** The topic exchange the messages are published to. */
  readonly exchange: string;
  /** AMQP topic patterns of the events to publish, e.g. `['BankAccount.*']`. */
  readonly publishes: readonly string[];
  /**
   * Appended to every routing key, so consumers can tell producers apart: `BankAccount.Opened.bank`.
   * @default undefined (the routing key is the topic)
   */
  readonly service?: string | undefined;
}

/**
 * The persistence policy that decides which saved events are announced, and writes their outbox messages in
 * the same atomic append as the events: a message exists exactly when its event was committed. Each message
 * goes to the policy's exchange with the event's routing key, is ordered by its aggregate's id, and carries
 * the event as plain JSON ({@link EventMessage}) under the id `<originatorId>:<originatorVersion>`.
 *
 * @example
 * ```ts
 * new OutboxPolicy({ exchange: 'bank.events', publishes: ['BankAccount.*'], service: 'bank' }).attach(app);
 * await app.save(account); // the events and their outbox rows commit together
 * ```
 */
export class OutboxPolicy implements PersistencePolicy {
  /** The topic exchange the messages are published to. */
  readonly exchange: string;
  /** AMQP topic patterns of the events published. */
  readonly publishes: readonly string[];
  /** Appended to routing keys (`<topic>.<service>`), when set. */
  readonly service: string | undefined;

  constructor(options: OutboxPolicyOptions) {
    if (!options.exchange) throw new ValidationError('the outbox policy needs an exchange');
    if (options.publishes.length === 0) {
      throw new ValidationError('the outbox policy needs at least one topic pattern to publish');
    }
    if (options.service !== undefined && !/^[A-Za-z0-9_-]+$/.test(options.service)) {
      throw new ValidationError(
        `service must be one routing-key word; got ${JSON.stringify(options.service)}`,
      );
    }
    this.exchange = options.exchange;
    this.publishes = [...options.publishes];
    this.service = options.service;
  }

  /** Makes every save of `app` write outbox messages for the events it publishes. @returns a detach function */
  attach(app: Application): () => void {
    return app.addPolicy(this);
  }

  /** The outbox messages announcing those of `events` whose topic matches a published pattern. */
  outboxMessages(events: readonly DomainEvent[]): OutboxMessage[] {
    return events
      .filter((event) => this.publishes.some((pattern) => matchesTopic(pattern, event.topic)))
      .map((event) => this.#messageFor(event));
  }

  /** The routing key of a topic: the topic, qualified by the service when one is set. */
  routingKey(topic: string): string {
    return this.service === undefined ? topic : `${topic}.${this.service}`;
  }

  /** The exchange messages are published to. */
  topology(): Topology {
    return { exchanges: [{ name: this.exchange, type: 'topic' }], queues: [], bindings: [] };
  }

  #messageFor(event: DomainEvent): OutboxMessage {
    const schemaVersion = (event.constructor as EventClass).classVersion;
    const id = `${event.originatorId}:${event.originatorVersion}`;
    const timestamp = event.timestamp.toISOString();
    const body: EventMessage<unknown> = {
      id,
      topic: event.topic,
      originatorId: event.originatorId,
      originatorVersion: event.originatorVersion,
      timestamp,
      schemaVersion,
      payload: event.payload,
    };
    return {
      id,
      orderingKey: event.originatorId,
      exchange: this.exchange,
      routingKey: this.routingKey(event.topic),
      contentType: 'application/json',
      headers: {
        [Header.topic]: event.topic,
        [Header.timestamp]: timestamp,
        [Header.schemaVersion]: String(schemaVersion),
      },
      body: Buffer.from(JSON.stringify(body), 'utf8'),
      event: { originatorId: event.originatorId, originatorVersion: event.originatorVersion },
    };
  }
}
