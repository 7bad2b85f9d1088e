import { DomainEvent } from '@annals/core';

export class AccountOpened extends DomainEvent<{ owner: string; overdraftLimit: number }> {
  static override readonly topic = 'BankAccount.Opened';
}

export class MoneyDeposited extends DomainEvent<{ amount: number; reference: string }> {
  static override readonly topic = 'BankAccount.Deposited';
}

export class MoneyWithdrawn extends DomainEvent<{ amount: number; reference: string }> {
  static override readonly topic = 'BankAccount.Withdrawn';
}

export class AccountClosed extends DomainEvent<{ reason: string }> {
  static override readonly topic = 'BankAccount.Closed';
}
