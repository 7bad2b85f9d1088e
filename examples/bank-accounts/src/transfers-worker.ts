import { getApplication } from '@annals/lifecycle';
import { defineJobWorker, serveJobsFromParent } from '@annals/worker';
import { runApplicationProcess } from './banking/run-application-process.js';
import { Transfers } from './transfers/index.js';

/** Move `amount` cents between two accounts of the bank; the caller has checked that both exist. */
export interface TransferJob {
  readonly from: string;
  readonly to: string;
  readonly amount: number;
}

// The transfers' worker process: it runs the transfers as their own process of the bank system (following
// the bank, which the bank's worker runs), and records the transfers that jobs request. Each then moves on
// as the bank reports on it; `Transfers.transfer(id)` says how far it has come.
serveJobsFromParent(
  defineJobWorker({
    init: () => runApplicationProcess(Transfers),
    handle: async (job: TransferJob): Promise<string> => {
      const transfer = await getApplication<Transfers>().request(job.from, job.to, job.amount);
      return transfer.id;
    },
  }),
);
