import type { Contender } from '../harness/index.js';
import type { AppendShape, SqlTask } from './sql-task.js';
import type { StateLayer } from './state-layer.js';

/** What an event store does in the SQL suite; Annals, raw `pg` and Emmett each implement it. */
export interface SqlContender {
  /**
   * Appends deposits as the shape says, each writer to a new aggregate (stream) of its own.
   * @returns the ids of the aggregates written, one per writer
   */
  append(shape: AppendShape): Promise<readonly string[]>;
  /** Reads an aggregate's events, decodes them and folds them into a balance; fails unless there are `events`. */
  load(aggregateId: string, events: number): Promise<void>;
  /**
   * Reads `events` events of the log in position order from the first after `after`, `pageSize` per query,
   * decoding each. With `oneByOne`, a store that hands out its log event by event as well as page by page
   * (Annals' `iterate()` beside `pages()`) reads it event by event; the drivers have pages only.
   */
  scan(events: number, pageSize: number, after: number, oneByOne: boolean): Promise<void>;
  /** The position of the log's last event; 0 while it is empty. */
  lastPosition(): Promise<number>;
  /**
   * The store that runs the workloads of `layer`: Annals configured with it, on the same tables; raw `pg`
   * itself, reading its plain JSON rows as in the plain workloads, so that the ratio is what the layer costs.
   */
  withLayer(layer: StateLayer): Promise<SqlContender>;
  close(): Promise<void>;
}

/** Transactions of the seeds are large, so that seeding takes little of the run. */
const SEED_EVENTS_PER_TRANSACTION = 100;

/** Maps the suite's tasks onto an SQL contender's operations, seeding what loads and scans read. */
export function asContender(store: SqlContender): Contender<SqlTask> {
  const seeded = new Map<string, string>();
  /** Where each layer's scan starts: after the events in the log before its seed. */
  const scanStarts = new Map<StateLayer, number>();
  const storeFor = (layer: StateLayer | undefined): Promise<SqlContender> =>
    layer === undefined ? Promise.resolve(store) : store.withLayer(layer);
  const seed = async (target: SqlContender, events: number): Promise<string> => {
    if (events % SEED_EVENTS_PER_TRANSACTION !== 0) {
      throw new Error(`seeds are whole transactions of ${SEED_EVENTS_PER_TRANSACTION} events; got ${events}`);
    }
    const [id] = await target.append({
      writers: 1,
      transactionsPerWriter: events / SEED_EVENTS_PER_TRANSACTION,
      eventsPerTransaction: SEED_EVENTS_PER_TRANSACTION,
    });
    if (id === undefined) throw new Error('the seeding append wrote no aggregate');
    return id;
  };
  return {
    async prepare(task) {
      switch (task.kind) {
        case 'append':
          return;
        case 'load': {
          const key = `${task.layer ?? 'plain'} ${task.events}`;
          if (!seeded.has(key)) seeded.set(key, await seed(await storeFor(task.layer), task.events));
          return;
        }
        case 'scan':
          if (task.layer === undefined) {
            // Whatever ran before, the log then holds at least the events the scan reads.
            await seed(store, task.events);
          } else {
            const target = await storeFor(task.layer);
            scanStarts.set(task.layer, await target.lastPosition());
            await seed(target, task.events);
          }
          return;
      }
    },
    async perform(task) {
      switch (task.kind) {
        case 'append':
          await store.append(task);
          return;
        case 'load': {
          const id = seeded.get(`${task.layer ?? 'plain'} ${task.events}`);
          if (id === undefined) throw new Error('load performed before it was prepared');
          const target = await storeFor(task.layer);
          for (let load = 0; load < task.loads; load++) await target.load(id, task.events);
          return;
        }
        case 'scan': {
          const after = task.layer === undefined ? 0 : scanStarts.get(task.layer);
          if (after === undefined) throw new Error('scan performed before it was prepared');
          const target = await storeFor(task.layer);
          for (let scan = 0; scan < task.scans; scan++) {
            await target.scan(task.events, task.pageSize, after, task.oneByOne === true);
          }
          return;
        }
      }
    },
    close: () => store.close(),
  };
}
