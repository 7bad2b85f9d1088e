import test from 'ava';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { startHttp } from './start-http.js';

/** Answers with what it received, as JSON, or as text for `/text`. */
function echo(request: IncomingMessage, response: ServerResponse): void {
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (chunk: string) => (body += chunk));
  request.on('end', () => {
    if (request.url === '/text') {
      response.writeHead(200, { 'content-type': 'text/plain' }).end(`plain ${body}`);
      return;
    }
    if (request.url === '/empty') {
      response.writeHead(204).end();
      return;
    }
    response.writeHead(201, { 'content-type': 'application/problem+json', 'x-seen': request.method ?? '' });
    response.end(
      JSON.stringify({
        method: request.method,
        url: request.url,
        type: request.headers['content-type'] ?? null,
        custom: request.headers['x-custom'] ?? null,
        body,
      }),
    );
  });
}

test('requests reach the listener on 127.0.0.1 and JSON answers are parsed', async (t) => {
  const http = await startHttp(t, echo);
  t.regex(http.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const posted = await http.post('/things?x=1', { a: 1 }, { 'x-custom': 'yes' });
  t.is(posted.status, 201);
  t.is(posted.headers.get('x-seen'), 'POST');
  t.deepEqual(posted.body, {
    method: 'POST',
    url: '/things?x=1',
    type: 'application/json',
    custom: 'yes',
    body: '{"a":1}',
  });
  for (const [result, method] of [
    [await http.get('/a'), 'GET'],
    [await http.put('/a', [1]), 'PUT'],
    [await http.patch('/a', 'raw', { 'content-type': 'application/json' }), 'PATCH'],
    [await http.delete('/a'), 'DELETE'],
  ] as const) {
    t.is((result.body as { method: string }).method, method);
  }
  t.is(
    ((await http.patch('/a', '{bad', { 'content-type': 'application/json' })).body as { body: string }).body,
    '{bad',
  );
});

test('text answers stay text and empty answers are an empty string', async (t) => {
  const http = await startHttp(t, echo);
  t.is((await http.post('/text', 'hello')).body, 'plain hello');
  const empty = await http.get('/empty');
  t.is(empty.status, 204);
  t.is(empty.body, '');
});

test('a server that is not listening yet can be given, and it is closed when the test ends', async (t) => {
  const server = createServer(echo);
  let closed = false;
  server.on('close', () => (closed = true));
  await t
    .try(async (tt) => {
      const http = await startHttp(tt, server);
      tt.is(http.server, server);
      tt.true(server.listening);
      tt.is((await http.get('/x')).status, 201);
    })
    .then((attempt) => attempt.commit());
  t.false(server.listening);
  t.true(closed);
});
