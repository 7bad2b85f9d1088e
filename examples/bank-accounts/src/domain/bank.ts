import { Policy, ProcessApplication } from '@annals/core';
import { CompensationRequested, TransferDebited, TransferRequested } from '../transfers/events.js';
import { BankAccount } from './bank-account.js';

/**
 * The bank: opens accounts and moves money. It is a process application too: it follows the transfers'
 * events and has the accounts send, receive or take back a transfer's money, or refuse to. Transfers name
 * accounts the bank has (the API checks), and accounts are never deleted: a transfer naming an unknown one
 * would stop the bank's follower of the transfers, whose status then says why.
 */
export class Bank extends ProcessApplication {
  static override readonly aggregates = [BankAccount];
  static override readonly policy: Policy<Bank> = new Policy<Bank>()
    .on(TransferRequested, async (bank, event, processing) => {
      const source = await bank.account(event.payload.from);
      source.sendTransfer(event.originatorId, event.payload.amount);
      processing.collect(source);
    })
    .on(TransferDebited, async (bank, event, processing) => {
      const destination = await bank.account(event.payload.to);
      destination.receiveTransfer(event.originatorId, event.payload.amount);
      processing.collect(destination);
    })
    .on(CompensationRequested, async (bank, event, processing) => {
      const source = await bank.account(event.payload.from);
      source.returnTransfer(event.originatorId, event.payload.amount);
      processing.collect(source);
    });

  async openAccount(owner: string, overdraftLimit = 0): Promise<BankAccount> {
    const account = BankAccount.open(owner, overdraftLimit);
    await this.save(account);
    return account;
  }

  async deposit(accountId: string, amount: number): Promise<BankAccount> {
    const account = await this.account(accountId);
    account.deposit(amount);
    await this.save(account);
    return account;
  }

  async withdraw(accountId: string, amount: number): Promise<BankAccount> {
    const account = await this.account(accountId);
    account.withdraw(amount);
    await this.save(account);
    return account;
  }

  async closeAccount(accountId: string, reason: string): Promise<BankAccount> {
    const account = await this.account(accountId);
    account.close(reason);
    await this.save(account);
    return account;
  }

  /** The account as it is now, or as it was at `version`. */
  account(accountId: string, version?: number): Promise<BankAccount> {
    return this.get(BankAccount, accountId, { version });
  }
}
