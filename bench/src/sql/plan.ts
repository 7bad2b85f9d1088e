import type { Workload } from '../harness/index.js';
import type { SqlContenderName } from './sql-contenders.js';
import { eventsOf, type SqlTask } from './sql-task.js';
import { describeLayer, STATE_LAYERS } from './state-layer.js';

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
  /** How many times a layer's load rebuilds it: fewer, as each load takes several times as long. */
  readonly layerLoads: number;
  readonly scanned: number;
  /** How many times a scan reads them. */
  readonly scans: number;
  /** How many times a layer's scan reads them: fewer, as each scan takes several times as long. */
  readonly layerScans: number;
}

/** The size of the aggregate the load workload rebuilds. */
const AGGREGATE_EVENTS = 10_000;
const PAGE_SIZE = 500;
/** Emmett stores no compressed or encrypted state: the layers' workloads leave it out. */
const LAYER_CONTENDERS: readonly SqlContenderName[] = ['annals', 'raw'];

/** Sized so that the full run takes about twelve minutes on a 2-core machine, the quick one under two. */
export const fullPlan: SqlPlan = planOf({
  rounds: 7,
  transactions: [3000, 1000, 600, 250],
  loads: 30,
  layerLoads: 10,
  scanned: 20_000,
  scans: 5,
  layerScans: 2,
});
export const quickPlan: SqlPlan = planOf({
  rounds: 3,
  transactions: [400, 120, 60, 20],
  loads: 5,
  layerLoads: 5,
  scanned: 10_000,
  scans: 3,
  layerScans: 1,
});

function planOf(sizes: Sizes): SqlPlan {
  const [one, eight, ten, hundred] = sizes.transactions;
  const tasks: [string, SqlTask][] = [
    ['append 1 event/tx, 1 writer', append(1, 1, one)],
    ['append 1 event/tx, 8 writers', append(1, 8, eight)],
    ['append 10 events/tx, 8 writers', append(10, 8, ten)],
    ['append 100 events/tx, 4 writers', append(100, 4, hundred)],
    ['load a 10,000-event aggregate', { kind: 'load', events: AGGREGATE_EVENTS, loads: sizes.loads }],
    [
      'scan the notification log',
      { kind: 'scan', events: sizes.scanned, scans: sizes.scans, pageSize: PAGE_SIZE },
    ],
  ];
  const layerTasks: [string, SqlTask][] = [
    ...STATE_LAYERS.map((layer): [string, SqlTask] => [
      `load a 10,000-event aggregate, ${describeLayer(layer)}`,
      { kind: 'load', events: AGGREGATE_EVENTS, loads: sizes.layerLoads, layer },
    ]),
    ...STATE_LAYERS.map((layer): [string, SqlTask] => [
      `scan the notification log, ${describeLayer(layer)}`,
      { kind: 'scan', events: sizes.scanned, scans: sizes.layerScans, pageSize: PAGE_SIZE, layer },
    ]),
  ];
  // The layers' workloads run last, so that the plain ones find the tables as they did before there were any.
  return {
    rounds: sizes.rounds,
    workloads: [
      ...tasks.map(([name, task]) => ({ name, events: eventsOf(task), task })),
      ...layerTasks.map(([name, task]) => ({
        name,
        events: eventsOf(task),
        task,
        contenders: LAYER_CONTENDERS,
      })),
    ],
  };
}

function append(eventsPerTransaction: number, writers: number, transactionsPerWriter: number): SqlTask {
  return { kind: 'append', writers, transactionsPerWriter, eventsPerTransaction };
}
