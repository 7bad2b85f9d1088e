import { ValidationError } from '@annals/core';
import { RecordingLogger } from '@annals/test-support';
import { startHttp } from '@annals/testing';
import test from 'ava';
import express from 'express';
import { notFoundHandler, problemHandler, requestLog, type Problem } from '../index.js';

function api(logger: RecordingLogger): express.Express {
  const app = express();
  app.use(requestLog({ logger }));
  app.get('/accounts/:id', (_request, response) => {
    response.json({ balance: 1 });
  });
  app.post('/accounts', () => {
    throw new ValidationError('owner is missing');
  });
  app.use(notFoundHandler(), problemHandler({ logger }));
  return app;
}

test('each request is logged once, with its request id, method, path, route, status and duration', async (t) => {
  const logger = new RecordingLogger();
  const http = await startHttp(t, api(logger));
  const answer = await http.get('/accounts/a1?full=1');
  const requestId = answer.headers.get('x-request-id');
  t.regex(requestId ?? '', /^[0-9a-f-]{36}$/);

  const line = await logger.waitFor((logged) => logged.message === 'request answered');
  t.is(line.level, 'info');
  t.like(line.fields, {
    component: 'http',
    requestId,
    method: 'GET',
    path: '/accounts/a1',
    route: '/accounts/:id',
    status: 200,
  });
  t.is(typeof line.fields['durationMs'], 'number');
  t.is(logger.lines.filter((logged) => logged.message === 'request answered').length, 1);
});

test('a problem+json answer carries the request id of its header and its log line', async (t) => {
  const logger = new RecordingLogger();
  const http = await startHttp(t, api(logger));
  const invalid = await http.post('/accounts', {});
  const missing = await http.get('/nowhere');

  for (const answer of [invalid, missing]) {
    const requestId = answer.headers.get('x-request-id');
    t.is((answer.body as Problem).requestId, requestId ?? 'no header');
    const line = await logger.waitFor(
      (logged) => logged.message === 'request answered' && logged.fields['requestId'] === requestId,
    );
    t.is(line.fields['status'], answer.status);
  }
  t.deepEqual([invalid.status, missing.status], [400, 404]);
});

test('a client’s X-Request-Id is kept when it is a plain token, and replaced otherwise', async (t) => {
  const logger = new RecordingLogger();
  const http = await startHttp(t, api(logger));
  const kept = await http.get('/accounts/a1', { 'x-request-id': 'edge-7f3a:42' });
  t.is(kept.headers.get('x-request-id'), 'edge-7f3a:42');
  const replaced = await http.get('/accounts/a1', { 'x-request-id': 'a b\u00e9' });
  t.regex(replaced.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
});
