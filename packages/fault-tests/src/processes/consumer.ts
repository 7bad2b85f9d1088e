import { Consumer } from '@annals/amqp';
import { consoleLogger } from '@annals/core';
import { transactionEntityManager } from '@annals/mikro-orm';
import type { EntityManager } from '@mikro-orm/postgresql';
import { effectsQueue, effectsRetryDelays, recordEffect } from '../model/effects.js';
import { probePool } from './pool-probe.js';
import { openStrategy, processSettings } from './process-settings.js';
import { obeyCommands, report } from './reports.js';

/**
 * Consumes every announced event with the amqp package's consumer, whose handler records an effect in the
 * transaction that also records the message as processed: a redelivered message has no second effect.
 */
const settings = processSettings();
const strategy = openStrategy(settings);
let handlerRuns = 0;
const consumer = new Consumer({
  name: effectsQueue,
  url: settings.brokerUrl,
  exchange: settings.exchange,
  strategy,
  setup: true,
  concurrency: 2,
  prefetch: 200,
  retryDelays: effectsRetryDelays,
  backoff: { initial: 50, max: 1000 },
  connectionName: settings.name,
  logger: consoleLogger({ level: 'warn', destination: process.stderr, fields: { process: settings.name } }),
}).subscribe('Account.*', async (message) => {
  handlerRuns += 1;
  await recordEffect(transactionEntityManager<EntityManager>(strategy), message);
});
await consumer.setup();
const consuming = consumer.consume();
consuming.catch((error: unknown) => {
  process.stderr.write(`the consumer stopped: ${String(error)}\n`);
  process.exit(1);
});

obeyCommands({
  probe: () => probePool(strategy, settings.poolSize, 15_000),
  exit: async () => {
    await consumer.close();
    await strategy.close();
    report({ handlerRuns });
    process.exit(0);
  },
});
report({ ready: settings.name });
