import { createServer } from 'node:http';
import { consoleLogger } from '@annals/core';
import { serve, type Serving } from '@annals/express';
import { closeApplication, getApplication, initApplication } from '@annals/lifecycle';
import { bankOrm } from '../bank-orm.js';
import { bankingOptions } from '../banking/banking-options.js';
import { openBanking, type Banking } from '../banking/banking.js';
import { startBankMessaging } from '../messaging/bank-messaging.js';
import { bankApi } from './bank-api.js';

/** Options of {@link startBankServer}. */
export interface StartBankServerOptions {
  /** Whether this process handles SIGTERM/SIGINT itself; a cluster worker leaves that to its primary. */
  readonly ownsSignals: boolean;
}

/**
 * Opens the bank system in this process (the bank and the transfers following each other, and the balances
 * projection), then serves the API: it all exists before the first request and is closed (by `serve` or
 * by the cluster) after the last. Prints `listening on <url>` first. When a broker is configured
 * (`BANK_AMQP_URL` or `ANNALS_AMQP_URL`) it also publishes the bank's events (see `startBankMessaging`), and
 * stops publishing after the last request, before the applications close. The notification log is served
 * at `/notifications` to followers that send `BANK_LOG_TOKEN` as a bearer token, and not at all when
 * `BANK_LOG_TOKEN` is unset.
 */
export async function startBankServer({ ownsSignals }: StartBankServerOptions): Promise<Serving> {
  const logger = consoleLogger({ fields: { service: 'bank', pid: process.pid } });
  await initApplication(() => openBanking({ applications: bankingOptions({ logger }) }));
  const banking = (): Banking => getApplication<Banking>();
  const messaging = await startBankMessaging(banking().bank, { logger }); // undefined without a broker
  const server = createServer();
  const logToken = process.env['BANK_LOG_TOKEN'];
  server.on('request', bankApi({ banking, server, logger, orm: bankOrm(banking().bank), logToken }));
  const serving = await serve(server, {
    port: Number(process.env['PORT'] ?? 3000),
    host: process.env['HOST'] ?? '127.0.0.1',
    logger,
    close: async () => {
      await messaging?.close(); // stop publishing before the storage closes
      if (ownsSignals) await closeApplication(); // a cluster worker's application is closed by runCluster
    },
    ...(ownsSignals ? {} : { signals: [] }),
  });
  process.stdout.write(
    `listening on ${serving.url} (pid ${process.pid}, storage: ${banking().bank.strategy.name})\n`,
  );
  return serving;
}
