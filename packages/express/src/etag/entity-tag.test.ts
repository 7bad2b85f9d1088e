import test from 'ava';
import { startHttp } from '@annals/testing';
import type { Problem } from '../index.js';
import { Notebook } from '../fixtures/notebook.js';
import { notesApi } from '../fixtures/notes-api.js';

async function notes(t: Parameters<typeof startHttp>[0]) {
  const notebook = new Notebook({ env: {} });
  t.teardown(() => notebook.close());
  const http = await startHttp(
    t,
    notesApi(() => notebook),
  );
  const created = await http.post('/notes', { text: 'first' });
  return { http, created, id: (created.body as { id: string }).id };
}

test('a saved aggregate is answered with its version as a strong ETag', async (t) => {
  const { http, created, id } = await notes(t);
  t.is(created.status, 201);
  t.is(created.headers.get('etag'), '"1"');
  const read = await http.get(`/notes/${id}`);
  t.is(read.headers.get('etag'), '"1"');
  t.deepEqual(read.body, { id, text: 'first' });
});

test('a GET whose If-None-Match names the current version answers 304', async (t) => {
  const { http, id } = await notes(t);
  // fetch adds `Cache-Control: no-cache` to conditional requests unless one is given, and Express never answers
  // 304 to no-cache, as a cache in between would.
  const conditional = { 'if-none-match': '"1"', 'cache-control': 'max-age=0' };
  t.is((await http.get(`/notes/${id}`, conditional)).status, 304);
  await http.put(`/notes/${id}`, { text: 'second' });
  const changed = await http.get(`/notes/${id}`, conditional);
  t.is(changed.status, 200);
  t.is(changed.headers.get('etag'), '"2"');
});

test('If-Match with the current version lets the change through and answers the new ETag', async (t) => {
  const { http, id } = await notes(t);
  const changed = await http.put(`/notes/${id}`, { text: 'second' }, { 'if-match': '"1"' });
  t.is(changed.status, 200);
  t.is(changed.headers.get('etag'), '"2"');
  t.is(
    (await http.put(`/notes/${id}`, { text: 'third' }, { 'if-match': 'W/"2"' })).headers.get('etag'),
    '"3"',
  );
  t.is((await http.put(`/notes/${id}`, { text: 'fourth' }, { 'if-match': '*' })).headers.get('etag'), '"4"');
  t.is((await http.put(`/notes/${id}`, { text: 'fifth' })).headers.get('etag'), '"5"');
});

test('If-Match with a stale version answers 412 and changes nothing', async (t) => {
  const { http, id } = await notes(t);
  await http.put(`/notes/${id}`, { text: 'second' });
  const stale = await http.put(`/notes/${id}`, { text: 'lost update' }, { 'if-match': '"1"' });
  t.is(stale.status, 412);
  const problem = stale.body as Problem;
  t.is(problem.code, 'ANNALS_PRECONDITION_FAILED');
  t.is(problem.title, 'Precondition Failed');
  t.regex(problem.detail, /is at version 2, not 1/);
  const current = await http.get(`/notes/${id}`);
  t.is(current.headers.get('etag'), '"2"');
  t.like(current.body, { text: 'second' });
});

test('a malformed If-Match answers 400', async (t) => {
  const { http, id } = await notes(t);
  for (const value of ['1', '"one"', '"1", "2"', 'W/1', '"99999999999999999"']) {
    const answer = await http.put(`/notes/${id}`, { text: 'x' }, { 'if-match': value });
    t.is(answer.status, 400, value);
    t.like(answer.body, { code: 'ANNALS_VALIDATION' }, value);
  }
  t.is((await http.get(`/notes/${id}`)).headers.get('etag'), '"1"');
});

test('an unknown aggregate answers 404 and a command the aggregate refuses answers 400', async (t) => {
  const { http, id } = await notes(t);
  const missing = await http.get('/notes/0190a1b2-c3d4-7e5f-8a6b-00000000dead');
  t.is(missing.status, 404);
  t.like(missing.body, { code: 'ANNALS_AGGREGATE_NOT_FOUND' });
  t.is((await http.get('/notes/not-a-uuid')).status, 400);
  const refused = await http.put(`/notes/${id}`, { text: '' }, { 'if-match': '"1"' });
  t.is(refused.status, 400);
  t.like(refused.body, { detail: 'text must not be empty' });
});
