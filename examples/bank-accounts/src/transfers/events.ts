import { DomainEvent } from '@annals/core';

/** A customer asked to move `amount` cents from one account to another: the bank sends it from `from`. */
export class TransferRequested extends DomainEvent<{ from: string; to: string; amount: number }> {
  static override readonly topic = 'Transfer.Requested';
}

/** The source account sent the amount: the bank credits `to` next. */
export class TransferDebited extends DomainEvent<{ to: string; amount: number }> {
  static override readonly topic = 'Transfer.Debited';
}

/** The destination account received the amount. */
export class TransferCompleted extends DomainEvent<Record<string, never>> {
  static override readonly topic = 'Transfer.Completed';
}

/** The source account refused to send the amount: nothing moved. */
export class TransferRejected extends DomainEvent<{ reason: string }> {
  static override readonly topic = 'Transfer.Rejected';
}

/** The destination account refused the amount: the bank returns it to `from`. */
export class CompensationRequested extends DomainEvent<{ from: string; amount: number; reason: string }> {
  static override readonly topic = 'Transfer.CompensationRequested';
}

/** The source account has its money back. */
export class TransferCompensated extends DomainEvent<Record<string, never>> {
  static override readonly topic = 'Transfer.Compensated';
}
