import type { Assertions } from 'ava';
import type { Aggregate, AggregateClass, DomainEvent, EventMetadata, PayloadOf } from '@annals/core';
import type { EventFact, EventType } from './event-fact.js';
import { Outcome, type Settled } from './outcome.js';

type EventConstructor = new (metadata: EventMetadata, payload: object) => DomainEvent;

/**
 * A given/when/then specification of one aggregate: the events that happened to it, the command, and what
 * should follow. Each `given` returns a new specification, so a common history can be shared by tests.
 */
export class Specification<A extends Aggregate> {
  readonly #t: Assertions;
  readonly #aggregateClass: AggregateClass<A>;
  readonly #id: string;
  readonly #history: readonly EventFact[];

  /** @internal Made by `specify`. */
  constructor(
    t: Assertions,
    aggregateClass: AggregateClass<A>,
    id: string,
    history: readonly EventFact[] = [],
  ) {
    this.#t = t;
    this.#aggregateClass = aggregateClass;
    this.#id = id;
    this.#history = history;
  }

  /** Adds an event to the aggregate's history: its class and payload; ids, versions and times are filled in. */
  given<E extends DomainEvent>(eventClass: EventType<E>, payload: PayloadOf<E>): Specification<A>;
  /** Adds events, made with {@link event}, to the aggregate's history, in order. */
  given(...events: readonly EventFact[]): Specification<A>;
  given(...args: readonly unknown[]): Specification<A> {
    const [first, payload] = args;
    const added =
      typeof first === 'function'
        ? [{ eventClass: first as EventFact['eventClass'], payload: payload as object }]
        : (args as readonly EventFact[]);
    return new Specification(this.#t, this.#aggregateClass, this.#id, [...this.#history, ...added]);
  }

  /**
   * Rebuilds the aggregate from the given events and runs the command on it. A command that creates the
   * aggregate (a static factory) returns it: when the command returns an aggregate of the class, that one is
   * checked. Commands may be async; `then` and `thenThrows` then return promises.
   */
  when<R>(command: (aggregate: A) => R): Outcome<A, R> {
    const aggregate = this.#replay();
    const subject = (returned: unknown): A =>
      returned instanceof this.#aggregateClass ? returned : aggregate;
    let returned: R;
    try {
      returned = command(aggregate);
    } catch (error) {
      return new Outcome(this.#t, { aggregate, threw: true, error });
    }
    if (isPromiseLike(returned)) {
      const settled = Promise.resolve(returned).then(
        (value): Settled<A> => ({ aggregate: subject(value), threw: false }),
        (error: unknown): Settled<A> => ({ aggregate, threw: true, error }),
      );
      return new Outcome(this.#t, settled);
    }
    return new Outcome(this.#t, { aggregate: subject(returned), threw: false });
  }

  #replay(): A {
    const aggregate = new this.#aggregateClass(this.#id);
    // Times one millisecond apart, ending now, keep createdOn < modifiedOn as in real histories.
    const start = Date.now() - this.#history.length;
    this.#history.forEach(({ eventClass, payload }, index) => {
      const metadata: EventMetadata = {
        originatorId: this.#id,
        originatorVersion: index + 1,
        timestamp: new Date(start + index),
      };
      aggregate.mutate(new (eventClass as unknown as EventConstructor)(metadata, payload));
    });
    return aggregate;
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
