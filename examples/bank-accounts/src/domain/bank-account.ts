import { Aggregate, ValidationError, type DomainEvent } from '@annals/core';
import { AccountClosedError, InsufficientFundsError } from './errors.js';
import {
  AccountClosed,
  AccountOpened,
  MoneyDeposited,
  MoneyReceived,
  MoneyReturned,
  MoneySent,
  MoneyWithdrawn,
  TransferRefused,
} from './events.js';

/** A bank account. Amounts are whole cents. */
export class BankAccount extends Aggregate {
  static override readonly topic = 'BankAccount';
  static override readonly events = [
    AccountOpened,
    MoneyDeposited,
    MoneyWithdrawn,
    AccountClosed,
    MoneySent,
    MoneyReceived,
    MoneyReturned,
    TransferRefused,
  ];

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
    const refusal = this.#refusalToPay(amount);
    if (refusal) throw refusal;
    this.trigger(MoneyWithdrawn, { amount, reference });
  }

  close(reason: string): void {
    this.#assertOpen();
    this.trigger(AccountClosed, { reason });
  }

  // A transfer's refusals are events, not errors: the transfers follow the bank's events and react to them.

  /** Sends a transfer's amount, or refuses to when the account is closed or lacks the funds. */
  sendTransfer(transferId: string, amount: number): void {
    assertAmount(amount, 'amount');
    const refusal = this.#refusalToPay(amount);
    if (refusal) this.trigger(TransferRefused, { transferId, reason: refusal.message });
    else this.trigger(MoneySent, { transferId, amount });
  }

  /** Receives a transfer's amount, or refuses to when the account is closed. */
  receiveTransfer(transferId: string, amount: number): void {
    assertAmount(amount, 'amount');
    const refusal = this.closed ? new AccountClosedError(this.id) : undefined;
    if (refusal) this.trigger(TransferRefused, { transferId, reason: refusal.message });
    else this.trigger(MoneyReceived, { transferId, amount });
  }

  /** Takes back what the account sent for a transfer that failed; a closed account takes it back too. */
  returnTransfer(transferId: string, amount: number): void {
    assertAmount(amount, 'amount');
    this.trigger(MoneyReturned, { transferId, amount });
  }

  protected override apply(event: DomainEvent): void {
    if (event instanceof AccountOpened) {
      this.owner = event.payload.owner;
      this.overdraftLimit = event.payload.overdraftLimit;
    } else if (
      event instanceof MoneyDeposited ||
      event instanceof MoneyReceived ||
      event instanceof MoneyReturned
    ) {
      this.balance += event.payload.amount;
    } else if (event instanceof MoneyWithdrawn || event instanceof MoneySent) {
      this.balance -= event.payload.amount;
    } else if (event instanceof AccountClosed) {
      this.closed = true;
    }
  }

  /** Why the account cannot pay `amount` out, if it cannot. */
  #refusalToPay(amount: number): ValidationError | undefined {
    if (this.closed) return new AccountClosedError(this.id);
    if (this.balance - amount < -this.overdraftLimit) {
      return new InsufficientFundsError(this.id, this.balance, amount, this.overdraftLimit);
    }
    return undefined;
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
