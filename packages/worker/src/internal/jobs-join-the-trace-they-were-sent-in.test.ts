import { inSpan } from '@annals/core/telemetry';
import { defineApplication } from '@annals/lifecycle';
import { recordTelemetry } from '@annals/test-support';
import { context, ROOT_CONTEXT, trace, type SpanContext } from '@opentelemetry/api';
import test from 'ava';
import { defineJobWorker } from '../job-worker/index.js';
import { JobClient } from './job-client.js';
import type { ToWorker } from './protocol.js';
import { serveJobs } from './serve-jobs.js';

const telemetry = recordTelemetry();

test('a job sent to a worker over its channel runs in a span of the trace it was sent in', async (t) => {
  const holder = defineApplication(() => ({ close: async () => undefined }));
  const worker = defineJobWorker({
    name: 'transfer',
    holder,
    init: () => holder.init(),
    handle: () => 'done',
  });
  const listeners: ((message: unknown) => void)[] = [];
  const sent: ToWorker[] = [];
  const client = new JobClient((message) => {
    sent.push(message);
    // As across a process: a copy of the message, and none of the sender's context.
    const copy = structuredClone(message);
    context.with(ROOT_CONTEXT, () => setImmediate(() => listeners.forEach((listener) => listener(copy))));
  });
  const server = serveJobs(worker, {
    send: async (message) => client.receive(structuredClone(message)),
    onMessage: (listener) => listeners.push(listener),
  });
  t.teardown(() => server.stop());

  const request = await inSpan('request', {}, async (): Promise<SpanContext | undefined> => {
    t.is(await client.run({ amount: 100 }), 'done');
    return trace.getActiveSpan()?.spanContext();
  });
  t.is(await client.run({ amount: 5 }), 'done');

  const [traced, untraced] = telemetry.spans('annals.job');
  t.is(traced?.spanContext().traceId, request?.traceId);
  t.is(traced?.parentSpanContext?.spanId, request?.spanId);
  t.truthy(sent[0]?.kind === 'annals:job' && sent[0].trace?.['traceparent']);
  t.true(sent[1]?.kind === 'annals:job' && sent[1].trace === undefined, 'nothing traced, no context sent');
  t.not(untraced?.spanContext().traceId, request?.traceId);
  t.is(untraced?.parentSpanContext, undefined);
});
