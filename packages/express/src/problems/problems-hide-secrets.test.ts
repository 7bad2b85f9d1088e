import test from 'ava';
import { randomBytes } from 'node:crypto';
import { Cipher } from '@annals/core';
import { postgresqlStrategy } from '@annals/mikro-orm/postgresql';
import { leaksIn, printable } from '@annals/test-support';
import { startHttp } from '@annals/testing';
import express from 'express';
import { Note, Notebook } from '../fixtures/notebook.js';
import { spyLogger } from '../fixtures/spy-logger.js';
import { bearerToken, notificationLogRouter, problemHandler } from '../index.js';

const secrets = {
  'cipher key': Cipher.generateKey(),
  'database password': `db-${randomBytes(9).toString('base64url')}`,
  'bearer token': `log-${randomBytes(12).toString('base64url')}`,
  'short cipher key': randomBytes(12).toString('base64'),
};

test('problem bodies, headers and the logger show no secret when requests and the storage fail', async (t) => {
  // Port 1 refuses connections: every storage call fails with the password in the strategy's URL.
  const url = `postgresql://annals:${secrets['database password']}@127.0.0.1:1/notes`;
  const notebook = new Notebook({
    env: {},
    cipherKey: secrets['cipher key'],
    strategy: postgresqlStrategy({ url, migrate: false }),
  });
  t.teardown(() => notebook.close());
  const logger = spyLogger();
  const app = express();
  app.use(express.json());
  app.use(
    '/bank',
    notificationLogRouter({ application: () => notebook, authorize: bearerToken(secrets['bearer token']) }),
  );
  app.post('/notes', async (_request, response) => {
    await notebook.save(Note.write('never stored'));
    response.status(201).end();
  });
  app.get('/misconfigured', (_request, response) => {
    const misconfigured = new Notebook({ env: { NOTEBOOK_CIPHER_KEY: secrets['short cipher key'] } });
    response.json({ name: misconfigured.name });
  });
  app.use(problemHandler({ logger }));
  const http = await startHttp(t, app);

  const answers = [
    await http.get('/bank/notifications'),
    await http.get('/bank/notifications', { authorization: `Bearer ${secrets['bearer token']}x` }),
    await http.get('/bank/notifications', { authorization: `Bearer ${secrets['bearer token']}` }),
    await http.post('/notes', { text: 'x' }),
    await http.get('/misconfigured'),
  ];
  t.deepEqual(
    answers.map((answer) => answer.status),
    [401, 403, 503, 503, 500],
  );
  t.true(logger.lines.length >= 3, 'each 5xx was logged with its error');
  const everything = printable({
    bodies: answers.map((answer) => answer.body),
    headers: answers.map((answer) => Object.fromEntries(answer.headers)),
    logged: logger.lines,
  });
  t.regex(everything, /PostgreSQL at 127\.0\.0\.1:1\/notes is unavailable/, 'the storage errors were swept');
  t.regex(everything, /cipherKey must be 32 bytes/, 'the configuration error was swept');
  t.deepEqual(leaksIn(everything, secrets), []);
});
