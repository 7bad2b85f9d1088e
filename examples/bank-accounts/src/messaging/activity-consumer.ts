import type { Consumer, InboundMessage, Messaging } from '@annals/amqp';
import { silentLogger, type Logger } from '@annals/core';
import type { MikroOrmStrategy } from '@annals/mikro-orm';
import type { EntityManager } from '@mikro-orm/sql';
import { moneyMoved } from '../domain/index.js';

/** The activity consumer's queue (and its name in `annals_processed_messages`) unless configured otherwise. */
export const defaultActivityQueue = 'bank-activity';

/** One row of the `bank_activity` table: one account event, as the activity consumer received it. */
export interface Activity {
  /** The message id, `<accountId>:<version>`: the primary key, so a row exists at most once per event. */
  readonly messageId: string;
  readonly accountId: string;
  /** The event's topic, e.g. `BankAccount.Deposited`. */
  readonly topic: string;
  /** Money in (positive) or out (negative) of the account; `null` for events that move no money. */
  readonly amount: number | null;
  /** When the bank recorded the event (its timestamp), ISO 8601. */
  readonly recordedAt: string;
}

interface ActivityRow {
  message_id: string;
  account_id: string;
  topic: string;
  amount: number | string | null;
  recorded_at: string | Date;
}

/**
 * The `bank_activity` table in the bank's SQL database (SQLite or PostgreSQL): one row per account event the
 * activity consumer handled. {@link ActivityLog.record} writes through the ORM's context entity manager, so
 * inside a consumer's handler it joins the message's transaction: the row and the consumer's record of the
 * message id commit together or not at all, and a redelivered message (whose id is already recorded) never
 * reaches the handler again. The primary key on the message id is the last line of defence: a second row
 * for one event would fail the transaction rather than be written.
 */
export class ActivityLog {
  readonly #em: EntityManager;

  constructor(readonly strategy: MikroOrmStrategy) {
    this.#em = strategy.orm.em as EntityManager;
  }

  /** Creates the table unless it exists. */
  async migrate(): Promise<void> {
    await this.#em.execute(
      `CREATE TABLE IF NOT EXISTS bank_activity (
        message_id VARCHAR(80) PRIMARY KEY,
        account_id VARCHAR(36) NOT NULL,
        topic VARCHAR(255) NOT NULL,
        amount BIGINT,
        recorded_at TIMESTAMP WITH TIME ZONE NOT NULL
      )`,
    );
  }

  /** Inserts the row of one account event; in the caller's transaction when there is one. */
  async record(message: InboundMessage): Promise<void> {
    const { body } = message;
    await this.#em.execute(
      `INSERT INTO bank_activity (message_id, account_id, topic, amount, recorded_at) VALUES (?, ?, ?, ?, ?)`,
      [message.id, body.originatorId, message.topic, moneyMoved(message.topic, body.payload), body.timestamp],
    );
  }

  /** Every row, oldest event first. */
  async list(): Promise<Activity[]> {
    const rows = await this.#em.execute<ActivityRow[]>(
      `SELECT message_id, account_id, topic, amount, recorded_at FROM bank_activity
       ORDER BY recorded_at, message_id`,
    );
    return rows.map((row) => ({
      messageId: row.message_id,
      accountId: row.account_id,
      topic: row.topic,
      amount: row.amount === null ? null : Number(row.amount),
      recordedAt: new Date(row.recorded_at).toISOString(),
    }));
  }
}

/** Options of {@link activityConsumer}. */
export interface ActivityConsumerOptions {
  /** The queue. @default {@link defaultActivityQueue} */
  readonly name?: string | undefined;
  /** The producer's routing-key qualifier (`BankAccount.Opened.bank`). @default undefined (unqualified) */
  readonly from?: string | undefined;
  /** Back-off before each retry of a failed message, in ms. @default [1000, 10000, 60000] */
  readonly retryDelays?: readonly number[] | undefined;
  /** Where ignored messages are noted. @default silent */
  readonly logger?: Logger | undefined;
}

/**
 * Registers the bank's activity consumer on `messaging`: every `BankAccount.*` event becomes one row of
 * {@link ActivityLog}, exactly once (see there). Messages of other topics that reach the queue (through a
 * binding added on the broker, say) are acknowledged and ignored rather than retried and parked.
 */
export function activityConsumer(
  messaging: Messaging,
  log: ActivityLog,
  options: ActivityConsumerOptions = {},
): Consumer {
  const logger = options.logger ?? silentLogger;
  return messaging
    .consumer(options.name ?? defaultActivityQueue, { from: options.from, retryDelays: options.retryDelays })
    .subscribe('BankAccount.*', (message) => log.record(message))
    .otherwise((message) => {
      logger.info({ topic: message.topic, messageId: message.id }, 'ignored: not an account event');
    });
}
