import type { LeaseStatements } from '../dialect/lease-statements.js';
import type { DedicatedConnections } from '../internal/dedicated-connections.js';
import type { SqlClient } from '../internal/sql-client.js';
import { PostgresqlLeases } from './postgresql-leases.js';
import { SqliteLeases } from './sqlite-leases.js';

/** Options of {@link leaseStoreFor}. */
export interface LeaseStoreOptions {
  readonly statements: LeaseStatements;
  readonly sql: SqlClient;
  readonly connections: DedicatedConnections;
  /** As `MikroOrmStrategyOptions.leaseCheckInterval`. */
  readonly checkInterval: number | undefined;
  /** As `MikroOrmStrategyOptions.leaseTtl`. */
  readonly ttl: number | undefined;
}

/** The lease store of a dialect's kind of leases. */
export function leaseStoreFor(options: LeaseStoreOptions): PostgresqlLeases | SqliteLeases {
  const { statements, sql, connections } = options;
  switch (statements.kind) {
    case 'advisory-lock':
      return new PostgresqlLeases({
        connections,
        statements,
        checkInterval: positiveMs('leaseCheckInterval', options.checkInterval ?? 2000),
      });
    case 'row':
      return new SqliteLeases({ sql, statements, ttl: positiveMs('leaseTtl', options.ttl ?? 5000) });
  }
}

function positiveMs(option: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${option} must be a number of ms > 0; got ${value}`);
  }
  return value;
}
