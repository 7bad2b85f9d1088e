import { randomUUID } from 'node:crypto';
import type { Assertions } from 'ava';
import type { Aggregate, AggregateClass } from '@annals/core';
import { Specification } from './specification.js';

/** Options of {@link specify}. */
export interface SpecifyOptions {
  /** The aggregate's id, and the originator id of the given events. @default a random UUID */
  readonly id?: string;
}

/**
 * Starts a given/when/then specification of an aggregate class: given past events (their metadata is filled
 * in), when a command runs, then it triggers these events (compared on topic and payload) or throws this
 * error. Assertions go through `t`, so failures show as ava diffs.
 *
 * @example
 * ```ts
 * test('a withdrawal within the balance is recorded', (t) => {
 *   const account = specify(t, BankAccount)
 *     .given(AccountOpened, { owner: 'Ada', overdraftLimit: 0 })
 *     .given(MoneyDeposited, { amount: 100, reference: 'salary' })
 *     .when((account) => account.withdraw(30))
 *     .then(MoneyWithdrawn, { amount: 30, reference: 'withdrawal' });
 *   t.is(account.balance, 70);
 * });
 *
 * test('an overdraft beyond the limit is refused', (t) => {
 *   specify(t, BankAccount)
 *     .given(AccountOpened, { owner: 'Ada', overdraftLimit: 0 })
 *     .when((account) => account.withdraw(1))
 *     .thenThrows(InsufficientFundsError);
 * });
 *
 * test('opening an account', (t) => {
 *   specify(t, BankAccount)
 *     .when(() => BankAccount.open('Ada', 500))
 *     .then(AccountOpened, { owner: 'Ada', overdraftLimit: 500 });
 * });
 * ```
 */
export function specify<A extends Aggregate>(
  t: Assertions,
  aggregateClass: AggregateClass<A>,
  options: SpecifyOptions = {},
): Specification<A> {
  return new Specification(t, aggregateClass, options.id ?? randomUUID());
}
