import { Aggregate, type DomainEvent } from '@annals/core';
import { depositFor } from '../deposit.js';
import { MoneyDeposited } from './money-deposited.js';

/** The aggregate the suite writes and rebuilds: an account that takes deposits. */
export class BankAccount extends Aggregate {
  static override readonly topic = 'BankAccount';
  static override readonly events = [MoneyDeposited];

  balance = 0;

  /** Deposits the suite's payload for the next version. */
  deposit(): void {
    this.trigger(MoneyDeposited, depositFor(this.version + 1));
  }

  protected override apply(event: DomainEvent): void {
    if (event instanceof MoneyDeposited) this.balance += event.payload.amount;
  }
}
