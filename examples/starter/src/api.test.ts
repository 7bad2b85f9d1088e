import test, { type ExecutionContext } from 'ava';
import { startHttp, useApplication } from '@annals/testing';
import { todoApi } from './api.js';
import { Todos } from './todos.js';

const todos = useApplication(test, ({ strategy }) => new Todos({ strategy }));

/** The API on the test's application, served on a free port until the test ends. */
function startApi(t: ExecutionContext) {
  const api = todoApi(() => todos(t));
  return startHttp(t, api);
}

test('a list is started, filled and read back over HTTP', async (t) => {
  const http = await startApi(t);
  const started = await http.post('/lists', { title: 'Groceries' });
  t.is(started.status, 201);
  const { id } = started.body as { id: string };
  t.is(started.headers.get('location'), `/lists/${id}`);
  t.is((await http.post(`/lists/${id}/items`, { text: 'milk' })).status, 201);
  t.is((await http.post(`/lists/${id}/items/0/done`)).status, 200);
  const read = await http.get(`/lists/${id}`);
  t.is(read.headers.get('etag'), '"3"');
  t.like(read.body, { title: 'Groceries', items: [{ text: 'milk', done: true }], version: 3 });
});

test('bad input, unknown lists and unknown routes are problems', async (t) => {
  const http = await startApi(t);
  const untitled = await http.post('/lists', {});
  t.is(untitled.status, 400);
  t.is(untitled.headers.get('content-type'), 'application/problem+json; charset=utf-8');
  t.like(untitled.body, { code: 'ANNALS_VALIDATION', detail: '"title" must be a string' });
  t.like((await http.get(`/lists/${crypto.randomUUID()}`)).body, {
    status: 404,
    code: 'ANNALS_AGGREGATE_NOT_FOUND',
  });
  t.like((await http.get('/nowhere')).body, { status: 404, code: 'ANNALS_ROUTE_NOT_FOUND' });
});
