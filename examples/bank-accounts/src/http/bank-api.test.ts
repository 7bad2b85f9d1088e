import test from 'ava';
import { startHttp, useApplication } from '@annals/testing';
import { bankingOn } from '../fixtures/banking-on.js';
import { bankApi } from './bank-api.js';

const banking = useApplication(test, (context) => bankingOn(context));

test('opening, depositing with If-Match, and a stale If-Match answered 412', async (t) => {
  const http = await startHttp(t, bankApi({ banking: () => banking(t) }));
  const opened = await http.post('/accounts', { owner: 'Alice', overdraftLimit: 100 });
  t.is(opened.status, 201);
  t.is(opened.headers.get('etag'), '"1"');
  const { id } = opened.body as { id: string };
  const deposited = await http.post(`/accounts/${id}/deposits`, { amount: 50 }, { 'if-match': '"1"' });
  t.is(deposited.status, 200);
  t.is(deposited.headers.get('etag'), '"2"');
  const stale = await http.post(`/accounts/${id}/deposits`, { amount: 50 }, { 'if-match': '"1"' });
  t.is(stale.status, 412);
  t.is(stale.headers.get('content-type'), 'application/problem+json; charset=utf-8');
});

test('an overdraft is a 400 problem, an unknown account a 404, bad JSON a 400', async (t) => {
  const http = await startHttp(t, bankApi({ banking: () => banking(t) }));
  const { id } = (await http.post('/accounts', { owner: 'Bob' })).body as { id: string };
  const refused = await http.post(`/accounts/${id}/withdrawals`, { amount: 1 });
  t.is(refused.status, 400);
  t.regex((refused.body as { detail: string }).detail, /cannot pay 1/);
  t.is((await http.get('/accounts/0190c2a8-8d1e-7c4e-9d6a-3f1e2d3c4b5a')).status, 404);
  const malformed = await http.request('POST', '/accounts', {
    body: '{"owner":',
    headers: { 'content-type': 'application/json' },
  });
  t.is(malformed.status, 400);
});

test('the notification log is served to followers that send the log token, and refused to others', async (t) => {
  const logToken = 'bank-log-token-for-tests';
  const http = await startHttp(t, bankApi({ banking: () => banking(t), logToken }));
  await http.post('/accounts', { owner: 'Carol' });
  const anonymous = await http.get('/notifications?after=0&limit=10');
  t.is(anonymous.status, 401);
  t.like(anonymous.body, { code: 'ANNALS_UNAUTHENTICATED' });
  const wrong = await http.get('/notifications', { authorization: 'Bearer guessed' });
  t.is(wrong.status, 403);
  t.like(wrong.body, { code: 'ANNALS_FORBIDDEN' });
  const page = (await http.get('/notifications?after=0&limit=10', { authorization: `Bearer ${logToken}` }))
    .body as { items: { topic: string }[] };
  t.deepEqual(
    page.items.map((item) => item.topic),
    ['BankAccount.Opened'],
  );
});

test('without a log token the notification log is not served', async (t) => {
  const http = await startHttp(t, bankApi({ banking: () => banking(t) }));
  await http.post('/accounts', { owner: 'Erin' });
  t.is((await http.get('/notifications')).status, 404);
});

test('a command on a version someone else has changed since is a 409 conflict', async (t) => {
  const http = await startHttp(t, bankApi({ banking: () => banking(t) }));
  const { id } = (await http.post('/accounts', { owner: 'Dan' })).body as { id: string };
  const [first, second] = await Promise.all([
    http.post(`/accounts/${id}/deposits`, { amount: 1, expectedVersion: 1 }),
    http.post(`/accounts/${id}/deposits`, { amount: 2, expectedVersion: 1 }),
  ]);
  t.deepEqual([first.status, second.status].sort(), [200, 409]);
  t.is((await http.post(`/accounts/${id}/deposits`, { amount: 3, expectedVersion: 7 })).status, 412);
});

test('a transfer is accepted with 202, then read back as it moved on', async (t) => {
  const http = await startHttp(t, bankApi({ banking: () => banking(t) }));
  const alice = (await http.post('/accounts', { owner: 'Alice', overdraftLimit: 500 })).body as {
    id: string;
  };
  const bob = (await http.post('/accounts', { owner: 'Bob' })).body as { id: string };
  const accepted = await http.post('/transfers', { from: alice.id, to: bob.id, amount: 300 });
  t.is(accepted.status, 202);
  const { id } = accepted.body as { id: string };
  t.is(accepted.headers.get('location'), `/transfers/${id}`);
  t.like(accepted.body, { from: alice.id, to: bob.id, amount: 300, status: 'requested' });
  await banking(t).settle();
  const read = await http.get(`/transfers/${id}`);
  t.like(read.body, { status: 'completed', version: 3 });
  t.deepEqual(
    (read.body as { history: { topic: string }[] }).history.map((step) => step.topic),
    ['Transfer.Requested', 'Transfer.Debited', 'Transfer.Completed'],
  );
});

test('a transfer naming an account the bank does not have is a 404, and nothing is requested', async (t) => {
  const http = await startHttp(t, bankApi({ banking: () => banking(t) }));
  const alice = (await http.post('/accounts', { owner: 'Alice' })).body as { id: string };
  const unknown = '0190c2a8-8d1e-7c4e-9d6a-3f1e2d3c4b5a';
  const refused = await http.post('/transfers', { from: alice.id, to: unknown, amount: 1 });
  t.is(refused.status, 404);
  t.is(await banking(t).transfers.notificationLog.maxPosition(), 0);
});
