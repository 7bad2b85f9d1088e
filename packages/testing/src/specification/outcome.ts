import type { Assertions } from 'ava';
import type { Aggregate, DomainEvent, PayloadOf } from '@annals/core';
import type { ErrorClass, ErrorExpectation } from './error-expectation.js';
import type { EventFact, EventType } from './event-fact.js';
import { describe, mismatch } from './internal/match-error.js';

/** What the command did: the aggregate its events are on, and the error it threw, if any. */
export interface Settled<A extends Aggregate> {
  readonly aggregate: A;
  readonly threw: boolean;
  readonly error?: unknown;
}

/** `then`'s result: the aggregate after the command, or a promise of it when the command was async. */
export type Checked<R, T> = R extends PromiseLike<unknown> ? Promise<T> : T;

/**
 * What a command did, waiting to be compared with what was expected. Events are compared on topic and
 * payload; their metadata (ids, versions, timestamps) is the aggregate's business.
 */
export class Outcome<A extends Aggregate, R> {
  readonly #t: Assertions;
  readonly #settled: Settled<A> | Promise<Settled<A>>;

  /** @internal Made by `Specification.when`. */
  constructor(t: Assertions, settled: Settled<A> | Promise<Settled<A>>) {
    this.#t = t;
    this.#settled = settled;
  }

  /**
   * Asserts that the command triggered exactly this one event, with this payload.
   * @returns the aggregate, for further assertions on its state.
   */
  then<E extends DomainEvent>(eventClass: EventType<E>, payload: PayloadOf<E>): Checked<R, A>;
  /** Asserts that the command triggered exactly these events, in this order; none when none are given. */
  then(...expected: readonly EventFact[]): Checked<R, A>;
  then(...args: readonly unknown[]): Checked<R, A> {
    const expected = toFacts(args);
    return this.#check((settled) => {
      const t = this.#t;
      if (settled.threw) {
        t.fail(`expected the command to trigger events, but it threw ${describe(settled.error)}`);
      } else {
        t.deepEqual(
          settled.aggregate.pendingEvents.map(topicAndPayload),
          expected.map((fact) => ({ topic: fact.eventClass.topic, payload: fact.payload })),
          'the events the command triggered',
        );
      }
      return settled.aggregate;
    });
  }

  /**
   * Asserts that the command threw an error that meets `expectation`.
   * @returns the error, or `undefined` when the assertion failed (as ava's `t.throws` does).
   */
  thenThrows<E extends Error>(expectation: ErrorClass<E> | ErrorExpectation<E>): Checked<R, E | undefined> {
    return this.#check((settled) => {
      const t = this.#t;
      if (!settled.threw) {
        const topics = settled.aggregate.pendingEvents.map((e) => e.topic);
        t.fail(`expected the command to throw, but it triggered [${topics.join(', ')}]`);
        return undefined;
      }
      const problem = mismatch(settled.error, expectation);
      if (problem) {
        t.fail(problem);
        return undefined;
      }
      t.pass();
      return settled.error as E;
    });
  }

  #check<T>(check: (settled: Settled<A>) => T): Checked<R, T> {
    const settled = this.#settled;
    return (settled instanceof Promise ? settled.then(check) : check(settled)) as Checked<R, T>;
  }
}

function toFacts(args: readonly unknown[]): readonly EventFact[] {
  const [first, payload] = args;
  if (typeof first === 'function')
    return [{ eventClass: first as EventFact['eventClass'], payload: payload as object }];
  return args as readonly EventFact[];
}

function topicAndPayload(event: DomainEvent): { topic: string; payload: object } {
  return { topic: event.topic, payload: event.payload };
}
