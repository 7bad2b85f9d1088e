import type { Application } from '../application/index.js';
import { ValidationError } from '../errors/index.js';
import type { DomainEvent, EventClass } from '../events/index.js';
import type { Processing } from './processing.js';

/**
 * Reacts to one upstream event: loads the application's own aggregates, changes them, and hands them to
 * `processing` (with any messages to send), to be recorded with the tracking record in one append.
 */
export type PolicyHandler<A extends Application, E extends DomainEvent> = (
  app: A,
  event: E,
  processing: Processing,
) => void | Promise<void>;

/**
 * What a process application does for each upstream event class, with typed payloads. Runners read only
 * the topics it handles.
 *
 * @example
 * ```ts
 * const policy = new Policy<Transfers>().on(Debited, async (transfers, event, processing) => {
 *   const transfer = await transfers.get(Transfer, event.payload.transferId);
 *   transfer.markDebited();
 *   processing.collect(transfer);
 * });
 * ```
 */
export class Policy<A extends Application> {
  // Typed for any application, so that a subclass's policy can stand where ProcessApplication's is expected.
  readonly #handlers = new Map<EventClass, PolicyHandler<Application, DomainEvent>>();

  /** Adds the handler of an upstream event class. @returns this, to chain the next */
  on<E extends DomainEvent>(eventClass: EventClass<E>, handler: PolicyHandler<A, E>): Policy<A> {
    if (this.#handlers.has(eventClass)) {
      throw new ValidationError(`a policy has two handlers for ${eventClass.name}`);
    }
    this.#handlers.set(eventClass, handler as unknown as PolicyHandler<Application, DomainEvent>);
    return this;
  }

  /** The upstream event classes it handles. */
  get eventClasses(): readonly EventClass[] {
    return [...this.#handlers.keys()];
  }

  /** The topics runners read: those of the handled classes and their aliases. */
  get topics(): readonly string[] {
    return this.eventClasses.flatMap((eventClass) => [eventClass.topic, ...eventClass.aliases]);
  }

  /** Runs the handler of the event's class; events of other classes change nothing. */
  async handle(app: A, event: DomainEvent, processing: Processing): Promise<void> {
    await this.#handlers.get(event.constructor as EventClass)?.(app, event, processing);
  }
}
