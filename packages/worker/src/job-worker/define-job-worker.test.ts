import test from 'ava';
import { defineApplication } from '@annals/lifecycle';
import { isJobWorkerStoppedError } from '../errors/index.js';
import { defineJobWorker } from './define-job-worker.js';

class Probe {
  closed = false;
  async close(): Promise<void> {
    this.closed = true;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function probeWorker(options: { failInits?: number } = {}) {
  const holder = defineApplication(() => new Probe());
  let inits = 0;
  const worker = defineJobWorker({
    holder,
    init: async () => {
      inits++;
      await sleep(10);
      if (inits <= (options.failInits ?? 0)) throw new Error(`init ${inits} failed`);
      await holder.init();
    },
    handle: async (job: { until?: Promise<void>; value: number }) => {
      await job.until;
      return { value: job.value * 2, application: holder.get() };
    },
  });
  return { worker, holder, inits: () => inits };
}

test('init runs once, before the first job, even when many jobs arrive together', async (t) => {
  const { worker, inits } = probeWorker();
  t.is(worker.state, 'idle');
  const results = await Promise.all(Array.from({ length: 20 }, (_, value) => worker.run({ value })));
  t.is(inits(), 1);
  t.is(worker.state, 'ready');
  t.deepEqual(
    results.map((result) => result.value),
    Array.from({ length: 20 }, (_, value) => value * 2),
  );
  t.is(new Set(results.map((result) => result.application)).size, 1);
  await worker.stop();
});

test('stop waits for the running job, then closes the application', async (t) => {
  const { worker, holder } = probeWorker();
  await worker.start();
  const application = holder.get();
  let finish: () => void = () => undefined;
  const running = worker.run({ value: 1, until: new Promise<void>((resolve) => (finish = resolve)) });
  while (worker.running === 0) await new Promise((resolve) => setImmediate(resolve));
  t.is(worker.running, 1);
  const stopping = worker.stop();
  t.is(worker.state, 'stopping');
  t.false(application.closed);
  finish();
  t.is((await running).value, 2);
  await stopping;
  t.true(application.closed);
  t.is(worker.state, 'stopped');
  t.is(holder.state, 'empty');
  await t.notThrowsAsync(worker.stop());
});

test('after stop, run and start are refused with JobWorkerStoppedError', async (t) => {
  const { worker } = probeWorker();
  await worker.stop();
  t.true(isJobWorkerStoppedError(await t.throwsAsync(worker.run({ value: 1 }))));
  t.true(isJobWorkerStoppedError(await t.throwsAsync(worker.start())));
});

test('a failed init fails the jobs waiting for it; the next job tries init again', async (t) => {
  const { worker, inits } = probeWorker({ failInits: 1 });
  const first = await Promise.allSettled([worker.run({ value: 1 }), worker.run({ value: 2 })]);
  t.true(first.every((result) => result.status === 'rejected'));
  t.is(worker.state, 'idle');
  t.is((await worker.run({ value: 3 })).value, 6);
  t.is(inits(), 2);
  await worker.stop();
});

test('a failing job fails alone', async (t) => {
  const worker = defineJobWorker({
    holder: defineApplication(() => new Probe()),
    init: () => undefined,
    handle: (job: number) => {
      if (job < 0) throw new RangeError('negative');
      return job;
    },
  });
  await t.throwsAsync(worker.run(-1), { instanceOf: RangeError });
  t.is(await worker.run(1), 1);
  await worker.stop();
});
