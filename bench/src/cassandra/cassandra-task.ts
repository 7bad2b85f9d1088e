import type { AppendShape } from '../sql/sql-task.js';
import type { StateLayer } from '../sql/state-layer.js';

export type { AppendShape } from '../sql/sql-task.js';

/** The work one measurement of the Cassandra suite asks of a contender. */
export type CassandraTask =
  /** Each writer appends to a new aggregate of its own, one conditional batch after another. */
  | ({ readonly kind: 'append' } & AppendShape)
  /**
   * Rebuild a seeded aggregate of `events` events, `loads` times over; with a `layer`, Annals seeds and loads
   * it with that layer configured.
   */
  | { readonly kind: 'load'; readonly events: number; readonly loads: number; readonly layer?: StateLayer };

/** How many events one performance of the task handles. */
export function eventsOf(task: CassandraTask): number {
  switch (task.kind) {
    case 'append':
      return task.writers * task.transactionsPerWriter * task.eventsPerTransaction;
    case 'load':
      return task.events * task.loads;
  }
}
