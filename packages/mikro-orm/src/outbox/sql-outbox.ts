import type { ClaimOutboxOptions, OutboxBacklog, OutboxClaim, OutboxSender } from '@annals/core/storage';
import type { MikroORM } from '@mikro-orm/core';
import type { AbstractSqlConnection } from '@mikro-orm/sql';
import type { Dialect, Statement } from '../dialect/dialect.js';
import type { Executor } from '../internal/executor.js';
import type { SqlClient } from '../internal/sql-client.js';
import { inProcessClaims, lockingClaims, type OutboxClaims } from './outbox-claims.js';

/** Options of an {@link SqlOutbox}. */
export interface SqlOutboxOptions {
  readonly sql: SqlClient;
  readonly dialect: Dialect;
  /** The ORM of the relays' own pool, if any. */
  readonly relayOrm: MikroORM | undefined;
  /** How long claims leave rows marked for dispatch alone, ms. */
  readonly dispatchGrace: number;
}

/**
 * The outbox of a SQL strategy as relays use it: claims (locking rows on PostgreSQL, coordinated in this
 * process on SQLite), the backlog, and settling what a dispatch on commit sent, on the relays' pool where
 * there is one.
 */
export class SqlOutbox {
  readonly #sql: SqlClient;
  readonly #dialect: Dialect;
  readonly #relayClient: Executor;
  readonly #claims: OutboxClaims;
  readonly #dispatchGrace: number;

  constructor({ sql, dialect, relayOrm, dispatchGrace }: SqlOutboxOptions) {
    if (!Number.isFinite(dispatchGrace) || dispatchGrace < 0) {
      throw new RangeError(`outboxDispatchGrace must be a number of ms >= 0; got ${dispatchGrace}`);
    }
    this.#sql = sql;
    this.#dialect = dialect;
    this.#dispatchGrace = dispatchGrace;
    this.#relayClient = relayOrm
      ? (relayOrm.em.getConnection() as AbstractSqlConnection).getClient()
      : sql.pool;
    const query = <R>(statement: Statement, db?: Executor): Promise<R[]> => sql.query<R>(statement, db);
    this.#claims = dialect.beginClaim
      ? lockingClaims(this.#relayClient, dialect, query)
      : inProcessClaims(sql.pool, dialect, query);
  }

  /** See `OutboxStore.claimOutbox`. */
  async claim(limit: number, send: OutboxSender, options: ClaimOutboxOptions): Promise<OutboxClaim> {
    await this.#sql.ready();
    const grace = options.includeDispatched ? undefined : this.#dispatchGrace;
    try {
      return await this.#claims.claim(limit, send, grace);
    } catch (error) {
      throw this.#sql.convert(error);
    }
  }

  /** See `OutboxStore.outboxBacklog`. */
  async backlog(): Promise<OutboxBacklog> {
    const [row] = await this.#sql.query<{ pending: number | string; oldest: string | Date | null }>(
      this.#dialect.outboxBacklog(),
    );
    const oldest = row?.oldest ?? null;
    return { pending: Number(row?.pending ?? 0), oldest: oldest === null ? undefined : new Date(oldest) };
  }

  /** See `OutboxDispatch.settleOutbox`: one round trip on the relays' pool. */
  async settle(confirmed: readonly number[], unconfirmed: readonly number[]): Promise<void> {
    const statement = this.#dialect.settleDispatched?.(confirmed, unconfirmed);
    if (statement && confirmed.length + unconfirmed.length > 0) {
      await this.#sql.query(statement, this.#relayClient);
    }
  }
}
