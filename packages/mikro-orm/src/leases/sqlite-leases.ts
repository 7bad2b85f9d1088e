import { randomUUID } from 'node:crypto';
import type { Lease, LeaseStore } from '@annals/core/storage';
import type { LeaseRowStatements } from '../dialect/lease-statements.js';
import type { SqlClient } from '../internal/sql-client.js';
import { RowLease } from './row-lease.js';

/** Options of {@link SqliteLeases}. */
export interface SqliteLeasesOptions {
  readonly sql: SqlClient;
  readonly statements: LeaseRowStatements;
  /** How long a lease lasts without renewal, ms; its holder renews it every third of that. */
  readonly ttl: number;
}

/**
 * Leases as rows of the leases table, for processes sharing one SQLite file: taken by an upsert that
 * succeeds only when the lease is free or has run out, and renewed by its holder's heartbeat. A holder that
 * dies stops renewing, and another process takes the lease once it has run out. Expiry times are read from
 * the clock of the machine that holds the file.
 */
export class SqliteLeases implements LeaseStore {
  readonly #options: SqliteLeasesOptions;
  readonly #held = new Set<RowLease>();

  constructor(options: SqliteLeasesOptions) {
    this.#options = options;
  }

  async tryLease(name: string): Promise<Lease | undefined> {
    const { sql, statements, ttl } = this.#options;
    const holder = randomUUID();
    const now = Date.now();
    const expiresAt = now + ttl;
    const taken = await sql.query(statements.take(name, holder, now, expiresAt), sql.pool);
    if (taken.length === 0) return undefined;
    const lease: RowLease = new RowLease({
      name,
      holder,
      expiresAt,
      sql,
      statements,
      ttl,
      onEnd: () => this.#held.delete(lease),
    });
    this.#held.add(lease);
    return lease;
  }

  /** Releases every lease still held, as the strategy closes. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.#held].map((lease) => lease.release()));
  }
}
