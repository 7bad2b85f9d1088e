import type { Workload } from '../harness/index.js';
import type { SqlContenderName } from './sql-contenders.js';
import { eventsOf, type SqlTask } from './sql-task.js';
import { describeLayer, STATE_LAYERS, type StateLayer } from './state-layer.js';

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
/**
 * Emmett stores no compressed or encrypted state, so the layers' workloads leave it out, and it sorts its whole
 * messages table for every page of a scan (1,000 events/s on the full run's log), so it scans once against
 * Annals in a workload of its own rather than several times over against raw.
 */
const ANNALS_AND_RAW: readonly SqlContenderName[] = ['annals', 'raw'];
const ANNALS_AND_EMMETT: readonly SqlContenderName[] = ['annals', 'emmett'];

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
  const scan = (scans: number, how: { layer?: StateLayer; oneByOne?: boolean } = {}): SqlTask => ({
    kind: 'scan',
    events: sizes.scanned,
    scans,
    pageSize: PAGE_SIZE,
    ...how,
  });
  const tasks: [string, SqlTask, (readonly SqlContenderName[])?][] = [
    ['append 1 event/tx, 1 writer', append(1, 1, one)],
    ['append 1 event/tx, 8 writers', append(1, 8, eight)],
    ['append 10 events/tx, 8 writers', append(10, 8, ten)],
    ['append 100 events/tx, 4 writers', append(100, 4, hundred)],
    ['load a 10,000-event aggregate', { kind: 'load', events: AGGREGATE_EVENTS, loads: sizes.loads }],
    ['scan the notification log', scan(sizes.scans), ANNALS_AND_RAW],
    ['scan the notification log, event by event', scan(sizes.scans, { oneByOne: true }), ANNALS_AND_RAW],
    ['scan the notification log, one pass', scan(1), ANNALS_AND_EMMETT],
  ];
  const layerTasks: [string, SqlTask, readonly SqlContenderName[]][] = [
    ...STATE_LAYERS.map((layer): [string, SqlTask, readonly SqlContenderName[]] => [
      `load a 10,000-event aggregate, ${describeLayer(layer)}`,
      { kind: 'load', events: AGGREGATE_EVENTS, loads: sizes.layerLoads, layer },
      ANNALS_AND_RAW,
    ]),
    ...STATE_LAYERS.map((layer): [string, SqlTask, readonly SqlContenderName[]] => [
      `scan the notification log, ${describeLayer(layer)}`,
      scan(sizes.layerScans, { layer }),
      ANNALS_AND_RAW,
    ]),
  ];
  // The layers' workloads run last, so that the plain ones find the tables as they did before there were any.
  return {
    rounds: sizes.rounds,
    workloads: [...tasks, ...layerTasks].map(([name, task, contenders]) => ({
      name,
      events: eventsOf(task),
      task,
      ...(contenders ? { contenders } : {}),
    })),
  };
}

function append(eventsPerTransaction: number, writers: number, transactionsPerWriter: number): SqlTask {
  return { kind: 'append', writers, transactionsPerWriter, eventsPerTransaction };
}
