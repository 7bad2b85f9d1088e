import type { QueryOptions, types } from 'cassandra-driver';
import { consistencyCode, type ResolvedOptions } from '../options/index.js';
import type { BatchStatement, Executor } from './executor.js';
import { statements, type Statements } from './statements.js';

/** How to read: a page of rows, optionally at serial consistency (which completes any Paxos round in flight). */
export interface ReadOptions {
  readonly fetchSize?: number | undefined;
  readonly pageState?: string | undefined;
  readonly serial?: boolean | undefined;
}

/**
 * Sends prepared statements with the configured consistency levels. Errors are the driver's; the strategy
 * converts them at its boundary, after the append has resolved unknown outcomes from them.
 */
export class Session {
  readonly cql: Statements;
  readonly #executor: Executor;
  readonly #consistency: number;
  readonly #serialConsistency: number;

  constructor(
    executor: Executor,
    readonly options: ResolvedOptions,
  ) {
    this.#executor = executor;
    this.cql = statements(options.keyspace);
    this.#consistency = consistencyCode(options.consistency);
    this.#serialConsistency = consistencyCode(options.serialConsistency);
  }

  /** A read, idempotent, so the driver may retry it on another node. */
  read(query: string, params: readonly unknown[], options: ReadOptions = {}): Promise<types.ResultSet> {
    const queryOptions: QueryOptions = {
      ...this.#base(),
      isIdempotent: true,
      consistency: options.serial ? this.#serialConsistency : this.#consistency,
    };
    if (options.fetchSize !== undefined) queryOptions.fetchSize = options.fetchSize;
    if (options.pageState !== undefined) queryOptions.pageState = options.pageState;
    return this.#executor.execute(query, params, queryOptions);
  }

  /** A write or a single conditional statement. Never retried by the driver: its outcome may be unknown. */
  write(query: string, params: readonly unknown[]): Promise<types.ResultSet> {
    return this.#executor.execute(query, params, this.#base());
  }

  /** A single-partition batch, applied atomically; conditional when one of its statements has `IF`. */
  batch(batch: readonly BatchStatement[]): Promise<types.ResultSet> {
    return this.#executor.batch(batch, { ...this.#base(), logged: false });
  }

  /** Schema changes wait for the cluster to agree, which takes longer than a read; they get a minute. */
  ddl(query: string): Promise<types.ResultSet> {
    return this.#executor.execute(query, [], { readTimeout: 60_000 });
  }

  shutdown(): Promise<void> {
    return this.#executor.shutdown();
  }

  #base(): QueryOptions {
    return {
      prepare: true,
      consistency: this.#consistency,
      serialConsistency: this.#serialConsistency,
    };
  }
}
