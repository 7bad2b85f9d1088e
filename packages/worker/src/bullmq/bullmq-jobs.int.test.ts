import { randomBytes } from 'node:crypto';
import test from 'ava';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createPostgresqlDatabase, type TemporaryDatabase } from '@annals/mikro-orm/testing';
import { Ledger } from '../test-fixtures/ledger.js';
import type { LedgerJob, LedgerJobResult } from '../test-fixtures/ledger-job.js';
import { queueWorkerContract } from '../test-fixtures/queue-worker-contract.js';

const redisUrl = process.env['ANNALS_TEST_REDIS_URL'] || 'redis://127.0.0.1:6379';
let database: TemporaryDatabase;
let ledger: Ledger;

test.before(async () => {
  database = await createPostgresqlDatabase('annals_bullmq');
  ledger = new Ledger(database.url);
  await ledger.notificationLog.maxPosition();
});
test.after.always(async () => {
  await ledger?.close();
  await database?.drop();
});

queueWorkerContract(test, {
  workerModule: new URL('../test-fixtures/bullmq-worker.js', import.meta.url),
  ledger: () => ledger,
  queue: async (t) => {
    // A prefix of the test's own keeps its keys apart from every other test's.
    const prefix = `annals-test-${randomBytes(6).toString('hex')}`;
    const name = 'ledger';
    const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue<LedgerJob, LedgerJobResult | null>(name, { connection, prefix });
    t.teardown(async () => {
      await queue.obliterate({ force: true });
      await queue.close();
      connection.disconnect();
    });
    return {
      env: { LEDGER_URL: database.url, REDIS_URL: redisUrl, BULLMQ_PREFIX: prefix, QUEUE: name },
      add: async (job) => {
        const added = await queue.add('post', job, { attempts: 3 });
        return String(added.id);
      },
      completed: async (id, timeout = 60_000) => {
        const deadline = Date.now() + timeout;
        for (;;) {
          // The state first: a job read before it completed would still hold no return value.
          const state = await queue.getJobState(id);
          if (state === 'completed') return (await queue.getJob(id))?.returnvalue ?? undefined;
          if (state === 'failed')
            throw new Error(`job ${id} failed: ${(await queue.getJob(id))?.failedReason}`);
          if (Date.now() > deadline)
            throw new Error(`job ${id} did not complete within ${timeout} ms; it is ${state}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      },
    };
  },
});
