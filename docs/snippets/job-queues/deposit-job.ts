import { getApplication } from '@annals/lifecycle';
import { BankAccount, type Bank } from '../bank.js';

/** A queued deposit. */
export interface DepositJob {
  readonly accountId: string;
  readonly amount: number;
}

/** Runs one deposit with the process's application; its save commits with the job's idempotency key. */
export async function deposit(job: DepositJob): Promise<number> {
  const bank = getApplication<Bank>();
  const account = await bank.get(BankAccount, job.accountId);
  account.deposit(job.amount);
  await bank.save(account);
  return account.balance;
}
