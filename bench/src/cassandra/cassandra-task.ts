import type { AppendShape } from '../sql/sql-task.js';

export type { AppendShape } from '../sql/sql-task.js';

/** The work one measurement of the Cassandra suite asks of a contender. */
export type CassandraTask =
  /** Each writer appends to a new aggregate of its own, one conditional batch after another. */
  | ({ readonly kind: 'append' } & AppendShape)
  /** Rebuild a seeded aggregate of `events` events, `loads` times over. */
  | { readonly kind: 'load'; readonly events: number; readonly loads: number };

/** How many events one performance of the task handles. */
export function eventsOf(task: CassandraTask): number {
  switch (task.kind) {
    case 'append':
      return task.writers * task.transactionsPerWriter * task.eventsPerTransaction;
    case 'load':
      return task.events * task.loads;
  }
}
