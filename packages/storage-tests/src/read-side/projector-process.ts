import { ApplicationLog, ProjectionRunner } from '@annals/core';
import { transactionEntityManager } from '@annals/mikro-orm';
import type { EntityManager } from '@mikro-orm/sql';
import { accountTotals, Ledger } from './ledger.js';
import type { Storage } from './storage.js';
import { openStrategy } from './storage.js';

/**
 * A process that runs the totals projection until SIGTERM, printing one JSON line per event it handles
 * (inside the batch's transaction, before it commits). Arguments: the storage as JSON, and a per-event delay in ms.
 */
const storage = JSON.parse(process.argv[2] ?? '') as Storage;
const delayMs = Number(process.argv[3] ?? 0);
const strategy = openStrategy(storage);
const ledger = new Ledger({ strategy });
const runner = new ProjectionRunner({
  projection: accountTotals({
    delayMs,
    onEvent: (position) => process.stdout.write(JSON.stringify({ handling: position }) + '\n'),
  }),
  source: new ApplicationLog(ledger),
  store: strategy,
  context: () => transactionEntityManager<EntityManager>(strategy),
  batchSize: 50,
  pollInterval: 200,
  leaseRetry: 100,
});
await runner.start();
process.stdout.write(JSON.stringify({ started: process.pid }) + '\n');
process.once('SIGTERM', () => {
  void runner
    .stop()
    .then(() => ledger.close())
    .then(() => process.exit(0));
});
