import { ClosedError } from '@annals/core';
import type { MikroORM } from '@mikro-orm/core';
import type { AbstractSqlConnection } from '@mikro-orm/sql';
import { CompiledQuery } from 'kysely';
import type { Dialect, Statement } from '../dialect/dialect.js';
import { applyMigrations } from '../migrations/apply-migrations.js';
import type { JoinedTransactions } from '../transactions/joined-transactions.js';
import { convertError } from './convert-error.js';
import type { Executor } from './executor.js';
import { PreparedStatements, type NativePool } from './prepared-statements.js';

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
 * PostgreSQL, as statements prepared once per connection). Driver errors become Annals errors. The storage
 * is prepared (and migrated, when asked) before the first statement.
 */
export class SqlClient {
  /** The ORM's own pool, outside any caller's transaction. */
  readonly pool: Executor;
  readonly #options: SqlClientOptions;
  #prepared: PreparedStatements | undefined;
  #ready: Promise<void> | undefined;
  #closed = false;

  constructor(options: SqlClientOptions) {
    this.#options = options;
    this.pool = (options.orm.em.getConnection() as AbstractSqlConnection).getClient();
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

  /** Applies the migrations the database has not seen. @returns their ids */
  async migrate(): Promise<string[]> {
    this.assertOpen();
    try {
      return await applyMigrations(this.pool, this.#options.dialect);
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
      const connection = orm.em.getConnection() as { getNativeClient?: () => Promise<NativePool> };
      if (preparedStatements && dialect.name === 'postgresql' && connection.getNativeClient) {
        this.#prepared ??= new PreparedStatements(await connection.getNativeClient());
      }
      if (migrate) await applyMigrations(this.pool, dialect);
    } catch (error) {
      throw this.convert(error);
    }
  }
}
