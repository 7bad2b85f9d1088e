import test from 'ava';
import { startHttp } from '@annals/testing';
import { RequestContext } from '@mikro-orm/core';
import express from 'express';
import { problemHandler, requestContext } from '../index.js';
import { Note } from '../fixtures/notebook.js';
import { sqliteNotebook } from '../fixtures/sqlite-notebook.js';

test('each request runs in its own MikroORM request context, which the save joins', async (t) => {
  const { orm, notebook } = sqliteNotebook(t);
  const app = express();
  app.use(requestContext({ orm }));
  app.post('/notes', async (_request, response) => {
    const before = RequestContext.getEntityManager();
    await notebook.save(Note.write('hello'));
    const after = RequestContext.getEntityManager();
    response.json({ before: before?.id ?? null, after: after?.id ?? null });
  });
  app.use(problemHandler());
  const http = await startHttp(t, app);
  const answers = await Promise.all([1, 2, 3].map(() => http.post('/notes')));
  const ids = answers.map((answer) => answer.body as { before: number | null; after: number | null });
  t.true(answers.every((answer) => answer.status === 200));
  t.true(ids.every(({ before, after }) => typeof before === 'number' && before === after));
  t.is(new Set(ids.map(({ before }) => before)).size, 3, 'a context of its own per request');
  t.false(
    ids.some(({ before }) => before === orm.em.id),
    'never the global entity manager',
  );
  t.is(await notebook.notificationLog.maxPosition(), 3);
});
