import { getApplication, initApplication } from '@annals/lifecycle';
import { defineJobWorker, serveJobsFromParent } from '@annals/worker';
import type { Bank } from './domain/index.js';
import { openBank } from './open-bank.js';

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

// A job worker process: the application is constructed once, before the first job, and closed when the
// parent stops the worker (after the job in hand has finished).
serveJobsFromParent(
  defineJobWorker({
    init: () => initApplication(() => openBank()),
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
