import test, { type ExecutionContext } from 'ava';
import type { Capability, NotificationPage } from '@annals/core';
import { InMemoryStrategy } from '@annals/core';
import { startHttp, type HttpSpecification } from '@annals/testing';
import express from 'express';
import { notificationLogRouter, problemHandler, type NotificationLogRouterOptions } from '../index.js';
import { Note, Notebook } from '../fixtures/notebook.js';

/** A notebook with five notes, each edited once: positions 1-5 are `Note.Noted`, 6-10 `Note.Edited`. */
async function filled(t: ExecutionContext, options: Partial<NotificationLogRouterOptions> = {}, mount = '/') {
  const notebook = new Notebook({ env: {} });
  t.teardown(() => notebook.close());
  const notes = [1, 2, 3, 4, 5].map((n) => Note.write(`note ${n}`));
  await notebook.save(...notes);
  for (const note of notes) note.edit(`${note.text}, edited`);
  await notebook.save(...notes);
  const app = express();
  app.use(
    mount,
    notificationLogRouter({ application: () => notebook, authorize: 'trusted-network', ...options }),
  );
  app.use(problemHandler());
  return { notebook, http: await startHttp(t, app) };
}

async function page(http: HttpSpecification, path: string): Promise<NotificationPage> {
  const answer = await http.get(path);
  if (answer.status !== 200)
    throw new Error(`${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body as NotificationPage;
}

test('a page carries the stored notifications with their state in base64', async (t) => {
  const { notebook, http } = await filled(t);
  const all = await page(http, '/notifications');
  const stored = await notebook.notificationLog.select(1, 100);
  t.is(all.maxPosition, 10);
  t.is(all.next, null);
  t.deepEqual(
    all.items,
    stored.map((n) => ({
      position: n.position,
      originatorId: n.originatorId,
      originatorVersion: n.originatorVersion,
      topic: n.topic,
      state: Buffer.from(n.state).toString('base64'),
    })),
  );
});

test('following next links reads the whole log page by page', async (t) => {
  const { http } = await filled(t);
  const first = await page(http, '/notifications?after=2&limit=3');
  t.deepEqual(
    first.items.map((item) => item.position),
    [3, 4, 5],
  );
  t.is(first.next, '/notifications?after=5&limit=3');
  const positions = [...first.items.map((item) => item.position)];
  let next = first.next;
  while (next) {
    const following = await page(http, next);
    positions.push(...following.items.map((item) => item.position));
    next = following.next;
  }
  t.deepEqual(positions, [3, 4, 5, 6, 7, 8, 9, 10]);
});

test('a topics filter keeps only those topics, and next links keep the filter', async (t) => {
  const { http } = await filled(t, {}, '/bank');
  const edited = await page(http, '/bank/notifications?topics=Note.Edited&limit=2');
  t.deepEqual(
    edited.items.map((item) => [item.position, item.topic]),
    [
      [6, 'Note.Edited'],
      [7, 'Note.Edited'],
    ],
  );
  t.is(edited.next, '/bank/notifications?after=7&limit=2&topics=Note.Edited');
  const both = await page(http, '/bank/notifications?topics=Note.Noted,Note.Edited&after=4&limit=20');
  t.is(both.items.length, 6);
  const repeated = await page(http, '/bank/notifications?topics=Note.Noted&topics=Other&limit=20');
  t.is(repeated.items.length, 5);
});

test('limit=0 reads only the end of the log, and the default limit and path can be changed', async (t) => {
  const { http } = await filled(t, { path: '/log', defaultLimit: 4, maxLimit: 5 });
  t.deepEqual(await page(http, '/log?limit=0'), { items: [], next: null, maxPosition: 10 });
  const defaulted = await page(http, '/log');
  t.is(defaulted.items.length, 4);
  t.is(defaulted.next, '/log?after=4&limit=4');
  t.is((await http.get('/log?limit=6')).status, 400);
  t.is((await http.get('/notifications')).status, 404);
});

test('a malformed query answers a 400 validation problem', async (t) => {
  const { http } = await filled(t);
  for (const query of ['after=-1', 'after=x', 'after=1.5', 'limit=1001', 'limit=', 'after=1&after=2']) {
    const answer = await http.get(`/notifications?${query}`);
    t.is(answer.status, 400, query);
    t.like(answer.body, { code: 'ANNALS_VALIDATION', instance: '/notifications' }, query);
  }
});

test('a strategy without a notification log answers 501, closed storage 503', async (t) => {
  class WithoutLog extends InMemoryStrategy {
    override readonly capabilities = new Set<Capability>(['snapshots']);
  }
  const without = new Notebook({ env: {}, strategy: new WithoutLog() });
  const closed = new Notebook({ env: {} });
  await closed.close();
  const app = express();
  app.use('/without', notificationLogRouter({ application: () => without, authorize: 'trusted-network' }));
  app.use('/closed', notificationLogRouter({ application: () => closed, authorize: 'trusted-network' }));
  app.use(problemHandler());
  const http = await startHttp(t, app);
  const unsupported = await http.get('/without/notifications');
  t.is(unsupported.status, 501);
  t.like(unsupported.body, { code: 'ANNALS_NOT_SUPPORTED' });
  const unavailable = await http.get('/closed/notifications');
  t.is(unavailable.status, 503);
  t.like(unavailable.body, { code: 'ANNALS_CLOSED' });
});
