import test from 'ava';
import { sqliteStrategy } from '@annals/mikro-orm/sqlite';
import { startHttp } from '@annals/testing';
import { RequestContext } from '@mikro-orm/core';
import express from 'express';
import { problemHandler, requestContext, type ApplicationSource } from '../index.js';
import { Note, Notebook } from '../test/notebook.js';

/** An app whose one route saves a note and answers which entity manager the request ran with. */
function probing(application: ApplicationSource): express.Express {
  const app = express();
  app.use(requestContext({ application }));
  app.post('/notes', async (_request, response) => {
    const before = RequestContext.getEntityManager();
    await (await application()).save(Note.write('hello'));
    const after = RequestContext.getEntityManager();
    response.json({ before: before?.id ?? null, after: after?.id ?? null });
  });
  app.use(problemHandler());
  return app;
}

test('with the SQL strategy each request runs in its own MikroORM request context', async (t) => {
  const strategy = sqliteStrategy({ path: ':memory:' });
  const notebook = new Notebook({ env: {}, strategy });
  t.teardown(() => notebook.close());
  const http = await startHttp(
    t,
    probing(() => notebook),
  );
  const answers = await Promise.all([1, 2, 3].map(() => http.post('/notes')));
  const ids = answers.map((answer) => answer.body as { before: number | null; after: number | null });
  t.true(answers.every((answer) => answer.status === 200));
  t.true(ids.every(({ before, after }) => typeof before === 'number' && before === after));
  t.is(new Set(ids.map(({ before }) => before)).size, 3);
  t.false(ids.some(({ before }) => before === strategy.orm.em.id));
  t.is(await notebook.notificationLog.maxPosition(), 3);
});

test('with the in-memory strategy the request passes through without a context', async (t) => {
  const notebook = new Notebook({ env: {} });
  t.teardown(() => notebook.close());
  const http = await startHttp(
    t,
    probing(async () => notebook),
  );
  const answer = await http.post('/notes');
  t.is(answer.status, 200);
  t.deepEqual(answer.body, { before: null, after: null });
});

test('an application that cannot be had fails the request through the error handler', async (t) => {
  const http = await startHttp(
    t,
    probing(() => {
      throw new Error('application not initialised');
    }),
  );
  const answer = await http.post('/notes');
  t.is(answer.status, 500);
  t.like(answer.body, { code: 'ANNALS_INTERNAL' });
});
