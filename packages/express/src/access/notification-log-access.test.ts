import test, { type ExecutionContext } from 'ava';
import { ConfigurationError, NotificationLogClient } from '@annals/core';
import { startHttp } from '@annals/testing';
import express from 'express';
import {
  bearerToken,
  notificationLogRouter,
  problemHandler,
  type Authorize,
  type NotificationLogRouterOptions,
  type Problem,
} from '../index.js';
import { Note, Notebook } from '../fixtures/notebook.js';

const secret = 'log-token-7c1e';

async function served(t: ExecutionContext, authorize: Authorize) {
  const notebook = new Notebook({ env: {} });
  t.teardown(() => notebook.close());
  await notebook.save(Note.write('private'));
  const app = express();
  app.use('/bank', notificationLogRouter({ application: () => notebook, authorize }));
  app.use(problemHandler());
  return startHttp(t, app);
}

test('a router without an authorize option is a ConfigurationError naming the option', (t) => {
  const options = { application: () => new Notebook({ env: {} }) } as NotificationLogRouterOptions;
  const error = t.throws(() => notificationLogRouter(options), { instanceOf: ConfigurationError });
  t.is(error.setting, 'authorize');
  t.regex(error.message, /authorize option.*'trusted-network'/);
});

test('bearerToken answers 401 without a bearer token, 403 with another, and the page with the secret', async (t) => {
  const http = await served(t, bearerToken(secret));
  const missing = await http.get('/bank/notifications?token=x');
  t.is(missing.status, 401);
  t.is(missing.headers.get('content-type'), 'application/problem+json; charset=utf-8');
  t.is(missing.headers.get('www-authenticate'), 'Bearer');
  t.deepEqual(missing.body as Problem, {
    type: 'urn:annals:problem:ANNALS_UNAUTHENTICATED',
    title: 'Unauthorized',
    status: 401,
    detail: '/bank/notifications needs credentials',
    instance: '/bank/notifications',
    code: 'ANNALS_UNAUTHENTICATED',
  });
  t.is((await http.get('/bank/notifications', { authorization: `Basic ${secret}` })).status, 401);
  for (const wrong of ['log-token-7c1f', `${secret}x`, 'x', `${secret} ${secret}`]) {
    const refused = await http.get('/bank/notifications', { authorization: `Bearer ${wrong}` });
    t.is(refused.status, 403, wrong);
    t.like(refused.body, { code: 'ANNALS_FORBIDDEN', status: 403 });
    t.false(JSON.stringify(refused.body).includes(wrong));
  }
  const allowed = await http.get('/bank/notifications', { authorization: `bearer ${secret}` });
  t.is(allowed.status, 200);
  t.like(allowed.body, { maxPosition: 1 });
});

test('an authorize function decides with booleans, promises and named decisions', async (t) => {
  const decisions: Record<string, Awaited<ReturnType<Authorize>>> = {
    yes: true,
    no: false,
    allow: 'allow',
    unauthenticated: 'unauthenticated',
    forbidden: 'forbidden',
  };
  const http = await served(t, async (request) => decisions[request.get('x-decision') ?? ''] ?? false);
  const status = async (decision: string, headers: Record<string, string> = {}) =>
    (await http.get('/bank/notifications', { 'x-decision': decision, ...headers })).status;
  t.is(await status('yes'), 200);
  t.is(await status('allow'), 200);
  t.is(await status('no'), 401);
  t.is(await status('no', { authorization: 'Bearer anything' }), 403);
  t.is(await status('unauthenticated', { authorization: 'Bearer anything' }), 401);
  t.is(await status('forbidden'), 403);
});

test('an authorize function that throws is answered 500 without reading the log', async (t) => {
  const http = await served(t, () => {
    throw new Error(`vault down, secret ${secret}`);
  });
  const answer = await http.get('/bank/notifications');
  t.is(answer.status, 500);
  t.false(JSON.stringify(answer.body).includes(secret));
});

test('a follower with the token reads the log; one without is refused', async (t) => {
  const http = await served(t, bearerToken(secret));
  const url = `${http.url}/bank/notifications`;
  t.is(await new NotificationLogClient({ url, token: secret }).maxPosition(), 1);
  const refused = await t.throwsAsync(new NotificationLogClient({ url }).maxPosition(), {
    instanceOf: ConfigurationError,
  });
  t.regex(refused.message, /answered 401/);
});

test('bearerToken refuses an empty secret', (t) => {
  t.throws(() => bearerToken(''), { instanceOf: ConfigurationError, message: /non-empty secret/ });
});
