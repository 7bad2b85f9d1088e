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

// workerData.closes counts, across threads, the applications closed; workerData.started, if given, the
// jobs begun, so a test can wait until jobs are running.
const shared = workerData as { closes: SharedArrayBuffer; started?: SharedArrayBuffer };
const closes = new Int32Array(shared.closes);
const started = shared.started && new Int32Array(shared.started);
let inits = 0;

runInThread(
  defineJobWorker({
    init: async () => {
      inits++;
      if (process.env['FAIL_INIT'] === '1') throw new Error('no database in this thread');
      await initApplication(() => new Probe(() => Atomics.add(closes, 0, 1)));
    },
    handle: async (job: { wait: number }): Promise<ThreadResult> => {
      if (started) Atomics.add(started, 0, 1);
      await sleep(job.wait);
      return { threadId, instance: getApplication<Probe>().instance, inits };
    },
  }),
);
