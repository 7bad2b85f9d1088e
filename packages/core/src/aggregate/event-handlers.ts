import { IntegrityError, ValidationError } from '../errors/index.js';
import type { DomainEvent, EventClass } from '../events/index.js';
import type { Aggregate } from './aggregate.js';

/** Changes an aggregate's state for one event of a class. */
export type EventHandler<A extends Aggregate, E extends DomainEvent> = (aggregate: A, event: E) => void;

/**
 * An aggregate's event classes and how each one changes it, declared together, so that the list of events
 * and the branches of `apply` cannot drift apart: `events` is derived from the handlers, and an event
 * class listed has a handler by construction.
 *
 * @example
 * ```ts
 * const handlers = new EventHandlers<BankAccount>()
 *   .on(Opened, (account, event) => { account.owner = event.payload.owner; })
 *   .on(Deposited, (account, event) => { account.balance += event.payload.amount; });
 *
 * class BankAccount extends Aggregate {
 *   static override readonly topic = 'BankAccount';
 *   static override readonly events = handlers.events;
 *   owner = '';
 *   balance = 0;
 *   protected override apply(event: DomainEvent): void {
 *     handlers.apply(this, event);
 *   }
 * }
 * ```
 */
export class EventHandlers<A extends Aggregate> {
  readonly #handlers = new Map<EventClass, EventHandler<A, DomainEvent>>();

  /** The event classes that have a handler, in the order they were added: an aggregate's `events`. */
  get events(): readonly EventClass[] {
    return [...this.#handlers.keys()];
  }

  /** Adds the handler of an event class. @returns this, to chain the next */
  on<E extends DomainEvent>(eventClass: EventClass<E>, handler: EventHandler<A, E>): this {
    if (this.#handlers.has(eventClass)) {
      throw new ValidationError(`${eventClass.name} has two handlers`);
    }
    this.#handlers.set(eventClass, handler as EventHandler<A, DomainEvent>);
    return this;
  }

  /** Runs the handler of the event's class. */
  apply(aggregate: A, event: DomainEvent): void {
    const handler = this.#handlers.get(event.constructor as EventClass);
    if (!handler) {
      throw new IntegrityError(
        `${aggregate.constructor.name} has no handler for ${event.constructor.name} (topic "${event.topic}")`,
      );
    }
    handler(aggregate, event);
  }
}
