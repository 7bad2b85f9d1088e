import { Application, NotSupportedError, type Aggregate, type Recording } from '@annals/core';
import type { Balance, Balances } from '../read-model/balances.js';
import { BankAccount } from './bank-account.js';

/** The bank: opens accounts, moves money, and answers balances. */
export class Bank extends Application {
  static override readonly aggregates = [BankAccount];
  #balances: Balances | undefined;

  /** Keeps the balances read model in the same transaction as every save. */
  useReadModel(balances: Balances): void {
    this.#balances = balances;
  }

  override async save(...aggregates: Aggregate[]): Promise<Recording[]> {
    const balances = this.#balances;
    if (!balances) return super.save(...aggregates);
    const accounts = aggregates.filter((a): a is BankAccount => a instanceof BankAccount);
    return balances.storeWith(accounts, () => super.save(...aggregates));
  }

  /** Every account's balance, from the read model. */
  async balances(): Promise<Balance[]> {
    if (!this.#balances) throw new NotSupportedError('the balances read model needs SQL storage');
    return this.#balances.list();
  }

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

  /** Moves money between two accounts: both changes are stored together or not at all. */
  async transfer(fromId: string, toId: string, amount: number): Promise<Recording[]> {
    const [from, to] = await Promise.all([this.account(fromId), this.account(toId)]);
    const reference = `transfer ${fromId.slice(-8)} → ${toId.slice(-8)}`;
    from.withdraw(amount, reference);
    to.deposit(amount, reference);
    return this.save(from, to);
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
