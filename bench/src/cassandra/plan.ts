import type { Workload } from '../harness/index.js';
import { describeLayer, STATE_LAYERS } from '../sql/state-layer.js';
import { CASSANDRA_CONTENDERS } from './cassandra-contenders.js';
import { eventsOf, type CassandraTask } from './cassandra-task.js';

/** How much of each workload a run measures. */
export interface CassandraPlan {
  readonly rounds: number;
  readonly workloads: readonly Workload<CassandraTask>[];
}

interface Sizes {
  readonly rounds: number;
  /** Batches each of the 8 writers appends, with 1 and with 10 events per batch. */
  readonly batches: readonly [number, number];
  /** Batches a single writer appends, with 10 events per batch. */
  readonly singleWriterBatches: number;
  /** How many times a load rebuilds the aggregate. */
  readonly loads: number;
  /** How many times a layer's load rebuilds it: fewer, as each load takes two to three times as long. */
  readonly layerLoads: number;
  /** How many times following the log reads it whole. */
  readonly follows: number;
}

/** The size of the aggregate the load workload rebuilds: ten pages of the log at the default size. */
const AGGREGATE_EVENTS = 10_000;
const WRITERS = 8;

/**
 * Sized so that the full run takes about ten minutes on a 2-core machine, the quick one about two: a
 * conditional batch (a Paxos round) costs a millisecond or more on a single node there, and a contender's
 * writers all take turns at the head of one partition, the log's tail page (raw: about 900 appends/s).
 * Many short rounds rather than a few long ones, so that the medians ride out the load of whatever else the
 * machine runs.
 */
export const fullPlan: CassandraPlan = planOf({
  rounds: 21,
  batches: [300, 120],
  singleWriterBatches: 600,
  loads: 25,
  layerLoads: 10,
  follows: 10,
});
export const quickPlan: CassandraPlan = planOf({
  rounds: 5,
  batches: [100, 50],
  singleWriterBatches: 150,
  loads: 10,
  layerLoads: 4,
  follows: 4,
});

function planOf(sizes: Sizes): CassandraPlan {
  const [one, ten] = sizes.batches;
  const logEvents = AGGREGATE_EVENTS * CASSANDRA_CONTENDERS.length;
  const tasks: [string, CassandraTask][] = [
    // First, while the log holds only the plain load's aggregates, which every contender seeds before it is
    // read (see the suite): the whole log is then 20,000 events in 20 full pages, half written by each.
    [
      `follow the log, ${logEvents.toLocaleString('en-US')} events from position 1`,
      { kind: 'follow', seedEvents: AGGREGATE_EVENTS, events: logEvents, reads: sizes.follows },
    ],
    ['append 1 event/batch, 8 writers', append(1, one)],
    ['append 10 events/batch, 8 writers', append(10, ten)],
    ['append 10 events/batch, 1 writer', append(10, sizes.singleWriterBatches, 1)],
    ['load a 10,000-event aggregate', { kind: 'load', events: AGGREGATE_EVENTS, loads: sizes.loads }],
    // The layers' workloads run last, so that the plain ones find the tables as they did before there were any.
    ...STATE_LAYERS.map((layer): [string, CassandraTask] => [
      `load a 10,000-event aggregate, ${describeLayer(layer)}`,
      { kind: 'load', events: AGGREGATE_EVENTS, loads: sizes.layerLoads, layer },
    ]),
  ];
  return {
    rounds: sizes.rounds,
    workloads: tasks.map(([name, task]) => ({ name, events: eventsOf(task), task })),
  };
}

function append(eventsPerBatch: number, batchesPerWriter: number, writers = WRITERS): CassandraTask {
  return {
    kind: 'append',
    writers,
    transactionsPerWriter: batchesPerWriter,
    eventsPerTransaction: eventsPerBatch,
  };
}
