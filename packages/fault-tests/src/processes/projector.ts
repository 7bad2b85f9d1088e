import { ApplicationLog, consoleLogger, ProjectionRunner } from '@annals/core';
import { transactionEntityManager } from '@annals/mikro-orm';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Accounts } from '../model/accounts.js';
import { balances } from '../model/balances.js';
import { probePool } from './pool-probe.js';
import { openStrategy, processSettings } from './process-settings.js';
import { obeyCommands, report } from './reports.js';

/** Runs the balances projection of the writers' log, each batch and its checkpoint in one transaction. */
const settings = processSettings();
const logger = consoleLogger({
  level: 'warn',
  destination: process.stderr,
  fields: { process: settings.name },
});
const strategy = openStrategy(settings);
const app = new Accounts({ strategy, env: {}, logger });
const runner = new ProjectionRunner({
  projection: balances,
  source: new ApplicationLog(app),
  store: strategy,
  context: () => transactionEntityManager<EntityManager>(strategy),
  batchSize: 200,
  pollInterval: 250,
  leaseRetry: 200,
  logger,
});
await runner.start();

obeyCommands({
  probe: () => probePool(strategy, settings.poolSize, 15_000),
  exit: async () => {
    await runner.stop();
    await app.close();
    process.exit(0);
  },
});
report({ ready: settings.name });
