import test from 'ava';
import { threadId } from 'node:worker_threads';
import { defaultApplicationHolder } from '@annals/lifecycle';
import { isValidationError } from '@annals/core';
import { isJobWorkerStartError, isJobWorkerStoppedError } from '../errors/index.js';
import type { ThreadResult } from '../test-fixtures/thread-entry.js';
import { createThreadPool } from './create-thread-pool.js';

const entry = new URL('../test-fixtures/thread-entry.js', import.meta.url);

test('each of 2 threads initialises its own application; the main thread has none', async (t) => {
  const closes = new SharedArrayBuffer(4);
  const pool = await createThreadPool<{ wait: number }, ThreadResult>({
    entry,
    threads: 2,
    workerData: { closes },
  });
  t.is(pool.threadIds.length, 2);

  const results = await Promise.all(Array.from({ length: 6 }, () => pool.run({ wait: 60 })));
  const instances = new Map(results.map((result) => [result.threadId, result.instance]));
  t.deepEqual([...instances.keys()].sort(), [...pool.threadIds].sort(), 'both threads took jobs');
  t.is(new Set(instances.values()).size, 2, 'two application instances');
  t.false(instances.has(threadId));
  t.true(
    results.every((result) => result.inits === 1),
    'init ran once per thread',
  );
  t.is(defaultApplicationHolder().state, 'empty', 'the main thread constructed nothing');

  await pool.close();
  t.is(Atomics.load(new Int32Array(closes), 0), 2, 'each thread closed its application');
});

test('close lets running jobs finish, then refuses new ones', async (t) => {
  const closes = new SharedArrayBuffer(4);
  const started = new SharedArrayBuffer(4);
  const pool = await createThreadPool<{ wait: number }, ThreadResult>({
    entry,
    threads: 2,
    workerData: { closes, started },
  });
  const running = [pool.run({ wait: 300 }), pool.run({ wait: 300 })];
  const begun = new Int32Array(started);
  while (Atomics.load(begun, 0) < 2) await new Promise((resolve) => setTimeout(resolve, 5));
  const closing = pool.close();
  t.true(isJobWorkerStoppedError(await t.throwsAsync(pool.run({ wait: 0 }))));
  const results = await Promise.all(running);
  t.is(results.length, 2);
  await closing;
  t.is(Atomics.load(new Int32Array(closes), 0), 2);
  t.deepEqual(pool.threadIds, []);
});

test('a thread whose init fails fails createThreadPool with JobWorkerStartError', async (t) => {
  const error = await t.throwsAsync(
    createThreadPool({
      entry,
      threads: 2,
      workerData: { closes: new SharedArrayBuffer(4) },
      env: { ...process.env, FAIL_INIT: '1' },
    }),
  );
  t.true(isJobWorkerStartError(error));
  t.regex(error?.message ?? '', /no database in this thread/);
});

test('a pool needs at least one thread', async (t) => {
  t.true(isValidationError(await t.throwsAsync(createThreadPool({ entry, threads: 0 }))));
});
