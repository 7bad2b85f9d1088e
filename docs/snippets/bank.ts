import { Aggregate, Application, DomainEvent } from '@annals/core';

export class Opened extends DomainEvent<{ owner: string }> {
  static override readonly topic = 'BankAccount.Opened';
}
export class Deposited extends DomainEvent<{ amount: number }> {
  static override readonly topic = 'BankAccount.Deposited';
}

export class BankAccount extends Aggregate {
  static override readonly topic = 'BankAccount';
  static override readonly events = [Opened, Deposited];
  owner = '';
  balance = 0;

  static open(owner: string): BankAccount {
    const account = new BankAccount();
    account.trigger(Opened, { owner });
    return account;
  }
  deposit(amount: number): void {
    this.trigger(Deposited, { amount });
  }
  protected override apply(event: DomainEvent): void {
    if (event instanceof Opened) this.owner = event.payload.owner;
    if (event instanceof Deposited) this.balance += event.payload.amount;
  }
}

export class Bank extends Application {
  static override readonly aggregates = [BankAccount];
}
