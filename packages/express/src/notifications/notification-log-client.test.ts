import test, { type ExecutionContext } from 'ava';
import { NotificationLogClient, OperationalError, ValidationError, type Notification } from '@annals/core';
import { startHttp } from '@annals/testing';
import express from 'express';
import { bearerToken, notificationLogRouter, problemHandler } from '../index.js';
import { Edited, Note, Notebook, Noted } from '../fixtures/notebook.js';

/** An upstream notebook served over HTTP, with `count` notes each edited once. */
async function upstream(t: ExecutionContext, count: number) {
  const notebook = new Notebook({ env: {}, compression: 'zlib' });
  t.teardown(() => notebook.close());
  const notes = Array.from({ length: count }, (_, n) => Note.write(`note ${n}`));
  await notebook.save(...notes);
  for (const note of notes) note.edit(`${note.text}, edited`);
  await notebook.save(...notes);
  const app = express();
  const token = 'notebook-log-token';
  app.use('/notebook', notificationLogRouter({ application: () => notebook, authorize: bearerToken(token) }));
  app.use(problemHandler());
  const http = await startHttp(t, app);
  const client = new NotificationLogClient({ url: `${http.url}/notebook/notifications`, token });
  return { notebook, client };
}

async function collect(iterable: AsyncIterable<Notification>): Promise<Notification[]> {
  const out: Notification[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

test('a follower reads the same notifications over HTTP as the upstream log holds', async (t) => {
  const { notebook, client } = await upstream(t, 7);
  const local = await notebook.notificationLog.select(1, 100);
  t.deepEqual(await collect(client.iterate({ pageSize: 3 })), local);
  t.deepEqual(await collect(client.iterate({ start: 5, pageSize: 1000 })), local.slice(4));
  t.deepEqual(await client.select(2, 3), local.slice(1, 4));
  t.is(await client.maxPosition(), 14);
});

test('the notifications decode with a downstream application of the same configuration', async (t) => {
  const { client } = await upstream(t, 2);
  await using downstream = new Notebook({ env: {}, compression: 'zlib' });
  const events = (await collect(client.iterate())).map((n) => downstream.notificationLog.decode(n));
  t.true(events[0] instanceof Noted);
  t.true(events[3] instanceof Edited);
  t.deepEqual(
    events.map((event) => (event.payload as { text: string }).text),
    ['note 0', 'note 1', 'note 0, edited', 'note 1, edited'],
  );
});

test('a topics filter reads only those topics, across pages', async (t) => {
  const { client } = await upstream(t, 5);
  const edited = await collect(client.iterate({ topics: ['Note.Edited'], pageSize: 2 }));
  t.deepEqual(
    edited.map((n) => n.position),
    [6, 7, 8, 9, 10],
  );
  t.deepEqual(
    (await client.select(1, 3, ['Note.Edited'])).map((n) => n.position),
    [6, 7, 8],
  );
});

test('refusals and unavailable storage come back as the matching Annals errors', async (t) => {
  const { notebook, client } = await upstream(t, 1);
  const tooLarge = await t.throwsAsync(client.select(1, 5000), { instanceOf: ValidationError });
  t.regex(tooLarge.message, /400: limit must be between 0 and 1000/);
  await notebook.close();
  const closed = await t.throwsAsync(client.select(1, 10), { instanceOf: OperationalError });
  t.regex(closed.message, /503/);
});
