import type { Lease, LeaseStore } from '@annals/core/storage';
import type { AdvisoryLockStatements } from '../dialect/lease-statements.js';
import type { DedicatedConnections } from '../internal/dedicated-connections.js';
import { AdvisoryLease } from './advisory-lease.js';

/** Options of {@link PostgresqlLeases}. */
export interface PostgresqlLeasesOptions {
  readonly connections: DedicatedConnections;
  readonly statements: AdvisoryLockStatements;
  /** How often each lease's connection is checked, ms. */
  readonly checkInterval: number;
}

/**
 * Leases as session-level advisory locks, each held by a connection of its own, never one of the ORM's
 * pool (a pooled connection would carry the lock into whatever work borrows it next). When the holding
 * process dies, its connection closes and PostgreSQL frees the lock with the session.
 */
export class PostgresqlLeases implements LeaseStore {
  readonly #options: PostgresqlLeasesOptions;
  readonly #held = new Set<AdvisoryLease>();

  constructor(options: PostgresqlLeasesOptions) {
    this.#options = options;
  }

  async tryLease(name: string): Promise<Lease | undefined> {
    const { connections, statements, checkInterval } = this.#options;
    // A check that has no answer by the time of the next one counts as a dead connection.
    const client = await connections.open({ query_timeout: checkInterval });
    let taken: boolean;
    try {
      const [row] = await connections.query<{ taken: boolean }>(client, statements.tryLock(name));
      taken = row?.taken === true;
    } catch (error) {
      client.end().catch(() => undefined);
      throw error;
    }
    if (!taken) {
      await client.end();
      return undefined;
    }
    const lease: AdvisoryLease = new AdvisoryLease({
      name,
      client,
      connections,
      statements,
      checkInterval,
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
