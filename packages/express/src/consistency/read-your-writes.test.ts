import test, { type ExecutionContext } from 'ava';
import { startHttp } from '@annals/testing';
import express from 'express';
import { problemHandler, readYourWrites, setPosition, type ReadYourWritesOptions } from '../index.js';
import { Note } from '../fixtures/notebook.js';
import { notebookWithTexts } from '../fixtures/note-texts.js';

/**
 * The notes API with a read model: POST /notes answers the position of its write; GET /notes/:id/text reads
 * the projection, waiting for the position the request carries. `arrived` resolves when a read reaches the
 * wait.
 */
async function served(t: ExecutionContext, options: Omit<ReadYourWritesOptions, 'projections'> = {}) {
  const { notebook, texts, runner } = notebookWithTexts(t);
  let arrive = (): void => undefined;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  const app = express();
  app.use(express.json());
  app.post('/notes', async (request, response) => {
    const notes = [Note.write(String((request.body as { text: unknown }).text)), Note.write('another')];
    setPosition(response, await notebook.save(...notes))
      .status(201)
      .json({ id: notes[0]?.id });
  });
  app.get(
    '/notes/:id/text',
    (_request, _response, next) => {
      arrive();
      next();
    },
    readYourWrites({ ...options, projections: [runner] }),
    (request, response) => {
      response.json({ text: texts.get(String(request.params['id'])) ?? null });
    },
  );
  app.use(problemHandler());
  return { http: await startHttp(t, app), runner, arrived };
}

test('a write answers the highest position it wrote in Annals-Position', async (t) => {
  const { http } = await served(t);
  t.is((await http.post('/notes', { text: 'first' })).headers.get('annals-position'), '2');
  t.is((await http.post('/notes', { text: 'second' })).headers.get('annals-position'), '4');
});

test('a read that carries the position of its write waits until the projection has processed it', async (t) => {
  const { http, runner, arrived } = await served(t);
  await runner.start();
  await runner.pause();
  const written = await http.post('/notes', { text: 'mine' });
  const { id } = written.body as { id: string };
  const reading = http.get(`/notes/${id}/text`, {
    'annals-position': written.headers.get('annals-position') ?? '',
  });
  await arrived;
  await runner.resume();
  const read = await reading;
  t.is(read.status, 200);
  t.deepEqual(read.body, { text: 'mine' });
});

test('a read without a position reads at once', async (t) => {
  const { http, runner } = await served(t);
  await runner.start();
  await runner.pause();
  const { id } = (await http.post('/notes', { text: 'not yet projected' })).body as { id: string };
  const read = await http.get(`/notes/${id}/text`);
  t.is(read.status, 200);
  t.deepEqual(read.body, { text: null });
});

test('a read whose projection does not catch up in time answers 503 with Retry-After', async (t) => {
  const { http, runner } = await served(t, { timeout: 50 });
  await runner.start();
  await runner.pause();
  const written = await http.post('/notes', { text: 'stuck' });
  const { id } = written.body as { id: string };
  const read = await http.get(`/notes/${id}/text`, { 'annals-position': '2' });
  t.is(read.status, 503);
  t.is(read.headers.get('retry-after'), '1');
  t.like(read.body, { code: 'ANNALS_TIMEOUT', detail: 'The service has not caught up yet; retry shortly.' });
});

test('a malformed position answers 400 naming the header', async (t) => {
  const { http } = await served(t);
  for (const position of ['abc', '-1', '1.5', '2, 3', '']) {
    const read = await http.get('/notes/any/text', { 'annals-position': position });
    t.is(read.status, 400, position);
    t.like(read.body, { code: 'ANNALS_VALIDATION' });
    t.regex((read.body as { detail: string }).detail, /^Annals-Position must be a notification position/);
  }
});
