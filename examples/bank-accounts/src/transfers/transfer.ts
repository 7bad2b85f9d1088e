import { Aggregate, ValidationError, type DomainEvent } from '@annals/core';
import { TransferStepError } from './errors.js';
import {
  CompensationRequested,
  TransferCompensated,
  TransferCompleted,
  TransferDebited,
  TransferRejected,
  TransferRequested,
} from './events.js';

/**
 * Where a transfer stands: `requested` → `debited` → `completed`; or `rejected` when the source refuses
 * to pay; or, when the destination refuses the money, `compensating` → `compensated`.
 */
export type TransferStatus =
  'requested' | 'debited' | 'completed' | 'rejected' | 'compensating' | 'compensated';

/** The statuses a transfer ends in. */
export const finalTransferStatuses: readonly TransferStatus[] = ['completed', 'rejected', 'compensated'];

/**
 * A money transfer between two accounts of the bank, as a process manager: it records each step the bank
 * reports, and asks the bank for the next one through its events (see `Bank.policy`).
 */
export class Transfer extends Aggregate {
  static override readonly topic = 'Transfer';
  static override readonly events = [
    TransferRequested,
    TransferDebited,
    TransferCompleted,
    TransferRejected,
    CompensationRequested,
    TransferCompensated,
  ];

  from = '';
  to = '';
  amount = 0;
  status: TransferStatus = 'requested';
  /** Why an account refused the transfer, once one did. */
  reason: string | undefined;

  static request(from: string, to: string, amount: number): Transfer {
    if (from === to) throw new ValidationError('a transfer needs two different accounts');
    if (!Number.isSafeInteger(amount) || amount < 1) {
      throw new ValidationError(`amount must be a whole number of cents > 0; got ${amount}`);
    }
    const transfer = new Transfer();
    transfer.trigger(TransferRequested, { from, to, amount });
    return transfer;
  }

  /** The source account sent the amount. */
  markDebited(): void {
    this.#assertStatus('requested', 'be debited');
    this.trigger(TransferDebited, { to: this.to, amount: this.amount });
  }

  /** The destination account received the amount. */
  complete(): void {
    this.#assertStatus('debited', 'complete');
    this.trigger(TransferCompleted, {});
  }

  /** An account refused: the source, so nothing moved; or the destination, so the money goes back. */
  refuse(reason: string): void {
    switch (this.status) {
      case 'requested':
        this.trigger(TransferRejected, { reason });
        return;
      case 'debited':
        this.trigger(CompensationRequested, { from: this.from, amount: this.amount, reason });
        return;
      default:
        throw new TransferStepError(this.id, this.status, 'be refused');
    }
  }

  /** The source account has its money back. */
  markCompensated(): void {
    this.#assertStatus('compensating', 'be compensated');
    this.trigger(TransferCompensated, {});
  }

  protected override apply(event: DomainEvent): void {
    if (event instanceof TransferRequested) {
      ({ from: this.from, to: this.to, amount: this.amount } = event.payload);
    } else if (event instanceof TransferDebited) {
      this.status = 'debited';
    } else if (event instanceof TransferCompleted) {
      this.status = 'completed';
    } else if (event instanceof TransferRejected) {
      this.status = 'rejected';
      this.reason = event.payload.reason;
    } else if (event instanceof CompensationRequested) {
      this.status = 'compensating';
      this.reason = event.payload.reason;
    } else if (event instanceof TransferCompensated) {
      this.status = 'compensated';
    }
  }

  #assertStatus(expected: TransferStatus, step: string): void {
    if (this.status !== expected) throw new TransferStepError(this.id, this.status, step);
  }
}
