import test from 'ava';
import { ValidationError } from '@annals/core';
import { startHttp } from '@annals/testing';
import express from 'express';
import { notFoundHandler, problemHandler, type Problem } from '../index.js';

function app(): express.Express {
  const app = express();
  app.use(express.json());
  app.get('/notes', (_request, response) => {
    response.json([]);
  });
  app.post('/notes', () => {
    throw new ValidationError('text must not be empty');
  });
  app.use(notFoundHandler(), problemHandler());
  return app;
}

test('an unknown route answers a 404 problem, not the HTML page of Express', async (t) => {
  const http = await startHttp(t, app());
  for (const [method, path] of [
    ['GET', '/nowhere'],
    ['POST', '/notes/1/pages'],
    ['DELETE', '/notes'],
  ] as const) {
    const answer = await http.request(method, `${path}?token=abc`);
    t.is(answer.status, 404, path);
    t.is(answer.headers.get('content-type'), 'application/problem+json; charset=utf-8', path);
    t.deepEqual(answer.body as Problem, {
      type: 'urn:annals:problem:ANNALS_ROUTE_NOT_FOUND',
      title: 'Not Found',
      status: 404,
      detail: `no route matches ${method} ${path}`,
      instance: path,
      code: 'ANNALS_ROUTE_NOT_FOUND',
    });
  }
});

test('known routes, and the errors they throw, are answered as before', async (t) => {
  const http = await startHttp(t, app());
  t.deepEqual((await http.get('/notes')).body, []);
  const refused = await http.post('/notes', {});
  t.is(refused.status, 400);
  t.like(refused.body, { code: 'ANNALS_VALIDATION', detail: 'text must not be empty' });
});

test('a HEAD request for an unknown route answers 404 without a body', async (t) => {
  const http = await startHttp(t, app());
  const answer = await http.request('HEAD', '/nowhere');
  t.is(answer.status, 404);
  t.is(answer.body, '');
});
