import type { Contender } from '../harness/index.js';
import type { CatchUpTask } from './catch-up-task.js';

/** What a projection library does in the catch-up workload; Annals, raw `pg` and Emmett each implement it. */
export interface CatchUpContender {
  /** Makes sure its store holds the task's events: Annals and raw read the log the suite seeded. */
  seed(task: CatchUpTask): Promise<void>;
  /** Empties its read model and moves its checkpoint back to the start. */
  reset(task: CatchUpTask): Promise<void>;
  /** Projects the log from its checkpoint to the head, `task.pageSize` events per read and per transaction. */
  catchUp(task: CatchUpTask): Promise<void>;
  /** Fails unless the read model holds a row per account with every deposit counted once. */
  check(task: CatchUpTask): Promise<void>;
  close(): Promise<void>;
}

/**
 * Maps the workload onto a contender: seeds once, and before each measurement checks what the previous one
 * left and empties the read model, so that neither is timed.
 */
export function asContender(contender: CatchUpContender): Contender<CatchUpTask> {
  let unchecked: CatchUpTask | undefined;
  const checkLast = async (): Promise<void> => {
    if (unchecked) await contender.check(unchecked);
    unchecked = undefined;
  };
  return {
    prepare: (task) => contender.seed(task),
    async reset(task) {
      await checkLast();
      await contender.reset(task);
    },
    async perform(task) {
      await contender.catchUp(task);
      unchecked = task;
    },
    async close() {
      try {
        await checkLast();
      } finally {
        await contender.close();
      }
    },
  };
}
