import { Aggregate, ValidationError, type DomainEvent } from '@annals/core';
import { AccountClosedError, InsufficientFundsError } from './errors.js';
import { AccountClosed, AccountOpened, MoneyDeposited, MoneyWithdrawn } from './events.js';

/** A bank account. Amounts are whole cents. */
export class BankAccount extends Aggregate {
  static override readonly topic = 'BankAccount';
  static override readonly events = [AccountOpened, MoneyDeposited, MoneyWithdrawn, AccountClosed];

  owner = '';
  balance = 0;
  overdraftLimit = 0;
  closed = false;

  static open(owner: string, overdraftLimit = 0): BankAccount {
    if (owner.trim() === '') throw new ValidationError('owner must not be empty');
    assertAmount(overdraftLimit, 'overdraftLimit', true);
    const account = new BankAccount();
    account.trigger(AccountOpened, { owner, overdraftLimit });
    return account;
  }

  deposit(amount: number, reference = 'deposit'): void {
    this.#assertOpen();
    assertAmount(amount, 'amount');
    this.trigger(MoneyDeposited, { amount, reference });
  }

  withdraw(amount: number, reference = 'withdrawal'): void {
    this.#assertOpen();
    assertAmount(amount, 'amount');
    if (this.balance - amount < -this.overdraftLimit) {
      throw new InsufficientFundsError(this.id, this.balance, amount, this.overdraftLimit);
    }
    this.trigger(MoneyWithdrawn, { amount, reference });
  }

  close(reason: string): void {
    this.#assertOpen();
    this.trigger(AccountClosed, { reason });
  }

  protected override apply(event: DomainEvent): void {
    if (event instanceof AccountOpened) {
      this.owner = event.payload.owner;
      this.overdraftLimit = event.payload.overdraftLimit;
    } else if (event instanceof MoneyDeposited) {
      this.balance += event.payload.amount;
    } else if (event instanceof MoneyWithdrawn) {
      this.balance -= event.payload.amount;
    } else if (event instanceof AccountClosed) {
      this.closed = true;
    }
  }

  #assertOpen(): void {
    if (this.closed) throw new AccountClosedError(this.id);
  }
}

function assertAmount(amount: number, name: string, zeroAllowed = false): void {
  if (!Number.isSafeInteger(amount) || amount < (zeroAllowed ? 0 : 1)) {
    throw new ValidationError(
      `${name} must be a whole number of cents ${zeroAllowed ? '>= 0' : '> 0'}; got ${amount}`,
    );
  }
}
