import { getApplication } from '@annals/lifecycle';
import { defineJobWorker, serveJobsFromParent } from '@annals/worker';
import { runApplicationProcess } from './banking/run-application-process.js';
import { Bank } from './domain/index.js';

/** Charge a monthly fee to each of the accounts. */
export interface MonthlyFeeJob {
  readonly accountIds: readonly string[];
  readonly fee: number;
}

/** What a fee run did. */
export interface MonthlyFeeResult {
  readonly charged: readonly string[];
  readonly refused: readonly { readonly accountId: string; readonly reason: string }[];
}

// The bank's worker process: it runs the bank as its own process of the bank system (following the
// transfers), constructed once before the first job, and charges fees as jobs come. It stops when the
// parent stops it, after the job in hand has finished.
serveJobsFromParent(
  defineJobWorker({
    init: () => runApplicationProcess(Bank),
    handle: async (job: MonthlyFeeJob): Promise<MonthlyFeeResult> => {
      const bank = getApplication<Bank>();
      const charged: string[] = [];
      const refused: { accountId: string; reason: string }[] = [];
      for (const accountId of job.accountIds) {
        try {
          await bank.withdraw(accountId, job.fee);
          charged.push(accountId);
        } catch (error) {
          refused.push({ accountId, reason: (error as Error).message });
        }
      }
      return { charged, refused };
    },
  }),
);
