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
  | { readonly kind: 'load'; readonly events: number; readonly loads: number; readonly layer?: StateLayer }
  /**
   * Follow the whole log from position 1 to its head, `reads` times over, in pages of the page size: a log of
   * `events` events, which is every contender's seeded aggregate of `seedEvents` (the plain load's), so that
   * each contender reads what the others wrote too.
   */
  | { readonly kind: 'follow'; readonly seedEvents: number; readonly events: number; readonly reads: number };

/** How many events one performance of the task handles. */
export function eventsOf(task: CassandraTask): number {
  switch (task.kind) {
    case 'append':
      return task.writers * task.transactionsPerWriter * task.eventsPerTransaction;
    case 'load':
      return task.events * task.loads;
    case 'follow':
      return task.events * task.reads;
  }
}
