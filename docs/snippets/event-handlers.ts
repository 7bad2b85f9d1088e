import { Aggregate, EventHandlers, type DomainEvent } from '@annals/core';
import { Deposited, Opened } from './bank.js';

// #region event-handlers
const handlers = new EventHandlers<Account>()
  .on(Opened, (account, event) => {
    account.owner = event.payload.owner;
  })
  .on(Deposited, (account, event) => {
    account.balance += event.payload.amount;
  });

export class Account extends Aggregate {
  static override readonly topic = 'Account';
  static override readonly events = handlers.events; // derived: a listed event always has a handler
  owner = '';
  balance = 0;

  deposit(amount: number): void {
    this.trigger(Deposited, { amount });
  }

  protected override apply(event: DomainEvent): void {
    handlers.apply(this, event);
  }
}
// #endregion event-handlers
