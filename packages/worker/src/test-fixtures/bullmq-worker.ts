import { Redis } from 'ioredis';
import { serveBullmqJobs } from '../bullmq/index.js';
import { initLedger, postEntry, type LedgerJob } from './ledger-job.js';
import { say } from './probe.js';

// Short locks, so that a killed worker's job is found stalled and handed to another within seconds.
await serveBullmqJobs({
  queue: process.env['QUEUE'] ?? '',
  init: initLedger,
  handle: (job: LedgerJob) => postEntry(job),
  worker: {
    connection: new Redis(process.env['REDIS_URL'] ?? '', { maxRetriesPerRequest: null }),
    prefix: process.env['BULLMQ_PREFIX'] ?? '',
    concurrency: 4,
    lockDuration: 3000,
    stalledInterval: 1000,
  },
});
say(`ready ${process.pid}`);
