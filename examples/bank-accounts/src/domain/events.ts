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

/** The account paid a transfer's amount out. */
export class MoneySent extends DomainEvent<{ transferId: string; amount: number }> {
  static override readonly topic = 'BankAccount.MoneySent';
}

/** The account took a transfer's amount in. */
export class MoneyReceived extends DomainEvent<{ transferId: string; amount: number }> {
  static override readonly topic = 'BankAccount.MoneyReceived';
}

/** The account got back the amount it sent for a transfer that could not be completed. */
export class MoneyReturned extends DomainEvent<{ transferId: string; amount: number }> {
  static override readonly topic = 'BankAccount.MoneyReturned';
}

/** The account refused to send or to receive a transfer's amount. */
export class TransferRefused extends DomainEvent<{ transferId: string; reason: string }> {
  static override readonly topic = 'BankAccount.TransferRefused';
}
