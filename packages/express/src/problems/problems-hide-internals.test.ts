import test from 'ava';
import { isRecordConflictError, OperationalError, RecordConflictError } from '@annals/core';
import { startHttp } from '@annals/testing';
import express from 'express';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { problemHandler, type Problem } from '../index.js';
import { Note } from '../fixtures/notebook.js';
import { sqliteNotebook } from '../fixtures/sqlite-notebook.js';

const storageWords = /annals_events|originator_|Key \(|UNIQUE|constraint/;

test('a 409 after a conflict on SQLite names no table or column, only the conflict code', async (t) => {
  const { notebook } = sqliteNotebook(t);
  const note = Note.write('first');
  await notebook.save(note);
  const messages: string[] = [];
  const app = express();
  app.post('/notes/:id/edits', async (request, response) => {
    const [mine, theirs] = await Promise.all([
      notebook.get(Note, request.params.id),
      notebook.get(Note, request.params.id),
    ]);
    mine.edit('mine');
    theirs.edit('theirs');
    await notebook.save(theirs);
    try {
      await notebook.save(mine);
    } catch (error) {
      if (isRecordConflictError(error)) messages.push(error.message);
      throw error;
    }
    response.end();
  });
  app.use(problemHandler());
  const http = await startHttp(t, app);
  const answer = await http.post(`/notes/${note.id}/edits`);
  t.regex(messages[0] ?? '', storageWords, 'the error itself names the storage');
  t.is(answer.status, 409);
  t.deepEqual(answer.body as Problem, {
    type: 'urn:annals:problem:ANNALS_RECORD_CONFLICT',
    title: 'Conflict',
    status: 409,
    detail: 'The aggregate was changed by another request; reload it and retry.',
    instance: `/notes/${note.id}/edits`,
    code: 'ANNALS_RECORD_CONFLICT',
  });
});

test('storage errors mapped to another status still hide what the storage said', async (t) => {
  const app = express();
  app.get('/conflict', () => {
    throw new RecordConflictError('Key (originator_id, originator_version)=(x, 2) already exists.');
  });
  app.get('/down', () => {
    throw new OperationalError('postgres://db.internal:5432/bank is unavailable: ECONNREFUSED');
  });
  app.use(problemHandler({ statuses: { ANNALS_RECORD_CONFLICT: 412, ANNALS_OPERATIONAL: 429 } }));
  const http = await startHttp(t, app);
  const conflict = await http.get('/conflict');
  t.is(conflict.status, 412);
  t.like(conflict.body, {
    code: 'ANNALS_RECORD_CONFLICT',
    detail: 'The aggregate was changed by another request; reload it and retry.',
  });
  const down = await http.get('/down');
  t.is(down.status, 429);
  t.like(down.body, {
    code: 'ANNALS_OPERATIONAL',
    detail: 'The service is unavailable for now; retry later.',
  });
  t.notRegex(JSON.stringify(down.body), /db\.internal|5432|ECONNREFUSED/);
});

test("a 404 of a missing static file names no path on the server's disk", async (t) => {
  const folder = await mkdtemp(join(tmpdir(), 'annals-static-'));
  t.teardown(() => rm(folder, { recursive: true, force: true }));
  const app = express();
  app.use('/files', express.static(folder, { fallthrough: false }));
  app.use(problemHandler());
  const http = await startHttp(t, app);
  const answer = await http.get('/files/missing.txt');
  t.is(answer.status, 404);
  t.like(answer.body, { code: 'ANNALS_REQUEST_REJECTED', title: 'Not Found', detail: 'Not Found' });
  t.notRegex(JSON.stringify(answer.body), /annals-static|ENOENT/);
});
