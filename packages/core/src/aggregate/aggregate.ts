import { v7 as uuidv7 } from 'uuid';
import { IntegrityError } from '../errors/index.js';
import type { DomainEvent, EventClass, EventMetadata, PayloadOf } from '../events/index.js';

/**
 * The base of every aggregate. Commands call `trigger`, which applies the new event to the aggregate and
 * keeps it pending until the application saves it. Constructors must be callable with just an id, because
 * the repository rebuilds aggregates with `new Class(id)` before replaying their events.
 *
 * @example
 * ```ts
 * class BankAccount extends Aggregate {
 *   static override readonly topic = 'BankAccount';
 *   static override readonly events = [Opened, Deposited];
 *   balance = 0;
 *   deposit(amount: number) { this.trigger(Deposited, { amount }); }
 *   protected override apply(event: DomainEvent) {
 *     if (event instanceof Deposited) this.balance += event.payload.amount;
 *   }
 * }
 * ```
 */
export abstract class Aggregate {
  /** The stable name under which snapshots of this class are stored. */
  declare static readonly topic: string;
  /** The event classes this aggregate triggers; the application registers their topics. @default [] */
  static readonly events: readonly EventClass[] = [];

  /** The aggregate's id, a UUID in lower case (version 7 unless one is given). */
  readonly id: string;
  #version = 0;
  #createdOn: Date | undefined;
  #modifiedOn: Date | undefined;
  #pending: DomainEvent[] = [];

  /** @param id a UUID; one given in upper case is kept in lower case, the one spelling every store agrees on */
  constructor(id: string = uuidv7()) {
    this.id = id.toLowerCase();
  }

  /** The version of the last event applied; 0 before the first. */
  get version(): number {
    return this.#version;
  }

  /** When the first event happened. */
  get createdOn(): Date | undefined {
    return this.#createdOn;
  }

  /** When the last event happened. */
  get modifiedOn(): Date | undefined {
    return this.#modifiedOn;
  }

  /** Events triggered since the aggregate was loaded or last saved. */
  get pendingEvents(): readonly DomainEvent[] {
    return this.#pending;
  }

  /** Records a new event: applies it to this aggregate and keeps it pending until saved. */
  protected trigger<E extends DomainEvent>(
    eventClass: new (metadata: EventMetadata, payload: PayloadOf<E>) => E,
    payload: PayloadOf<E>,
  ): E {
    const event = new eventClass(
      { originatorId: this.id, originatorVersion: this.#version + 1, timestamp: new Date() },
      payload,
    );
    this.mutate(event);
    this.#pending.push(event);
    return event;
  }

  /** Changes the aggregate's state for one event; called for new and replayed events alike. */
  protected abstract apply(event: DomainEvent): void;

  /** Replays a stored event. Versions must follow on without gaps. */
  mutate(event: DomainEvent): void {
    if (event.originatorId !== this.id || event.originatorVersion !== this.#version + 1) {
      throw new IntegrityError(
        `event ${event.topic} v${event.originatorVersion} of ${event.originatorId} does not follow ` +
          `aggregate ${this.id} at version ${this.#version}`,
      );
    }
    this.apply(event);
    this.#version = event.originatorVersion;
    this.#createdOn ??= event.timestamp;
    this.#modifiedOn = event.timestamp;
  }

  /** Forgets the pending events that a save has stored. */
  markSaved(events: readonly DomainEvent[]): void {
    this.#pending = this.#pending.filter((event) => !events.includes(event));
  }

  /** Restores the bookkeeping a snapshot carries. */
  restore(version: number, createdOn: Date | undefined, modifiedOn: Date | undefined): void {
    this.#version = version;
    this.#createdOn = createdOn;
    this.#modifiedOn = modifiedOn;
  }
}

/** A concrete aggregate class. */
export interface AggregateClass<A extends Aggregate = Aggregate> {
  new (id: string): A;
  /** The aggregate class's stable topic, stored with its snapshots. */
  readonly topic: string;
  /** The event classes the aggregate triggers. */
  readonly events: readonly EventClass[];
  /** The class's name, for messages. */
  readonly name: string;
}
