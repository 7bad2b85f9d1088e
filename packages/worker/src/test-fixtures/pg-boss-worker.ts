import { PgBoss } from 'pg-boss';
import { servePgBossJobs } from '../pg-boss/index.js';
import { initLedger, postEntry, type LedgerJob } from './ledger-job.js';
import { say } from './probe.js';

// Frequent supervision, so that a killed worker's job is retried as soon as it expires.
const boss = new PgBoss({
  connectionString: process.env['LEDGER_URL'] ?? '',
  superviseIntervalSeconds: 1,
  monitorIntervalSeconds: 1,
});
await boss.start();
await servePgBossJobs({
  boss,
  queue: process.env['QUEUE'] ?? '',
  init: initLedger,
  handle: (job: LedgerJob) => postEntry(job),
  work: { pollingIntervalSeconds: 0.5, batchSize: 4 },
});
say(`ready ${process.pid}`);
