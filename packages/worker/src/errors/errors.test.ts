import test from 'ava';
import { isAnnalsError } from '@annals/core';
import {
  isJobFailedError,
  isJobWorkerExitedError,
  isJobWorkerStartError,
  isJobWorkerStoppedError,
  JobFailedError,
  JobWorkerExitedError,
  JobWorkerStartError,
  JobWorkerStoppedError,
  WorkerErrorCode,
} from './index.js';

const remote = { name: 'ValidationError', message: 'refused', code: 'ANNALS_VALIDATION', annals: true };

test('worker errors carry stable codes, names and details', (t) => {
  t.deepEqual(
    { ...WorkerErrorCode },
    {
      stopped: 'ANNALS_JOB_WORKER_STOPPED',
      jobFailed: 'ANNALS_JOB_FAILED',
      exited: 'ANNALS_JOB_WORKER_EXITED',
      startFailed: 'ANNALS_JOB_WORKER_START_FAILED',
    },
  );
  const cases = [
    [new JobWorkerStoppedError(), 'JobWorkerStoppedError', isJobWorkerStoppedError],
    [new JobFailedError(remote), 'JobFailedError', isJobFailedError],
    [new JobWorkerExitedError(3), 'JobWorkerExitedError', isJobWorkerExitedError],
    [new JobWorkerStartError(remote), 'JobWorkerStartError', isJobWorkerStartError],
  ] as const;
  for (const [error, name, guard] of cases) {
    t.is(error.name, name);
    t.true(isAnnalsError(error));
    for (const [other, , otherGuard] of cases)
      t.is(otherGuard(error), other === error, `${name} vs ${other.name}`);
    t.true(
      guard({ code: error.code, [Symbol.for('annals.error')]: true }),
      'recognised across package copies',
    );
  }
  t.regex(new JobWorkerExitedError(null, 'SIGKILL').message, /signal SIGKILL/);
  t.regex(new JobWorkerExitedError(3).message, /code 3/);
  t.deepEqual(new JobFailedError(remote).remote, remote);
});
