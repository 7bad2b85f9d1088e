import type { StateLayer } from './state-layer.js';

/** How writers append: each writer to aggregates of its own, one transaction after another. */
export interface AppendShape {
  readonly writers: number;
  readonly transactionsPerWriter: number;
  readonly eventsPerTransaction: number;
}

/** The work one measurement of the SQL suite asks of a contender. */
export type SqlTask =
  | ({ readonly kind: 'append' } & AppendShape)
  /**
   * Rebuild a seeded aggregate of `events` events, `loads` times over; with a `layer`, Annals seeds and loads
   * it with that layer configured.
   */
  | { readonly kind: 'load'; readonly events: number; readonly loads: number; readonly layer?: StateLayer }
  /**
   * Read the first `events` events of the whole log, `pageSize` per query, `scans` times over; with a `layer`,
   * the `events` events seeded for the task instead, through that layer in Annals' case.
   */
  | {
      readonly kind: 'scan';
      readonly events: number;
      readonly scans: number;
      readonly pageSize: number;
      /** Read event by event where the store can (see `SqlContender.scan`). @default false */
      readonly oneByOne?: boolean;
      readonly layer?: StateLayer;
    };

/** How many events one performance of the task handles. */
export function eventsOf(task: SqlTask): number {
  switch (task.kind) {
    case 'append':
      return task.writers * task.transactionsPerWriter * task.eventsPerTransaction;
    case 'load':
      return task.events * task.loads;
    case 'scan':
      return task.events * task.scans;
  }
}
