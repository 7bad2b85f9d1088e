import { ValidationError } from '@annals/core';

/** The names of the tables one event store uses. */
export interface Tables {
  readonly events: string;
  readonly snapshots: string;
  readonly tracking: string;
  readonly outbox: string;
  /** Message ids each consumer has processed (migration 0002). */
  readonly processedMessages: string;
  /** Projections' records (migration 0007). */
  readonly projections: string;
  /** Projections' checkpoints (migration 0007). */
  readonly checkpoints: string;
  /** SQLite's leases (migration 0007); PostgreSQL holds leases as advisory locks. */
  readonly leases: string;
  readonly migrations: string;
  readonly prefix: string;
}

const PREFIX = /^[a-z_][a-z0-9_]{0,39}$/;

/**
 * Table names for a prefix, so several applications can share one database. The prefix is checked, since it
 * is the one part of our SQL that cannot be a bind parameter.
 */
export function tablesFor(prefix = 'annals_'): Tables {
  if (!PREFIX.test(prefix)) {
    throw new ValidationError(
      `tablePrefix must be lower-case letters, digits and underscores, starting with a letter or underscore, ` +
        `at most 40 characters; got ${JSON.stringify(prefix)}`,
    );
  }
  return {
    prefix,
    events: `${prefix}events`,
    snapshots: `${prefix}snapshots`,
    tracking: `${prefix}tracking`,
    outbox: `${prefix}outbox`,
    processedMessages: `${prefix}processed_messages`,
    projections: `${prefix}projections`,
    checkpoints: `${prefix}checkpoints`,
    leases: `${prefix}leases`,
    migrations: `${prefix}migrations`,
  };
}
