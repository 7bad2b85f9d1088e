import { randomUUID } from 'node:crypto';
import type { Lease, LeaseStore } from '@annals/core';
import { assertText } from '@annals/core/storage';
import cassandra from 'cassandra-driver';
import { readSerially, writeConditionally } from '../internal/conditional-write.js';
import type { Session } from '../internal/session.js';
import { CassandraLease } from './cassandra-lease.js';
import { leaseStatements, type LeaseStatements } from './lease-statements.js';

/**
 * Leases as rows taken with a lightweight transaction (`IF NOT EXISTS`) and a time to live: a holder that
 * dies stops renewing its row, and Cassandra forgets it within `leaseTtl` seconds. A take whose outcome is
 * unknown is decided by the holder id a serial read finds in the row.
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
    const taken = await writeConditionally(this.#session, {
      context: { lease: name },
      what: `taking lease ${name}`,
      send: async () => (await this.#session.write(this.#cql.takeLease, [name, holder, ttl])).wasApplied(),
      find: async () => {
        const row = (await readSerially(this.#session, this.#cql.selectHolder, [name])).first();
        const found: unknown = row?.get('holder');
        if (found === undefined || found === null) return 'absent';
        return found instanceof cassandra.types.Uuid && found.toString() === holder ? 'stored' : 'lost';
      },
      stored: () => true,
      lost: () => false,
    });
    if (!taken) return undefined;
    return new CassandraLease({ name, holder, session: this.#session, cql: this.#cql, ttl, logger });
  }
}
