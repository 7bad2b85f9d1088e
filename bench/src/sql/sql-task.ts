/** How writers append: each writer to aggregates of its own, one transaction after another. */
export interface AppendShape {
  readonly writers: number;
  readonly transactionsPerWriter: number;
  readonly eventsPerTransaction: number;
}

/** The work one measurement of the SQL suite asks of a contender. */
export type SqlTask =
  | ({ readonly kind: 'append' } & AppendShape)
  /** Rebuild a seeded aggregate of `events` events, `loads` times over. */
  | { readonly kind: 'load'; readonly events: number; readonly loads: number }
  /** Read the first `events` events of the whole log, `pageSize` per query. */
  | { readonly kind: 'scan'; readonly events: number; readonly pageSize: number };

/** How many events one performance of the task handles. */
export function eventsOf(task: SqlTask): number {
  switch (task.kind) {
    case 'append':
      return task.writers * task.transactionsPerWriter * task.eventsPerTransaction;
    case 'load':
      return task.events * task.loads;
    case 'scan':
      return task.events;
  }
}
