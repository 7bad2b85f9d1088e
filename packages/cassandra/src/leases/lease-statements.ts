/** The CQL of leases, for one keyspace. Values are always bound. */
export interface LeaseStatements {
  readonly takeLease: string;
  readonly selectHolder: string;
  readonly renewLease: string;
  readonly deleteLease: string;
}

/** Statements on the `leases` table of `keyspace`, a checked keyspace name. */
export function leaseStatements(keyspace: string): LeaseStatements {
  const leases = `${keyspace}.leases`;
  return {
    takeLease: `INSERT INTO ${leases} (name, holder) VALUES (?, ?) IF NOT EXISTS USING TTL ?`,
    selectHolder: `SELECT holder FROM ${leases} WHERE name = ?`,
    renewLease: `UPDATE ${leases} USING TTL ? SET holder = ? WHERE name = ? IF holder = ?`,
    deleteLease: `DELETE FROM ${leases} WHERE name = ? IF holder = ?`,
  };
}
