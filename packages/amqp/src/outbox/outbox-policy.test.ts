import test from 'ava';
import { InMemoryStrategy, isValidationError } from '@annals/core';
import type { ClaimedOutboxMessage } from '@annals/core/storage';
import { Account, Accounts } from '../fixtures/accounts.js';
import { Header } from '../messages/headers.js';
import { OutboxPolicy } from './outbox-policy.js';

const setup = () => {
  const strategy = new InMemoryStrategy();
  const app = new Accounts({ strategy, env: {} });
  const policy = new OutboxPolicy({ exchange: 'bank.events', publishes: ['Account.*'], service: 'bank' });
  const detach = policy.attach(app);
  return { strategy, app, detach };
};

/** The pending outbox rows, left pending. */
async function pending(strategy: InMemoryStrategy): Promise<readonly ClaimedOutboxMessage[]> {
  let seen: readonly ClaimedOutboxMessage[] = [];
  await strategy.claimOutbox(100, async (messages) => {
    seen = messages;
    return [];
  });
  return seen;
}

test('a save writes one outbox message per published event, in the same append', async (t) => {
  const { strategy, app } = setup();
  const account = Account.open('ada');
  account.deposit(5);
  account.note('not published');
  const [, recording] = await app.save(account);
  const messages = await pending(strategy);
  t.deepEqual(
    messages.map((m) => m.id),
    [`${account.id}:1`, `${account.id}:2`],
  );
  const [opened, deposited] = messages;
  t.like(deposited, {
    orderingKey: account.id,
    exchange: 'bank.events',
    routingKey: 'Account.Deposited.bank',
    contentType: 'application/json',
    event: { originatorId: account.id, originatorVersion: 2 },
    position: recording?.position,
  });
  t.deepEqual(deposited?.headers, {
    [Header.topic]: 'Account.Deposited',
    [Header.timestamp]: recording?.event.timestamp.toISOString(),
    [Header.schemaVersion]: '2',
  });
  const body = JSON.parse(Buffer.from(opened?.body ?? []).toString('utf8')) as Record<string, unknown>;
  t.like(body, {
    id: `${account.id}:1`,
    topic: 'Account.Opened',
    originatorId: account.id,
    originatorVersion: 1,
    schemaVersion: 1,
    payload: { owner: 'ada' },
  });
  t.is(body['timestamp'], opened?.headers?.[Header.timestamp]);
});

test('a save that conflicts writes no outbox message', async (t) => {
  const { strategy, app } = setup();
  const account = Account.open('ada');
  await app.save(account);
  const stale = await app.get(Account, account.id);
  const fresh = await app.get(Account, account.id);
  fresh.deposit(1);
  await app.save(fresh);
  stale.deposit(2);
  await t.throwsAsync(app.save(stale));
  t.deepEqual(
    (await pending(strategy)).map((m) => m.id),
    [`${account.id}:1`, `${account.id}:2`],
  );
});

test('after detaching, saves write no outbox messages', async (t) => {
  const { strategy, app, detach } = setup();
  detach();
  await app.save(Account.open('ada'));
  t.deepEqual(await pending(strategy), []);
});

test('a policy needs an exchange, topics and a one-word service', (t) => {
  t.true(isValidationError(t.throws(() => new OutboxPolicy({ exchange: '', publishes: ['#'] }))));
  t.true(isValidationError(t.throws(() => new OutboxPolicy({ exchange: 'x', publishes: [] }))));
  t.true(
    isValidationError(t.throws(() => new OutboxPolicy({ exchange: 'x', publishes: ['#'], service: 'a.b' }))),
  );
});
