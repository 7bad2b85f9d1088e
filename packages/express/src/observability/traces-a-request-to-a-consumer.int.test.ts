import { Messaging } from '@annals/amqp';
import { deleteTopology, testBrokerUrl, uniqueName } from '@annals/amqp/testing';
import { postgresqlStrategy } from '@annals/mikro-orm/postgresql';
import { createPostgresqlDatabase } from '@annals/mikro-orm/testing';
import { recordTelemetry } from '@annals/test-support';
import { startHttp } from '@annals/testing';
import test from 'ava';
import express from 'express';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Note, Notebook } from '../fixtures/notebook.js';
import { problemHandler, requestTracing } from '../index.js';

const telemetry = recordTelemetry();
const archiver = fileURLToPath(new URL('../fixtures/note-archiver.js', import.meta.url));

interface SpanLine {
  readonly name: string;
  readonly kind: number;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
}

test('one trace runs from an HTTP request through the save, the publish and another process’s consumer to its save', async (t) => {
  const database = await createPostgresqlDatabase('annals_request_trace');
  t.teardown(() => database.drop());
  const exchange = uniqueName('request-trace');
  const notebook = new Notebook({ strategy: postgresqlStrategy({ url: database.url }), env: {} });
  const messaging = new Messaging(notebook, {
    url: testBrokerUrl,
    exchange,
    publishes: ['Note.*'],
    setup: true,
  });
  t.teardown(async () => {
    await messaging.close();
    await notebook.close();
  });

  const consumer = uniqueName('archiver');
  const child = spawn(process.execPath, [archiver], {
    env: { ...process.env, DATABASE_URL: database.url, EXCHANGE: exchange, CONSUMER: consumer },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.teardown(async () => {
    child.kill();
    await deleteTopology({ exchanges: [{ name: exchange, type: 'topic' }], queues: [], bindings: [] });
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  t.is((await lines.next()).value, 'ready');
  await messaging.start();

  const app = express();
  app.use(requestTracing(), express.json());
  app.post('/notes', async (request, response) => {
    const note = Note.write((request.body as { text: string }).text);
    await notebook.save(note);
    response.status(201).json({ id: note.id });
  });
  app.use(problemHandler());
  const http = await startHttp(t, app);
  t.is((await http.post('/notes', { text: 'buy milk' })).status, 201);

  const reported = JSON.parse(String((await lines.next()).value)) as { handled: number; spans: SpanLine[] };
  t.is(reported.handled, 1);
  const server = telemetry.spans('POST').at(-1);
  const traceId = server?.spanContext().traceId;
  const ours: SpanLine[] = telemetry.spans().map((span) => ({
    name: span.name,
    kind: span.kind,
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    parentSpanId: span.parentSpanContext?.spanId,
  }));
  const inTrace = [...ours, ...reported.spans].filter((span) => span.traceId === traceId);
  const childOf = (parent: SpanLine | undefined, name: string, spans: readonly SpanLine[]) =>
    spans.find((span) => span.name === name && span.parentSpanId === parent?.spanId);
  const request = ours.find((span) => span.spanId === server?.spanContext().spanId);
  const save = childOf(request, 'annals.save', inTrace);
  const publish = childOf(save, `publish ${exchange}`, inTrace);
  const processing = childOf(publish, `process ${consumer}`, reported.spans);
  const followUp = childOf(processing, 'annals.save', reported.spans);
  t.truthy(request && save && publish && processing && followUp, JSON.stringify(inTrace, undefined, 1));
  t.deepEqual(
    [request, save, publish, processing, followUp].map((span) => span?.kind),
    [1, 2, 3, 4, 2],
    'server, client, producer, consumer, client',
  );
  t.is(new Set([request, save, publish, processing, followUp].map((span) => span?.traceId)).size, 1);
});
