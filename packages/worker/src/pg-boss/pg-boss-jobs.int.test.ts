import { randomBytes } from 'node:crypto';
import test from 'ava';
import { PgBoss } from 'pg-boss';
import { createPostgresqlDatabase, type TemporaryDatabase } from '@annals/mikro-orm/testing';
import { Ledger } from '../test-fixtures/ledger.js';
import type { LedgerJobResult } from '../test-fixtures/ledger-job.js';
import { queueWorkerContract } from '../test-fixtures/queue-worker-contract.js';

let database: TemporaryDatabase;
let ledger: Ledger;
let boss: PgBoss;

test.before(async () => {
  database = await createPostgresqlDatabase('annals_pg_boss');
  ledger = new Ledger(database.url);
  await ledger.notificationLog.maxPosition();
  boss = await new PgBoss({ connectionString: database.url, supervise: false }).start();
});
test.after.always(async () => {
  await boss?.stop({ graceful: false });
  await ledger?.close();
  await database?.drop();
});

queueWorkerContract(test, {
  workerModule: new URL('../test-fixtures/pg-boss-worker.js', import.meta.url),
  ledger: () => ledger,
  queue: async () => {
    const name = `ledger-${randomBytes(6).toString('hex')}`;
    // A killed worker's job expires after five seconds and is retried.
    await boss.createQueue(name, { expireInSeconds: 5, retryLimit: 2, retryDelay: 0 });
    return {
      env: { LEDGER_URL: database.url, QUEUE: name },
      add: async (job) => {
        const id = await boss.send(name, job);
        if (id === null) throw new Error(`pg-boss did not queue the job on ${name}`);
        return id;
      },
      completed: async (id, timeout = 60_000) => {
        const deadline = Date.now() + timeout;
        for (;;) {
          const job = await boss.getJobById<unknown>(name, id);
          if (job?.state === 'completed') return (job.output as LedgerJobResult | null) ?? undefined;
          if (job?.state === 'failed') throw new Error(`job ${id} failed: ${JSON.stringify(job.output)}`);
          if (Date.now() > deadline)
            throw new Error(`job ${id} did not complete within ${timeout} ms; it is ${job?.state}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      },
    };
  },
});
