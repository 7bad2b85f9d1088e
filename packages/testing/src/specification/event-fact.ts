import type { DomainEvent, EventClass, EventMetadata, PayloadOf } from '@annals/core';

/** An event class whose payload type is known, so that payloads given with it are checked. */
export type EventType<E extends DomainEvent> = (new (metadata: EventMetadata, payload: PayloadOf<E>) => E) & {
  /** The event class's topic. */
  readonly topic: string;
};

/** An event of a specification, by class and payload; the specification fills in its metadata. */
export interface EventFact {
  /** The event's class. */
  readonly eventClass: EventClass;
  /** The event's payload. */
  readonly payload: object;
}

/**
 * Names an event for `given` or `then` when there are several: its class and its payload, checked against
 * each other.
 *
 * @example
 * ```ts
 * specify(t, BankAccount)
 *   .given(
 *     event(AccountOpened, { owner: 'Ada', overdraftLimit: 0 }),
 *     event(MoneyDeposited, { amount: 100, reference: 'salary' }),
 *   )
 *   .when((account) => account.withdraw(30))
 *   .then(MoneyWithdrawn, { amount: 30, reference: 'withdrawal' });
 * ```
 */
export function event<E extends DomainEvent>(eventClass: EventType<E>, payload: PayloadOf<E>): EventFact {
  return { eventClass: eventClass as unknown as EventClass, payload };
}
