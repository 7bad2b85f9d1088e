import { Aggregate, Application, DomainEvent } from '@annals/core';

export class Opened extends DomainEvent<{ owner: string }> {
  static override readonly topic = 'Account.Opened';
}

export class Deposited extends DomainEvent<{ amount: number }> {
  static override readonly topic = 'Account.Deposited';
}

/** What the writers change: each save opens an account or deposits into one. */
export class Account extends Aggregate {
  static override readonly topic = 'Account';
  static override readonly events = [Opened, Deposited];
  balance = 0;

  static open(owner: string): Account {
    const account = new Account();
    account.trigger(Opened, { owner });
    return account;
  }

  deposit(amount: number): void {
    this.trigger(Deposited, { amount });
  }

  protected override apply(event: DomainEvent): void {
    if (event instanceof Deposited) this.balance += event.payload.amount;
  }
}

/** The application every process of the suite opens on the one database. */
export class Accounts extends Application {
  static override readonly aggregates = [Account];
}

/** The id of an event's outbox message, and of the effect its consumer records: `<originatorId>:<version>`. */
export function eventId(event: {
  readonly originatorId: string;
  readonly originatorVersion: number;
}): string {
  return `${event.originatorId}:${event.originatorVersion}`;
}
