import { randomUUID } from 'node:crypto';
import type { Lease, LeaseStore } from '@annals/core';
import { assertText } from '@annals/core/storage';
import type { Session } from '../internal/session.js';
import { CassandraLease } from './cassandra-lease.js';
import { leaseStatements, type LeaseStatements } from './lease-statements.js';

/**
 * Leases as rows taken with a lightweight transaction (`IF NOT EXISTS`) and a time to live: a holder that
 * dies stops renewing its row, and Cassandra forgets it within `leaseTtl` seconds.
 */
export class CassandraLeases implements LeaseStore {
  readonly #session: Session;
  readonly #cql: LeaseStatements;

  constructor(session: Session) {
    this.#session = session;
    this.#cql = leaseStatements(session.options.keyspace);
  }

  async tryLease(name: string): Promise<Lease | undefined> {
    assertText(name, 'lease name');
    const holder = randomUUID();
    const { leaseTtl: ttl, logger } = this.#session.options;
    const result = await this.#session.write(this.#cql.takeLease, [name, holder, ttl]);
    if (result.first().get('[applied]') !== true) return undefined;
    return new CassandraLease({ name, holder, session: this.#session, cql: this.#cql, ttl, logger });
  }
}
