import type { Workload } from '../harness/index.js';
import { eventsOf, type SqlTask } from './sql-task.js';

/** How much of each workload a run measures. */
export interface SqlPlan {
  readonly rounds: number;
  readonly workloads: readonly Workload<SqlTask>[];
}

interface Sizes {
  readonly rounds: number;
  /** Transactions each writer makes in the four append workloads, in order. */
  readonly transactions: readonly [number, number, number, number];
  /** How many times a load rebuilds the aggregate. */
  readonly loads: number;
  readonly scanned: number;
}

/** The size of the aggregate the load workload rebuilds. */
const AGGREGATE_EVENTS = 10_000;
const PAGE_SIZE = 500;

/** Sized so that the full run takes about ten minutes on a 2-core machine, the quick one under two. */
export const fullPlan: SqlPlan = planOf({
  rounds: 7,
  transactions: [3000, 1000, 600, 250],
  loads: 30,
  scanned: 20_000,
});
export const quickPlan: SqlPlan = planOf({
  rounds: 3,
  transactions: [400, 120, 60, 20],
  loads: 5,
  scanned: 10_000,
});

function planOf(sizes: Sizes): SqlPlan {
  const [one, eight, ten, hundred] = sizes.transactions;
  const tasks: [string, SqlTask][] = [
    ['append 1 event/tx, 1 writer', append(1, 1, one)],
    ['append 1 event/tx, 8 writers', append(1, 8, eight)],
    ['append 10 events/tx, 8 writers', append(10, 8, ten)],
    ['append 100 events/tx, 4 writers', append(100, 4, hundred)],
    ['load a 10,000-event aggregate', { kind: 'load', events: AGGREGATE_EVENTS, loads: sizes.loads }],
    ['scan the notification log', { kind: 'scan', events: sizes.scanned, pageSize: PAGE_SIZE }],
  ];
  return {
    rounds: sizes.rounds,
    workloads: tasks.map(([name, task]) => ({ name, events: eventsOf(task), task })),
  };
}

function append(eventsPerTransaction: number, writers: number, transactionsPerWriter: number): SqlTask {
  return { kind: 'append', writers, transactionsPerWriter, eventsPerTransaction };
}
