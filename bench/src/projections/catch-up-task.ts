/**
 * The work one measurement of the catch-up workload asks of a contender: project the whole seeded log, from
 * an empty read model and a checkpoint at the start, into one row per account, `pageSize` events per read
 * and per transaction.
 */
export interface CatchUpTask {
  readonly kind: 'catch-up';
  /** How many accounts the log holds, each with the same number of deposits. */
  readonly accounts: number;
  /** How many events the log holds: `accounts` times the deposits per account. */
  readonly events: number;
  readonly pageSize: number;
}
