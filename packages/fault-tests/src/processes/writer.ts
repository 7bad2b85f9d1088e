import { setTimeout as sleep } from 'node:timers/promises';
import { Messaging } from '@annals/amqp';
import { consoleLogger, isAggregateNotFoundError } from '@annals/core';
import { Account, Accounts, eventId } from '../model/accounts.js';
import { probePool } from './pool-probe.js';
import { openStrategy, processSettings } from './process-settings.js';
import { obeyCommands, report } from './reports.js';

/**
 * Saves without pause until told to `quiesce`, each save opening an account or depositing into one of its
 * own, with the outbox policy announcing every event and the application's relay publishing them. Reports
 * `{ saved: [event ids] }` for each save that resolved; a save that failed may still have committed, so the
 * account is loaded again before it is used next.
 */
const settings = processSettings();
const logger = consoleLogger({
  level: 'warn',
  destination: process.stderr,
  fields: { process: settings.name },
});
const strategy = openStrategy(settings);
const app = new Accounts({ strategy, env: {}, logger });
const messaging = new Messaging(app, {
  url: settings.brokerUrl,
  exchange: settings.exchange,
  publishes: ['Account.*'],
  setup: true,
  relay: { connectionName: settings.name, sweepInterval: 250, backoff: { initial: 50, max: 1000 } },
});
await messaging.start();

/** The accounts this writer deposits into; `undefined` until loaded again after a failed save. */
const accounts = new Map<string, Account | undefined>();
let failures = 0;
let writing = true;

async function saveOnce(): Promise<void> {
  const ids = [...accounts.keys()];
  const id =
    accounts.size < 10 || Math.random() < 0.05 ? undefined : ids[Math.floor(Math.random() * ids.length)];
  let account: Account;
  if (id === undefined) {
    account = Account.open(settings.name);
  } else {
    try {
      account = accounts.get(id) ?? (await app.get(Account, id));
    } catch (error) {
      // An account whose opening failed to commit.
      if (isAggregateNotFoundError(error)) accounts.delete(id);
      throw error;
    }
  }
  accounts.set(account.id, undefined);
  account.deposit(1 + Math.floor(Math.random() * 9));
  if (Math.random() < 0.3) account.deposit(10);
  const recordings = await app.save(account);
  accounts.set(account.id, account);
  report({ saved: recordings.map(({ event }) => eventId(event)) });
}

const writes = (async () => {
  while (writing) {
    try {
      await saveOnce();
    } catch (error) {
      failures += 1;
      logger.warn({ err: error }, 'a save failed');
      // Not a proof of anything: it only keeps a writer from spinning while the database is away.
      await sleep(50);
    }
  }
})();

obeyCommands({
  quiesce: async () => {
    writing = false;
    await writes;
    return { failures };
  },
  probe: () => probePool(strategy, settings.poolSize, 15_000),
  exit: async () => {
    await messaging.close();
    await app.close();
    process.exit(0);
  },
});
report({ ready: settings.name });
