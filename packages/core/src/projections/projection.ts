import { ValidationError } from '../errors/index.js';
import type { DomainEvent, EventClass } from '../events/index.js';

/** Where in the log and in which read model a projection's handler runs. */
export interface ProjectionScope {
  /** The generation of the read model being written: the served one, or the one a rebuild writes. */
  readonly generation: number;
  /** The notification position of the event being handled. */
  readonly position: number;
}

/**
 * Changes the read model for one event, through `context` (e.g. the batch transaction's entity manager).
 * It runs in the batch's transaction: throwing rolls back the batch's writes and its checkpoint.
 */
export type ProjectionHandler<E extends DomainEvent, C> = (
  event: E,
  context: C,
  scope: ProjectionScope,
) => void | Promise<void>;

/** Prepares (`setUp`) or removes (`tearDown`) the tables of one generation of a read model. */
export type GenerationHook<C> = (context: C, generation: number) => void | Promise<void>;

/**
 * A read model built from events: handlers per event class with typed payloads, which write to the
 * user's storage through a context, such as an entity manager. Runners read only the topics it handles.
 *
 * @example
 * ```ts
 * const balances = new Projection<EntityManager>('balances')
 *   .on(Opened, (event, em) => { em.create(Balance, { id: event.originatorId, amount: 0 }); })
 *   .on(Deposited, async (event, em) => {
 *     const row = await em.findOneOrFail(Balance, event.originatorId);
 *     row.amount += event.payload.amount;
 *   });
 * ```
 */
export class Projection<C = void> {
  /** The projection's name: the key of its record, checkpoints and lease. */
  readonly name: string;
  readonly #handlers = new Map<EventClass, ProjectionHandler<DomainEvent, C>>();
  #setUp: GenerationHook<C> | undefined;
  #tearDown: GenerationHook<C> | undefined;

  constructor(name: string) {
    if (typeof name !== 'string' || !/^[A-Za-z0-9][\w.-]{0,99}$/.test(name)) {
      throw new ValidationError(
        `a projection name is 1 to 100 letters, digits, '_', '.' or '-', starting with a letter or digit; ` +
          `got ${JSON.stringify(name)}`,
      );
    }
    this.name = name;
  }

  /** Adds the handler of an event class. @returns this, to chain the next */
  on<E extends DomainEvent>(eventClass: EventClass<E>, handler: ProjectionHandler<E, C>): this {
    if (this.#handlers.has(eventClass)) {
      throw new ValidationError(`projection ${this.name} has two handlers for ${eventClass.name}`);
    }
    this.#handlers.set(eventClass, handler as ProjectionHandler<DomainEvent, C>);
    return this;
  }

  /** Creates a generation's tables (or whatever it needs) before its first event, in that batch's transaction. */
  setUp(hook: GenerationHook<C>): this {
    this.#setUp = hook;
    return this;
  }

  /** Removes the tables of a generation that a rebuild replaced. */
  tearDown(hook: GenerationHook<C>): this {
    this.#tearDown = hook;
    return this;
  }

  /** The event classes it handles. */
  get eventClasses(): readonly EventClass[] {
    return [...this.#handlers.keys()];
  }

  /** The topics runners read: those of the handled classes and their aliases. */
  get topics(): readonly string[] {
    return this.eventClasses.flatMap((eventClass) => [eventClass.topic, ...eventClass.aliases]);
  }

  /** Runs the handler of the event's class; events of other classes change nothing. */
  async handle(event: DomainEvent, context: C, scope: ProjectionScope): Promise<void> {
    await this.#handlers.get(event.constructor as EventClass)?.(event, context, scope);
  }

  /** Runs the `setUp` hook, if any. */
  async prepare(context: C, generation: number): Promise<void> {
    await this.#setUp?.(context, generation);
  }

  /** Runs the `tearDown` hook, if any. */
  async discard(context: C, generation: number): Promise<void> {
    await this.#tearDown?.(context, generation);
  }
}
