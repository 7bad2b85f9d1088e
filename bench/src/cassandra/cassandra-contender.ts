import type { Contender } from '../harness/index.js';
import type { StateLayer } from '../sql/state-layer.js';
import type { AppendShape, CassandraTask } from './cassandra-task.js';

/** What an event store does in the Cassandra suite; Annals and raw `cassandra-driver` each implement it. */
export interface CassandraContender {
  /** Appends deposits as the shape says (see `runWriters`), one conditional batch per transaction. */
  append(shape: AppendShape): Promise<void>;
  /**
   * Stores one aggregate of `events` deposits in appends of `eventsPerAppend`, over several pages of the log.
   * @returns its id
   */
  seed(events: number, eventsPerAppend: number): Promise<string>;
  /** Reads an aggregate's events, decodes them and folds them into a balance; fails unless there are `events`. */
  load(aggregateId: string, events: number): Promise<void>;
  /**
   * Reads the whole log from position 1 to its head, a page of the page size at a time, decoding each event
   * and folding its amount; fails unless there are `events`.
   */
  follow(events: number): Promise<void>;
  /**
   * The store that runs the workloads of `layer`: Annals configured with it, on the same tables; raw
   * `cassandra-driver` itself, reading its plain JSON rows as in the plain workloads, so that the ratio is what
   * the layer costs.
   */
  withLayer(layer: StateLayer): Promise<CassandraContender>;
  close(): Promise<void>;
}

/**
 * Appends of the seed are large, so that seeding takes little of the run; they divide the bucket size, so that
 * none leaves positions unused at the end of a page, and every contender's aggregate spans as many pages.
 */
const SEED_EVENTS_PER_APPEND = 100;

/** Maps the suite's tasks onto a contender's operations, seeding the aggregate a load reads. */
export function asContender(store: CassandraContender): Contender<CassandraTask> {
  const seeded = new Map<string, string>();
  const storeFor = (layer: StateLayer | undefined): Promise<CassandraContender> =>
    layer === undefined ? Promise.resolve(store) : store.withLayer(layer);
  const keyOf = (layer: StateLayer | undefined, events: number): string => `${layer ?? 'plain'} ${events}`;
  /** Seeds the aggregate of `events` a load with `layer` reads, once. */
  const seed = async (layer: StateLayer | undefined, events: number): Promise<void> => {
    if (events % SEED_EVENTS_PER_APPEND !== 0) {
      throw new Error(`seeds are whole appends of ${SEED_EVENTS_PER_APPEND} events; got ${events}`);
    }
    const key = keyOf(layer, events);
    if (!seeded.has(key)) {
      const target = await storeFor(layer);
      seeded.set(key, await target.seed(events, SEED_EVENTS_PER_APPEND));
    }
  };
  return {
    async prepare(task) {
      switch (task.kind) {
        case 'append':
          return;
        case 'load':
          return seed(task.layer, task.events);
        case 'follow':
          // The log to follow is the plain load's aggregates, seeded now and loaded later.
          return seed(undefined, task.seedEvents);
      }
    },
    async perform(task) {
      switch (task.kind) {
        case 'append':
          return store.append(task);
        case 'load': {
          const id = seeded.get(keyOf(task.layer, task.events));
          if (id === undefined) throw new Error('load performed before it was prepared');
          const target = await storeFor(task.layer);
          for (let load = 0; load < task.loads; load++) await target.load(id, task.events);
          return;
        }
        case 'follow':
          for (let read = 0; read < task.reads; read++) await store.follow(task.events);
          return;
      }
    },
    close: () => store.close(),
  };
}
