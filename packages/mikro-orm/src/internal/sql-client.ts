import { ClosedError } from '@annals/core';
import type { MikroORM, TransactionEventArgs } from '@mikro-orm/core';
import type { AbstractSqlConnection } from '@mikro-orm/sql';
import { CompiledQuery } from 'kysely';
import type { Pool } from 'pg';
import type { Dialect, Statement } from '../dialect/dialect.js';
import { applyMigrations } from '../migrations/apply-migrations.js';
import type { JoinedTransactions } from '../transactions/joined-transactions.js';
import { convertError } from './convert-error.js';
import type { Executor } from './executor.js';
import { releaseLostConnections } from './lost-connections.js';
import { PreparedStatements } from './prepared-statements.js';
import { isStateNotText } from './postgresql-failures.js';

/** Options of a {@link SqlClient}. */
export interface SqlClientOptions {
  readonly orm: MikroORM;
  readonly dialect: Dialect;
  readonly transactions: JoinedTransactions;
  /** What operational errors name. */
  readonly endpoint: string;
  /** Apply the migrations before the first statement. */
  readonly migrate: boolean;
  /** PostgreSQL: run statements outside a transaction as named prepared statements. */
  readonly preparedStatements: boolean;
}

/**
 * Runs a strategy's statements with real bind parameters through the ORM's Kysely connection, bypassing the
 * unit of work: on the caller's transaction when one of this ORM is active, else on the pool (there, on
 * PostgreSQL, as statements prepared once per connection). Driver errors become Annals errors. Nothing is
 * opened until the first statement, before which the storage is prepared (and migrated, when asked).
 */
export class SqlClient {
  /** The ORM's own pool, outside any caller's transaction. */
  readonly pool: Executor;
  readonly #options: SqlClientOptions;
  #prepared: PreparedStatements | undefined;
  #ready: Promise<void> | undefined;
  #migrated = false;
  #closed = false;

  constructor(options: SqlClientOptions) {
    this.#options = options;
    this.pool = (options.orm.em.getConnection() as AbstractSqlConnection).getClient();
    // A caller's transaction may come before the strategy's first statement. The storage is prepared before
    // it begins: on SQLite, whose one connection the transaction holds, the migrations could not run inside.
    options.orm.em.getEventManager().registerSubscriber({
      beforeTransactionStart: async ({ transaction }: TransactionEventArgs) => {
        if (transaction === undefined && !this.#closed) await this.ready();
      },
    });
  }

  /** The caller's transaction of this ORM, if one is active. */
  joined(): Executor | undefined {
    return this.#options.transactions.current();
  }

  /** Runs one statement on `db`, by default on the caller's transaction or the pool. */
  async query<R>(statement: Statement, db?: Executor): Promise<R[]> {
    await this.ready();
    try {
      const executor = db ?? this.#options.transactions.current() ?? this.pool;
      if (executor === this.pool && this.#prepared && statement.params.length > 0) {
        return await this.#prepared.query<R>(statement);
      }
      const result = await executor.executeQuery<R>(CompiledQuery.raw(statement.sql, [...statement.params]));
      return result.rows;
    } catch (error) {
      throw this.convert(error);
    }
  }

  /**
   * Runs one statement like {@link query}, each row an array of its columns in the order the statement selects
   * them: reads of many rows (loads, log pages) skip building an object per row where the driver can.
   */
  async queryTuples(statement: Statement): Promise<unknown[][]> {
    await this.ready();
    const prepared = this.#prepared;
    const executor = this.#options.transactions.current() ?? this.pool;
    if (executor !== this.pool || !prepared || statement.params.length === 0) {
      const rows = await this.query<Record<string, unknown>>(statement.asBytes ?? statement);
      return rows.map((row) => Object.values(row));
    }
    try {
      return await prepared.queryTuples(statement).catch((error: unknown) => {
        if (!statement.asBytes || !isStateNotText(error)) throw error;
        return prepared.queryTuples(statement.asBytes);
      });
    } catch (error) {
      throw this.convert(error);
    }
  }

  /** Runs `work` in the caller's transaction, or else in one of its own that commits when `work` resolves. */
  async inTransaction<T>(work: (db: Executor) => Promise<T>): Promise<T> {
    await this.ready();
    const joined = this.#options.transactions.current();
    if (joined) return work(joined);
    try {
      return await this.pool.transaction().execute(work);
    } catch (error) {
      throw this.convert(error);
    }
  }

  /**
   * Applies the migrations the database has not seen; the first statement then migrates no more.
   * @returns the ids of the migrations this call applied
   */
  async migrate(): Promise<string[]> {
    this.assertOpen();
    try {
      const applied = await applyMigrations(this.pool, this.#options.dialect);
      this.#migrated = true;
      return applied;
    } catch (error) {
      throw this.convert(error);
    }
  }

  /**
   * Prepares the storage once: a failed attempt (the database not up yet, a lock held too long) is not kept,
   * so the next statement tries again.
   */
  ready(): Promise<void> {
    this.assertOpen();
    this.#ready ??= this.#prepare().catch((error: unknown) => {
      this.#ready = undefined;
      throw error;
    });
    return this.#ready;
  }

  /** Further statements fail with `ClosedError`; waits for a preparation under way. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#ready?.catch(() => undefined);
  }

  /** Whether {@link close} was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Throws `ClosedError` once closed. */
  assertOpen(): void {
    if (this.#closed) throw new ClosedError(`the ${this.#options.dialect.name} strategy`);
  }

  /** A driver error as the Annals error callers match on (see `convertError`). */
  convert(error: unknown): unknown {
    return convertError(error, this.#options.endpoint);
  }

  async #prepare(): Promise<void> {
    const { orm, dialect, migrate, preparedStatements } = this.#options;
    try {
      if (dialect.name === 'postgresql') {
        const connection = orm.em.getConnection();
        await connection.ensureConnection();
        // Connected, this fails only when the ORM's driverOptions bring a Kysely instance or dialect of their own.
        const pool = await (connection.getNativeClient() as Promise<Pool>).catch(() => undefined);
        if (pool) {
          releaseLostConnections(pool);
          if (preparedStatements) {
            const { types } = (await import('pg')).default;
            this.#prepared ??= new PreparedStatements(pool, types);
          }
        }
      }
      if (migrate && !this.#migrated) {
        await applyMigrations(this.pool, dialect);
        this.#migrated = true;
      }
    } catch (error) {
      throw this.convert(error);
    }
  }
}
