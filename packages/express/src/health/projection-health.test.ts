import test, { type ExecutionContext } from 'ava';
import { ConfigurationError, type ProjectionStatus } from '@annals/core';
import { startHttp } from '@annals/testing';
import express from 'express';
import { bearerToken, healthRouter, type HealthRouterOptions, type Problem } from '../index.js';
import { Note } from '../fixtures/notebook.js';
import { notebookWithTexts } from '../fixtures/note-texts.js';
import { spyLogger } from '../fixtures/spy-logger.js';

const secret = 'health-token-51f0';

function health(options: Omit<HealthRouterOptions, 'application'>): express.Express {
  return express().use(
    healthRouter({
      application: () => {
        throw new Error('the projections route needs no application');
      },
      authorize: 'trusted-network',
      ...options,
    }),
  );
}

/** A notebook with two notes its paused note-texts projection has not processed. */
async function lagging(t: ExecutionContext) {
  const fixture = notebookWithTexts(t);
  await fixture.runner.store.registerProjection(fixture.runner.projection.name);
  await fixture.runner.pause();
  await fixture.notebook.save(Note.write('one'), Note.write('two'));
  return fixture;
}

test('projections answers the status and lag of each projection', async (t) => {
  const { runner } = await lagging(t);
  const http = await startHttp(t, health({ projections: [runner] }));
  const answer = await http.get('/health/projections');
  t.is(answer.status, 200);
  t.is(answer.headers.get('cache-control'), 'no-store');
  const body = answer.body as { status: string; projections: (ProjectionStatus & { lagging: boolean })[] };
  t.is(body.status, 'ok');
  t.like(body.projections[0], {
    name: 'note-texts',
    upstream: 'Notebook',
    generation: 1,
    paused: true,
    head: 2,
    position: 0,
    lagEvents: 2,
    lagging: false,
  });
  t.true((body.projections[0]?.lagSeconds ?? -1) >= 0);
});

test('projections answers 503 while a projection lags past maxLag, and 200 once it caught up', async (t) => {
  const { runner } = await lagging(t);
  const http = await startHttp(t, health({ projections: [runner], maxLag: { events: 1 } }));
  const behind = await http.get('/health/projections');
  t.is(behind.status, 503);
  t.regex(behind.headers.get('content-type') ?? '', /^application\/problem\+json/);
  t.like(behind.body, {
    code: 'ANNALS_PROJECTION_LAGGING',
    status: 503,
    instance: '/health/projections',
    projections: [{ name: 'note-texts', lagEvents: 2, lagging: true }],
  });
  t.regex(
    (behind.body as Problem).detail,
    /^projections behind more than the limit: note-texts \(2 events, /,
  );

  await runner.resume();
  await runner.start();
  await runner.waitFor(2);
  const caughtUp = await http.get('/health/projections');
  t.is(caughtUp.status, 200);
  t.like(caughtUp.body, { status: 'ok', projections: [{ lagEvents: 0, lagging: false }] });
});

test('a limit in seconds counts the age of the oldest unprocessed event', async (t) => {
  const { runner } = await lagging(t);
  const status = await runner.status();
  const old = { status: async () => ({ ...status, lagSeconds: 45 }) };
  const http = await startHttp(t, health({ projections: [old], maxLag: { events: 100, seconds: 30 } }));
  const answer = await http.get('/health/projections');
  t.is(answer.status, 503);
  t.is(
    (answer.body as Problem).detail,
    'projections behind more than the limit: note-texts (2 events, 45.0 s)',
  );
});

test('projections needs an access decision; the probes stay open', async (t) => {
  const { notebook, runner } = await lagging(t);
  const error = t.throws(() => healthRouter({ application: () => notebook, projections: [runner] }), {
    instanceOf: ConfigurationError,
  });
  t.is(error.setting, 'authorize');
  t.regex(error.message, /^healthRouter with projections needs an authorize option/);

  const http = await startHttp(t, health({ projections: [runner], authorize: bearerToken(secret) }));
  t.is((await http.get('/health/projections')).status, 401);
  t.is((await http.get('/health/projections', { authorization: 'Bearer wrong' })).status, 403);
  t.is((await http.get('/health/projections', { authorization: `Bearer ${secret}` })).status, 200);
  t.is((await http.get('/health/live')).status, 200);
});

test('projections answers 503 when their status cannot be read in time', async (t) => {
  const logger = spyLogger();
  const failing = { status: () => Promise.reject(new Error('database at 10.0.0.7 down')) };
  const hanging = { status: () => new Promise<ProjectionStatus>(() => undefined) };
  for (const projection of [failing, hanging]) {
    const http = await startHttp(t, health({ projections: [projection], timeout: 100, logger }));
    const answer = await http.get('/health/projections');
    t.is(answer.status, 503);
    t.like(answer.body, {
      code: 'ANNALS_NOT_READY',
      detail: 'the status of the projections could not be read',
    });
    t.notRegex(JSON.stringify(answer.body), /10\.0\.0\.7/);
  }
  t.deepEqual(
    logger.lines.map(({ level }) => level),
    ['warn', 'warn'],
  );
});
