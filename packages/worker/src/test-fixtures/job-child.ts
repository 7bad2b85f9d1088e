import { ValidationError } from '@annals/core';
import { getApplication, initApplication } from '@annals/lifecycle';
import { defineJobWorker, serveJobsFromParent } from '../index.js';
import { Probe, say, sleep } from './probe.js';

/** A job for the forked job worker: waits, fails, or crashes the process, as asked. */
export interface ProbeJob {
  readonly n: number;
  readonly wait?: number;
  readonly fail?: boolean;
  readonly crash?: boolean;
}

export interface ProbeResult {
  readonly n: number;
  readonly pid: number;
  readonly inits: number;
  readonly instance: string;
}

let inits = 0;

serveJobsFromParent(
  defineJobWorker({
    init: async () => {
      inits++;
      if (process.env['FAIL_INIT'] === '1') throw new ValidationError('no database today');
      await initApplication(() => new Probe(() => say('closed')));
    },
    handle: async (job: ProbeJob): Promise<ProbeResult> => {
      say(`started ${job.n}`);
      if (job.crash) process.exit(7);
      if (job.wait) await sleep(job.wait);
      if (job.fail) throw new ValidationError(`job ${job.n} refused`);
      say(`finished ${job.n}`);
      return { n: job.n, pid: process.pid, inits, instance: getApplication<Probe>().instance };
    },
  }),
);

// Registered after serveJobsFromParent's listener, so it runs after the worker has begun to stop.
process.on('SIGTERM', () => say('signalled'));
