import test from 'ava';
import {
  InMemoryStrategy,
  type Application,
  type Capability,
  type EventRange,
  type StoredEvent,
} from '@annals/core';
import { startHttp } from '@annals/testing';
import express from 'express';
import { Agent, createServer, get } from 'node:http';
import { healthRouter, serve, type HealthRouterOptions, type Problem } from '../index.js';
import { Notebook } from '../fixtures/notebook.js';
import { spyLogger } from '../fixtures/spy-logger.js';

function health(options: HealthRouterOptions): express.Express {
  return express().use(healthRouter(options));
}

test('live answers 200 whatever the state of the application', async (t) => {
  const http = await startHttp(
    t,
    health({
      application: () => {
        throw new Error('not initialised');
      },
    }),
  );
  const live = await http.get('/health/live');
  t.is(live.status, 200);
  t.deepEqual(live.body, { status: 'live' });
  t.is(live.headers.get('cache-control'), 'no-store');
});

test('ready answers 200 while the server listens and the storage answers', async (t) => {
  const notebook = new Notebook({ env: {} });
  t.teardown(() => notebook.close());
  const app = express();
  const server = createServer(app);
  app.use(healthRouter({ application: async () => notebook, server }));
  const http = await startHttp(t, server);
  const ready = await http.get('/health/ready');
  t.is(ready.status, 200);
  t.deepEqual(ready.body, { status: 'ready' });
});

async function notReady(t: Parameters<typeof startHttp>[0], options: HealthRouterOptions): Promise<Problem> {
  const http = await startHttp(t, health(options));
  const answer = await http.get('/health/ready');
  t.is(answer.status, 503);
  t.regex(answer.headers.get('content-type') ?? '', /^application\/problem\+json/);
  t.like(answer.body, { code: 'ANNALS_NOT_READY', status: 503, instance: '/health/ready' });
  return answer.body as Problem;
}

test('ready answers 503 when the application is not initialised', async (t) => {
  const logger = spyLogger();
  const problem = await notReady(t, {
    application: () => {
      throw new Error('no application');
    },
    logger,
  });
  t.is(problem.detail, 'the application is not initialised');
  t.is(logger.lines[0]?.level, 'warn');
});

test('ready answers 503 when the storage fails', async (t) => {
  const closed = new Notebook({ env: {} });
  await closed.close();
  t.is((await notReady(t, { application: () => closed })).detail, 'the storage is unavailable');
});

test('ready answers 503 when the storage does not answer in time', async (t) => {
  class Hanging extends InMemoryStrategy {
    override maxNotificationPosition(): Promise<number> {
      return new Promise(() => undefined);
    }
  }
  const notebook = new Notebook({ env: {}, strategy: new Hanging() });
  const started = Date.now();
  const problem = await notReady(t, { application: () => notebook, timeout: 100 });
  t.is(problem.detail, 'the storage did not answer within 100 ms');
  t.true(Date.now() - started < 2000);
});

test('ready answers 503 once the server stops listening', async (t) => {
  const notebook = new Notebook({ env: {} });
  t.teardown(() => notebook.close());
  const server = createServer();
  const problem = await notReady(t, { application: () => notebook, server });
  t.is(problem.detail, 'the server is shutting down');
});

test('without a notification log the storage is probed with a read of events', async (t) => {
  const asked: string[] = [];
  class WithoutLog extends InMemoryStrategy {
    override readonly capabilities = new Set<Capability>(['snapshots']);
    override selectEvents(originatorId: string, range?: EventRange): Promise<StoredEvent[]> {
      asked.push(originatorId);
      return super.selectEvents(originatorId, range);
    }
  }
  const notebook: Application = new Notebook({ env: {}, strategy: new WithoutLog() });
  t.teardown(() => notebook.close());
  const http = await startHttp(t, health({ application: () => notebook }));
  t.is((await http.get('/health/ready')).status, 200);
  t.is(asked.length, 1);
});

test('a probe on a kept-alive connection sees ready turn 503 as soon as a graceful shutdown begins', async (t) => {
  const notebook = new Notebook({ env: {} });
  t.teardown(() => notebook.close());
  const app = express();
  const server = createServer(app);
  app.use(healthRouter({ application: () => notebook, server }));
  const serving = await serve(server, { port: 0, host: '127.0.0.1', signals: [], idleGrace: 1000 });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  t.teardown(() => agent.destroy());
  const probe = () =>
    new Promise<number>((resolve, reject) => {
      get(new URL('/health/ready', serving.url), { agent }, (answer) => {
        answer.resume().once('end', () => resolve(answer.statusCode ?? 0));
      }).once('error', reject);
    });
  t.is(await probe(), 200);
  const shutdown = serving.shutdown();
  t.is(await probe(), 503);
  await shutdown;
});
