import test from 'ava';
import { IntegrityError } from '../errors/index.js';
import { DomainEvent } from '../events/index.js';
import { Aggregate } from './aggregate.js';

class Opened extends DomainEvent<{ owner: string }> {
  static override readonly topic = 'Account.Opened';
}
class Deposited extends DomainEvent<{ amount: number }> {
  static override readonly topic = 'Account.Deposited';
}

class Account extends Aggregate {
  static override readonly topic = 'Account';
  static override readonly events = [Opened, Deposited];
  owner = '';
  balance = 0;
  applied: string[] = [];

  static open(owner: string): Account {
    const account = new Account();
    account.trigger(Opened, { owner });
    return account;
  }

  deposit(amount: number): Deposited {
    return this.trigger(Deposited, { amount });
  }

  protected override apply(event: DomainEvent): void {
    this.applied.push(event.topic);
    if (event instanceof Opened) this.owner = event.payload.owner;
    if (event instanceof Deposited) this.balance += event.payload.amount;
  }
}

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

test('a new aggregate is at version 0 with no dates and no pending events', (t) => {
  const account = new Account();
  t.is(account.version, 0);
  t.is(account.createdOn, undefined);
  t.is(account.modifiedOn, undefined);
  t.deepEqual(account.pendingEvents, []);
});

test('ids are UUID v7 by default, unique, and ordered by creation', (t) => {
  const before = Date.now();
  const ids = Array.from({ length: 200 }, () => new Account().id);
  const after = Date.now();
  for (const id of ids) t.regex(id, UUID_V7);
  t.is(new Set(ids).size, ids.length);
  t.deepEqual([...ids].sort(), ids);
  const first = ids[0] ?? '';
  const embeddedMs = parseInt(first.replaceAll('-', '').slice(0, 12), 16);
  t.true(
    embeddedMs >= before && embeddedMs <= after + 1,
    `embedded time ${embeddedMs} not within ${before}..${after}`,
  );
});

test('an id given to the constructor is kept', (t) => {
  t.is(new Account('00000000-0000-4000-8000-000000000001').id, '00000000-0000-4000-8000-000000000001');
});

test('trigger applies the event, increments the version and keeps the event pending', (t) => {
  const account = Account.open('ada');
  t.is(account.version, 1);
  t.is(account.owner, 'ada');
  const deposited = account.deposit(5);
  account.deposit(7);
  t.is(account.version, 3);
  t.is(account.balance, 12);
  t.deepEqual(account.applied, ['Account.Opened', 'Account.Deposited', 'Account.Deposited']);
  t.is(account.pendingEvents.length, 3);
  t.is(account.pendingEvents[1], deposited);
  t.deepEqual(
    account.pendingEvents.map((event) => [event.originatorId, event.originatorVersion, event.topic]),
    [
      [account.id, 1, 'Account.Opened'],
      [account.id, 2, 'Account.Deposited'],
      [account.id, 3, 'Account.Deposited'],
    ],
  );
  t.true(deposited instanceof Deposited);
  t.deepEqual(deposited.payload, { amount: 5 });
  t.true(Object.isFrozen(deposited.payload));
});

test("createdOn is the first event's time and modifiedOn the last one's", async (t) => {
  const before = Date.now();
  const account = Account.open('ada');
  const opened = account.pendingEvents[0];
  t.truthy(opened);
  t.is(account.createdOn, opened?.timestamp);
  t.is(account.modifiedOn, opened?.timestamp);
  t.true((account.createdOn?.getTime() ?? 0) >= before);
  await sleep(5);
  const deposited = account.deposit(1);
  t.is(account.createdOn, opened?.timestamp);
  t.is(account.modifiedOn, deposited.timestamp);
  t.true(deposited.timestamp.getTime() > (opened?.timestamp.getTime() ?? Infinity));
});

test('markSaved forgets exactly the events it is given', (t) => {
  const account = Account.open('ada');
  const [opened] = account.pendingEvents;
  account.deposit(1);
  const later = account.pendingEvents[1];
  account.markSaved(opened ? [opened] : []);
  t.deepEqual(account.pendingEvents, later ? [later] : []);
  account.markSaved([...account.pendingEvents]);
  t.deepEqual(account.pendingEvents, []);
  t.is(account.version, 2);
});

test('mutate replays stored events in order without making them pending', (t) => {
  const source = Account.open('ada');
  source.deposit(10);
  const replica = new Account(source.id);
  for (const event of source.pendingEvents) replica.mutate(event);
  t.is(replica.version, 2);
  t.is(replica.balance, 10);
  t.is(replica.owner, 'ada');
  t.deepEqual(replica.pendingEvents, []);
  t.is(replica.createdOn, source.createdOn);
  t.is(replica.modifiedOn, source.modifiedOn);
});

test("mutate refuses a gap, a repeat and another aggregate's event with an IntegrityError, changing nothing", (t) => {
  const account = Account.open('ada');
  const at = (originatorVersion: number, originatorId = account.id): Deposited =>
    new Deposited({ originatorId, originatorVersion, timestamp: new Date() }, { amount: 100 });
  for (const event of [at(3), at(1), at(0), at(2, new Account().id)]) {
    const error = t.throws(() => account.mutate(event), { instanceOf: IntegrityError });
    t.regex(error.message, /does not follow/);
  }
  t.is(account.version, 1);
  t.is(account.balance, 0);
  t.deepEqual(account.applied, ['Account.Opened']);
  account.mutate(at(2));
  t.is(account.version, 2);
  t.is(account.balance, 100);
});

test('restore sets the bookkeeping a snapshot carries', (t) => {
  const account = new Account();
  const created = new Date(1);
  const modified = new Date(2);
  account.restore(7, created, modified);
  t.is(account.version, 7);
  t.is(account.createdOn, created);
  t.is(account.modifiedOn, modified);
  t.is(account.deposit(1).originatorVersion, 8);
});
