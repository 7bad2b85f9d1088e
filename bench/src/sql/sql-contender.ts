import type { Contender } from '../harness/index.js';
import type { AppendShape, SqlTask } from './sql-task.js';

/** What an event store does in the SQL suite; Annals, raw `pg` and Emmett each implement it. */
export interface SqlContender {
  /**
   * Appends deposits as the shape says, each writer to a new aggregate (stream) of its own.
   * @returns the ids of the aggregates written, one per writer
   */
  append(shape: AppendShape): Promise<readonly string[]>;
  /** Reads an aggregate's events, decodes them and folds them into a balance; fails unless there are `events`. */
  load(aggregateId: string, events: number): Promise<void>;
  /** Reads the first `events` events of the log in position order, `pageSize` per query, decoding each. */
  scan(events: number, pageSize: number): Promise<void>;
  close(): Promise<void>;
}

/** Transactions of the seeds are large, so that seeding takes little of the run. */
const SEED_EVENTS_PER_TRANSACTION = 100;

/** Maps the suite's tasks onto an SQL contender's operations, seeding what loads and scans read. */
export function asContender(store: SqlContender): Contender<SqlTask> {
  const seeded = new Map<number, string>();
  const seed = async (events: number): Promise<string> => {
    if (events % SEED_EVENTS_PER_TRANSACTION !== 0) {
      throw new Error(`seeds are whole transactions of ${SEED_EVENTS_PER_TRANSACTION} events; got ${events}`);
    }
    const [id] = await store.append({
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
        case 'load':
          if (!seeded.has(task.events)) seeded.set(task.events, await seed(task.events));
          return;
        case 'scan':
          // Whatever ran before, the log then holds at least the events the scan reads.
          await seed(task.events);
          return;
      }
    },
    async perform(task) {
      switch (task.kind) {
        case 'append':
          await store.append(task);
          return;
        case 'load': {
          const id = seeded.get(task.events);
          if (id === undefined) throw new Error('load performed before it was prepared');
          for (let load = 0; load < task.loads; load++) await store.load(id, task.events);
          return;
        }
        case 'scan':
          return store.scan(task.events, task.pageSize);
      }
    },
    close: () => store.close(),
  };
}
