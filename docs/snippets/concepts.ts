import { Aggregate, Application, DomainEvent } from '@annals/core';

export class AccountOpened extends DomainEvent<{ owner: string }> {
  static override readonly topic = 'BankAccount.Opened';
}
// #region event
export class MoneyDeposited extends DomainEvent<{ amount: number; reference: string }> {
  static override readonly topic = 'BankAccount.Deposited';
}
// #endregion event
export class MoneyWithdrawn extends DomainEvent<{ amount: number; reference: string }> {
  static override readonly topic = 'BankAccount.Withdrawn';
}
export class AccountClosed extends DomainEvent<{ reason: string }> {
  static override readonly topic = 'BankAccount.Closed';
}

// #region aggregate
export class BankAccount extends Aggregate {
  static override readonly topic = 'BankAccount';
  static override readonly events = [AccountOpened, MoneyDeposited, MoneyWithdrawn, AccountClosed];
  balance = 0;

  deposit(amount: number): void {
    this.trigger(MoneyDeposited, { amount, reference: 'deposit' });
  }

  protected override apply(event: DomainEvent): void {
    if (event instanceof MoneyDeposited) this.balance += event.payload.amount;
  }
}
// #endregion aggregate

// #region application
class Bank extends Application {
  static override readonly aggregates = [BankAccount];
}
await using bank = new Bank({ name: 'bank' });
// #endregion application
const account = new BankAccount();
account.deposit(100);
await bank.save(account);
