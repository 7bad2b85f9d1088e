import { Messaging, type Consumer, type MessagingOptions } from '@annals/amqp';
import { NotSupportedError, type Logger, type SettingSpec } from '@annals/core';
import { MikroOrmStrategy } from '@annals/mikro-orm';
import type { Bank } from '../domain/index.js';
import { ActivityLog, activityConsumer, defaultActivityQueue } from './activity-consumer.js';

/** The topic exchange the bank publishes to unless `BANK_AMQP_EXCHANGE` (or `ANNALS_AMQP_EXCHANGE`) names another. */
export const defaultBankExchange = 'bank.events';

/** The word qualifying the bank's routing keys: `BankAccount.Opened.bank`. */
export const bankService = 'bank';

const text = (name: string): SettingSpec<string> => ({ name, parse: (value) => value });

/** Options of {@link bankMessaging}; each wins over its environment variable. */
export interface BankMessagingOptions {
  /** The broker. @default `BANK_AMQP_URL`, else `ANNALS_AMQP_URL`, else the local RabbitMQ as guest */
  readonly url?: string | undefined;
  /** @default `BANK_AMQP_EXCHANGE`, else `ANNALS_AMQP_EXCHANGE`, else {@link defaultBankExchange} */
  readonly exchange?: string | undefined;
  /** The activity consumer's queue. @default `BANK_ACTIVITY_QUEUE`, else `ANNALS_ACTIVITY_QUEUE`, else `bank-activity` */
  readonly activityQueue?: string | undefined;
  /** Back-off before each retry of a failed activity message, in ms. @default [1000, 10000, 60000] */
  readonly retryDelays?: readonly number[] | undefined;
  /**
   * Declare the exchange and queues when the relay or the consumer starts instead of only checking that they
   * exist. Convenient for the example (it runs against an empty RabbitMQ); where the broker's topology is
   * managed by `annals setup` at deploy time, and the processes may not configure it, pass false.
   * @default true
   */
  readonly setup?: boolean | undefined;
  /** Tuning of the relay. @default {} */
  readonly relay?: MessagingOptions['relay'];
  /** Where the relay and the consumer log (reconnections, failed messages). @default the bank's logger */
  readonly logger?: Logger | undefined;
}

/** The bank's messaging and the parts of it a consumer process uses. */
export interface BankMessaging {
  /** Publishes every `BankAccount.*` event (once started) and holds the activity consumer, for the CLI. */
  readonly messaging: Messaging;
  /** The `bank-activity` consumer; `consume()` or `drain()` it. */
  readonly activity: Consumer;
  /** The table the activity consumer writes; `migrate()` it before consuming. */
  readonly log: ActivityLog;
}

/**
 * The bank's messaging over RabbitMQ. It publishes the bank's account events (`BankAccount.*`) to the
 * `bank.events` topic exchange, with routing keys qualified by the service (`BankAccount.Deposited.bank`):
 * every save writes their outbox rows in the same transaction as the events, and the relay (started by
 * `messaging.start()`) sends them after the commit. It also registers the `bank-activity` consumer, which
 * records each account event as one row of `bank_activity` in the bank's own database, exactly once.
 *
 * Settings not given as options come from the environment like the bank's other settings: `BANK_AMQP_URL`
 * (or `ANNALS_AMQP_URL`), `BANK_AMQP_EXCHANGE`, `BANK_ACTIVITY_QUEUE`. Nothing connects to the broker until
 * the relay or the consumer starts.
 *
 * @throws NotSupportedError unless the bank stores its events in SQL (`BANK_PERSISTENCE` `sqlite` or
 *   `postgres`): the outbox and the activity table live there
 */
export function bankMessaging(bank: Bank, options: BankMessagingOptions = {}): BankMessaging {
  if (!(bank.strategy instanceof MikroOrmStrategy)) {
    throw new NotSupportedError(
      `the bank's messaging needs SQL storage (BANK_PERSISTENCE=sqlite or postgres); this bank stores in ${bank.strategy.name}`,
    );
  }
  const { settings } = bank;
  const messaging = new Messaging(bank, {
    url: options.url,
    exchange: settings.resolve(text('amqpExchange'), options.exchange, defaultBankExchange),
    publishes: ['BankAccount.*'],
    service: bankService,
    setup: options.setup ?? true,
    relay: options.relay,
    logger: options.logger,
  });
  const log = new ActivityLog(bank.strategy);
  const activity = activityConsumer(messaging, log, {
    name: settings.resolve(text('activityQueue'), options.activityQueue, defaultActivityQueue),
    from: bankService,
    retryDelays: options.retryDelays,
    logger: (options.logger ?? bank.logger).child({ component: 'activity' }),
  });
  return { messaging, activity, log };
}

/**
 * Whether the bank has a broker to talk to: `BANK_AMQP_URL` or `ANNALS_AMQP_URL` is set. The server publishes
 * only then, so the default demo and the tests run without RabbitMQ.
 */
export function messagingConfigured(bank: Bank): boolean {
  return bank.settings.resolve(text('amqpUrl'), undefined, undefined) !== undefined;
}

/** Options of {@link startBankMessaging}. */
export interface StartBankMessagingOptions {
  /** Where the relay logs, and where the start is announced. @default the bank's logger */
  readonly logger?: Logger | undefined;
}

/**
 * Starts publishing the bank's events, **when a broker is configured** ({@link messagingConfigured}): declares
 * the `bank.events` exchange and the activity consumer's queues (so events published before the activity
 * worker first runs wait in its queue instead of being dropped), then starts the relay, which publishes what
 * is pending and from then on every committed save. Close the returned messaging before the application.
 *
 * @returns the started messaging, or `undefined` when no broker is configured (nothing is published; the
 *   outbox is not written either)
 * @throws OperationalError when the broker cannot be reached: the server does not start half-configured
 */
export async function startBankMessaging(
  bank: Bank,
  options: StartBankMessagingOptions = {},
): Promise<Messaging | undefined> {
  if (!messagingConfigured(bank)) return undefined;
  const { messaging } = bankMessaging(bank, { logger: options.logger });
  try {
    await messaging.setup();
    await messaging.start();
  } catch (error) {
    await messaging.close();
    throw error;
  }
  (options.logger ?? bank.logger).info(
    { topics: 'BankAccount.*', exchange: messaging.exchange, broker: redact(messaging.url) },
    'publishing the bank’s events',
  );
  return messaging;
}

/** The URL without its password, for logs. */
function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
