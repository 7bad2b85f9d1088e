import type { Statement } from './dialect.js';

/** How a dialect holds leases. */
export type LeaseStatements = AdvisoryLockStatements | LeaseRowStatements;

/**
 * Leases as session-level advisory locks (PostgreSQL): a lock is held by the connection that took it until
 * that connection unlocks it or its session ends, so a holder that dies frees it with its session.
 */
export interface AdvisoryLockStatements {
  readonly kind: 'advisory-lock';
  /** Takes the lease's lock if it is free, without waiting: a `{ taken }` row. */
  tryLock(name: string): Statement;
  /** Gives the lease's lock up. */
  unlock(name: string): Statement;
}

/**
 * Leases as rows with an expiry that their holder renews (SQLite, whose file several processes may share).
 * Times are ms since the epoch.
 */
export interface LeaseRowStatements {
  readonly kind: 'row';
  /** Takes the lease if nobody holds it or its holder's time ran out: a `{ holder }` row when it did. */
  take(name: string, holder: string, now: number, expiresAt: number): Statement;
  /** Extends the lease if `holder` still holds it: a `{ holder }` row when it does. */
  renew(name: string, holder: string, expiresAt: number): Statement;
  /** Frees the lease if `holder` holds it. */
  release(name: string, holder: string): Statement;
}
