import { initApplication } from '@annals/lifecycle';
import { postgresqlStrategy } from '@annals/mikro-orm/postgresql';
import { servePgBossJobs } from '@annals/worker/pg-boss';
import { PgBoss } from 'pg-boss';
import { Bank } from '../bank.js';
import { deposit, type DepositJob } from './deposit-job.js';

const postgresUrl = process.env['BANK_POSTGRES_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/bank';

// #region pg-boss-worker
// deposits-worker.ts, on pg-boss: the queue lives in PostgreSQL, beside the events or in another database.
const boss = await new PgBoss(postgresUrl).start();
await boss.createQueue('deposits', { retryLimit: 5, expireInSeconds: 300 });
await servePgBossJobs({
  boss,
  queue: 'deposits',
  init: () => initApplication(() => new Bank({ strategy: postgresqlStrategy({ url: postgresUrl }) })),
  handle: (job: DepositJob) => deposit(job),
  work: { batchSize: 4 },
});
// #endregion pg-boss-worker
