import { threadId, workerData } from 'node:worker_threads';
import { getApplication, initApplication } from '@annals/lifecycle';
import { defineJobWorker, runInThread } from '../index.js';
import { Probe, sleep } from './probe.js';

/** What a thread answers: which thread, which application instance, how often its init ran. */
export interface ThreadResult {
  readonly threadId: number;
  readonly instance: string;
  readonly inits: number;
}

// workerData.closes counts, across threads, the applications closed.
const closes = new Int32Array((workerData as { closes: SharedArrayBuffer }).closes);
let inits = 0;

runInThread(
  defineJobWorker({
    init: async () => {
      inits++;
      if (process.env['FAIL_INIT'] === '1') throw new Error('no database in this thread');
      await initApplication(() => new Probe(() => Atomics.add(closes, 0, 1)));
    },
    handle: async (job: { wait: number }): Promise<ThreadResult> => {
      await sleep(job.wait);
      return { threadId, instance: getApplication<Probe>().instance, inits };
    },
  }),
);
