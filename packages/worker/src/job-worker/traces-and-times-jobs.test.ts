import { defineApplication } from '@annals/lifecycle';
import { recordTelemetry } from '@annals/test-support';
import { trace } from '@opentelemetry/api';
import test from 'ava';
import { defineJobWorker } from './define-job-worker.js';

const telemetry = recordTelemetry();

test('each job runs in an annals.job span, and its duration is recorded, failed or not', async (t) => {
  const holder = defineApplication(() => ({ close: async () => undefined }));
  const seen: (string | undefined)[] = [];
  const worker = defineJobWorker({
    name: 'transfer',
    holder,
    init: () => holder.init(),
    handle: (job: { fail: boolean }) => {
      seen.push(trace.getActiveSpan()?.spanContext().spanId);
      if (job.fail) throw new Error('the account is frozen');
      return 'done';
    },
  });
  t.teardown(() => worker.stop());
  await worker.run({ fail: false });
  await t.throwsAsync(worker.run({ fail: true }));

  const jobs = telemetry.spans('annals.job');
  t.deepEqual(
    jobs.map((span) => span.spanContext().spanId),
    seen,
    'each job’s handler ran inside its own span',
  );
  t.deepEqual(
    jobs.map((span) => [span.attributes['annals.job.name'], span.status.code]),
    [
      ['transfer', 0],
      ['transfer', 2],
    ],
  );
  const durations = await telemetry.dataPoints('annals.job.duration');
  const count = (errorType?: string): unknown =>
    (
      durations.find((point) => point.attributes['error.type'] === errorType)?.value as
        { count: number } | undefined
    )?.count;
  t.is(count(), 1);
  t.is(count('Error'), 1);
  t.is((await telemetry.metric('annals.job.duration'))?.descriptor.unit, 's');
});
