import { ValidationError } from '@annals/core';

/** A withdrawal would take the balance below the overdraft limit. */
export class InsufficientFundsError extends ValidationError {
  override name = 'InsufficientFundsError';
  constructor(accountId: string, balance: number, amount: number, overdraftLimit: number) {
    super(
      `account ${accountId} cannot pay ${amount}: the balance is ${balance} and the overdraft limit ${overdraftLimit}`,
    );
  }
}

/** The account is closed and takes no more transactions. */
export class AccountClosedError extends ValidationError {
  override name = 'AccountClosedError';
  constructor(accountId: string) {
    super(`account ${accountId} is closed`);
  }
}
