import { initApplication } from '@annals/lifecycle';
import { postgresqlStrategy } from '@annals/mikro-orm/postgresql';
import { serveBullmqJobs } from '@annals/worker/bullmq';
import { Redis } from 'ioredis';
import { Bank } from '../bank.js';
import { deposit, type DepositJob } from './deposit-job.js';

const postgresUrl = process.env['BANK_POSTGRES_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/bank';
const redisUrl = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

// #region bullmq-worker
// deposits-worker.ts: run as many of these processes as you like; each constructs its own application.
await serveBullmqJobs({
  queue: 'deposits',
  init: () => initApplication(() => new Bank({ strategy: postgresqlStrategy({ url: postgresUrl }) })),
  handle: (job: DepositJob) => deposit(job),
  worker: {
    connection: new Redis(redisUrl, { maxRetriesPerRequest: null }), // BullMQ blocks on Redis: no retry cap
    concurrency: 4,
  },
});
// #endregion bullmq-worker
