import { dumbo, rawSql, sql, type Dumbo } from '@event-driven-io/dumbo';
import type { Event, ReadEvent } from '@event-driven-io/emmett';
import {
  getPostgreSQLEventStore,
  postgreSQLEventStoreConsumer,
  postgreSQLRawSQLProjection,
  type PostgresEventStore,
  type PostgresReadEventMetadata,
  type PostgreSQLProjectionDefinition,
} from '@event-driven-io/emmett-postgresql';
import { v7 as uuidv7 } from 'uuid';
import { depositFor, type Deposit } from '../../sql/deposit.js';
import type { CatchUpContender } from '../catch-up-contender.js';
import type { CatchUpTask } from '../catch-up-task.js';
import { checkBalances, countBalances, createBalances } from '../read-model.js';

type MoneyDeposited = Event<'MoneyDeposited', Deposit>;

const BALANCES = 'emmett_balances';
const PROJECTION = 'bench-balances';
/** The processor id Emmett gives a projector of that projection, under which it keeps the checkpoint. */
const PROCESSOR = `emt:processor:projector:${PROJECTION}`;
/** How long one seeding statement may take, in ms. */
const SEED_TIMEOUT = 600_000;

/**
 * Emmett's PostgreSQL consumer with a projector of a raw SQL projection, through its public API: the consumer
 * pulls pages of `pageSize` and the projector handles each page in one transaction, one upsert per event (the
 * statement raw and Annals send, as a literal: Emmett's `sql` formats values in), storing its checkpoint.
 */
export class EmmettContender implements CatchUpContender {
  readonly #projection: PostgreSQLProjectionDefinition<MoneyDeposited>;

  private constructor(
    readonly url: string,
    readonly pool: Dumbo,
    readonly store: PostgresEventStore,
  ) {
    this.#projection = postgreSQLRawSQLProjection<MoneyDeposited>({
      name: PROJECTION,
      canHandle: ['MoneyDeposited'],
      evolve: (event) => {
        // Emmett hands the projection the recorded event, with its stream and position.
        const { metadata } = event as ReadEvent<MoneyDeposited, PostgresReadEventMetadata>;
        return sql(
          `INSERT INTO ${BALANCES} AS b (account_id, balance, deposits, last_position)
           VALUES (%L, %s, 1, %s)
           ON CONFLICT (account_id) DO UPDATE
           SET balance = b.balance + excluded.balance, deposits = b.deposits + 1, last_position = excluded.last_position`,
          metadata.streamName,
          event.data.amount,
          metadata.globalPosition,
        );
      },
    });
  }

  static async open(url: string): Promise<EmmettContender> {
    const pool = dumbo({ connectionString: url });
    const store = getPostgreSQLEventStore(url, { connectionOptions: { dumbo: pool } });
    await store.schema.migrate();
    await pool.execute.command(sql(createBalances(BALANCES)));
    return new EmmettContender(url, pool, store);
  }

  /**
   * Appends the deposits the suite seeds Annals' log with, interleaved as there: every account's first
   * deposit, then every account's second, and so on. One append per event through Emmett's own append
   * function (`emt_append_to_stream`, what `appendToStream` calls, with the arguments it passes), called in
   * a loop on the server, one statement per round of deposits: appending one at a time from here took
   * minutes, and appending concurrently made Emmett's consumer skip events (it reads pages in transaction
   * order but continues after the last global position: 1,789 of 2,000 events projected after 8 concurrent
   * appenders).
   */
  async seed(task: CatchUpTask): Promise<void> {
    const { rows } = await this.pool.execute.query<{ events: string }>(
      sql('SELECT count(*) AS events FROM emt_messages'),
    );
    if (Number(rows[0]?.events) === task.events) return;
    if (Number(rows[0]?.events) !== 0)
      throw new Error(`emmett holds ${rows[0]?.events} events, not ${task.events}`);
    const deposits = task.events / task.accounts;
    if (!Number.isSafeInteger(deposits))
      throw new Error(`${task.events} events do not spread over ${task.accounts} accounts`);
    const streams = Array.from({ length: task.accounts }, () => `BankAccount-${uuidv7()}`);
    for (let version = 1; version <= deposits; version++) {
      const { amount, reference } = depositFor(version);
      // Emmett's schema migration leaves a 10 s statement timeout on its connection; a seed takes longer.
      await this.pool.execute.command(
        rawSql(`DO $seed$
          DECLARE
            stream text;
          BEGIN
            FOREACH stream IN ARRAY ARRAY[${streams.map(quote).join(', ')}] LOOP
              PERFORM emt_append_to_stream(
                ARRAY[gen_random_uuid()::text],
                ARRAY[jsonb_build_object('amount', ${amount}, 'reference', ${quote(reference)})],
                ARRAY['{}'::jsonb], ARRAY['1'], ARRAY['MoneyDeposited'], ARRAY['E'],
                stream, 'BankAccount', NULL::bigint, 'emt:default');
            END LOOP;
          END $seed$`),
        { timeoutMs: SEED_TIMEOUT },
      );
    }
    await this.pool.execute.command(sql('VACUUM ANALYZE emt_messages'));
    await this.pool.execute.command(sql('VACUUM ANALYZE emt_streams'));
  }

  async reset(): Promise<void> {
    await this.pool.execute.command(sql(`TRUNCATE ${BALANCES}`));
    await this.pool.execute.command(sql('DELETE FROM emt_processors WHERE processor_id = %L', PROCESSOR));
  }

  /**
   * A consumer that stops once no messages are left, pulling without a pause between full pages (Emmett
   * waits 50 ms between pulls by default, which would dominate a catch-up).
   */
  async catchUp(task: CatchUpTask): Promise<void> {
    const consumer = postgreSQLEventStoreConsumer<MoneyDeposited>({
      connectionString: this.url,
      pool: this.pool,
      stopWhen: { noMessagesLeft: true },
      pulling: { batchSize: task.pageSize, pullingFrequencyInMs: 0 },
    });
    consumer.projector({ projection: this.#projection });
    await consumer.start();
    await consumer.stop();
  }

  async check(task: CatchUpTask): Promise<void> {
    const { rows } = await this.pool.execute.query<{ rows: string; deposits: string }>(
      sql(countBalances(BALANCES)),
    );
    checkBalances('emmett', rows[0] ?? { rows: 0, deposits: 0 }, task);
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

/** A string as an SQL literal. */
function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
