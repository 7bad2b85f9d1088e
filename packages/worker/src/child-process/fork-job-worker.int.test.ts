import test from 'ava';
import { isValidationError } from '@annals/core';
import {
  isJobFailedError,
  isJobWorkerExitedError,
  isJobWorkerStartError,
  isJobWorkerStoppedError,
  JobFailedError,
} from '../errors/index.js';
import type { ProbeJob, ProbeResult } from '../test-fixtures/job-child.js';
import { Output } from '../test-fixtures/output.js';
import { forkJobWorker, type JobWorkerProcess } from './fork-job-worker.js';

const child = new URL('../test-fixtures/job-child.js', import.meta.url);

async function start(
  t: { teardown(fn: () => void): void },
  env: Record<string, string> = {},
): Promise<{ worker: JobWorkerProcess<ProbeJob, ProbeResult>; output: Output }> {
  const worker = await forkJobWorker<ProbeJob, ProbeResult>(child, {
    silent: true,
    env: { ...process.env, ...env },
  });
  t.teardown(() => {
    if (worker.process.exitCode === null && worker.process.signalCode === null)
      worker.process.kill('SIGKILL');
  });
  return { worker, output: new Output(worker.process.stdout!) };
}

test('init runs once in the child before its first job, and jobs use getApplication()', async (t) => {
  const { worker } = await start(t);
  const results: ProbeResult[] = [];
  for (const n of [1, 2, 3]) results.push(await worker.run({ n }));
  results.push(...(await Promise.all([4, 5, 6].map((n) => worker.run({ n })))));
  t.deepEqual(
    results.map((result) => result.n),
    [1, 2, 3, 4, 5, 6],
  );
  t.true(results.every((result) => result.inits === 1));
  t.true(results.every((result) => result.pid === worker.process.pid));
  t.is(new Set(results.map((result) => result.instance)).size, 1, 'one application for all the jobs');
  t.deepEqual(await worker.stop(), { code: 0, signal: null });
});

test('SIGTERM during a long job: the job finishes and answers, then the application closes and the child exits 0', async (t) => {
  const { worker, output } = await start(t);
  const long = worker.run({ n: 1, wait: 600 });
  await output.waitFor('started');
  worker.process.kill('SIGTERM');
  const result = await long;
  t.is(result.n, 1);
  t.deepEqual(await worker.exited, { code: 0, signal: null });
  t.deepEqual(
    output.lines.filter((line) => line !== 'started 1' && line !== 'signalled'),
    ['finished 1', 'closed'],
    'the application closed after the job finished',
  );
});

test('a job that arrives after SIGTERM is refused with JobWorkerStoppedError', async (t) => {
  const { worker, output } = await start(t);
  const long = worker.run({ n: 1, wait: 400 });
  await output.waitFor('started');
  worker.process.kill('SIGTERM');
  await output.waitFor('signalled');
  t.true(isJobWorkerStoppedError(await t.throwsAsync(worker.run({ n: 2 }))));
  t.is((await long).n, 1);
  t.is((await worker.exited).code, 0);
});

test('stop() from the parent lets the running job finish, then resolves with exit code 0', async (t) => {
  const { worker, output } = await start(t);
  const long = worker.run({ n: 1, wait: 300 });
  await output.waitFor('started');
  const stopping = worker.stop();
  t.true(isJobWorkerStoppedError(await t.throwsAsync(worker.run({ n: 2 }))));
  t.is((await long).n, 1);
  t.deepEqual(await stopping, { code: 0, signal: null });
  t.deepEqual(await worker.stop(), { code: 0, signal: null });
});

test('a job that throws fails with JobFailedError whose cause the Annals guards recognise; the worker goes on', async (t) => {
  const { worker } = await start(t);
  const error = await t.throwsAsync(worker.run({ n: 1, fail: true }), { instanceOf: JobFailedError });
  t.true(isJobFailedError(error));
  t.is(error?.remote.code, 'ANNALS_VALIDATION');
  t.is(error?.remote.name, 'ValidationError');
  t.true(isValidationError(error?.cause));
  t.regex(error?.message ?? '', /job 1 refused/);
  t.is((await worker.run({ n: 2 })).n, 2);
  await worker.stop();
});

test('a child that dies mid-job fails the job with JobWorkerExitedError', async (t) => {
  const { worker } = await start(t);
  const error = await t.throwsAsync(worker.run({ n: 1, crash: true }));
  t.true(isJobWorkerExitedError(error));
  t.deepEqual(await worker.exited, { code: 7, signal: null });
  t.true(isJobWorkerExitedError(await t.throwsAsync(worker.run({ n: 2 }))));
});

test('an init that fails in the child fails forkJobWorker with JobWorkerStartError', async (t) => {
  const error = await t.throwsAsync(
    forkJobWorker(child, { silent: true, env: { ...process.env, FAIL_INIT: '1' } }),
  );
  t.true(isJobWorkerStartError(error));
  t.regex(error?.message ?? '', /no database today/);
  t.true(isValidationError(error?.cause));
});
