import test from 'ava';
import { randomUUID } from 'node:crypto';
import { isValidationError } from '@annals/core';
import type { ClaimedOutboxMessage, OutboxCommit } from '@annals/core/storage';
import { announcedEvent as announced } from '../fixtures/announced-event.js';
import { until } from '../fixtures/until.js';
import { createPostgresqlDatabase } from '../testing/index.js';
import { postgresqlStrategy } from './postgresql-strategy.js';

test('rows of a dispatcher that never settles them are claimed once the dispatch grace has passed', async (t) => {
  const database = await createPostgresqlDatabase();
  t.teardown(() => database.drop());
  const dispatcher = postgresqlStrategy({ url: database.url });
  // Two relays of other processes: one whose grace no run of this test outlasts, one whose grace is short.
  const patient = postgresqlStrategy({ url: database.url, outboxDispatchGrace: 600_000 });
  const relay = postgresqlStrategy({ url: database.url, outboxDispatchGrace: 200 });
  t.teardown(() => Promise.all([dispatcher.close(), patient.close(), relay.close()]).then(() => undefined));
  const commits: OutboxCommit[] = [];
  dispatcher.watchOutbox((commit) => commits.push(commit));
  const id = randomUUID();
  await dispatcher.append(...announced(id, 1));
  t.is(commits[0]?.dispatched.length, 1, 'marked and handed to the watcher');

  const claimAll = async (claimer: typeof relay): Promise<string[]> => {
    let handed: ClaimedOutboxMessage[] = [];
    await claimer.claimOutbox(100, async (messages) => {
      handed = [...messages];
      return messages.map((message) => message.sequence);
    });
    return handed.map((message) => message.id);
  };
  t.deepEqual(await claimAll(patient), [], 'within its grace, another process leaves it to its dispatcher');
  const taken = await until('a claim after the grace', async () => {
    const ids = await claimAll(relay);
    return ids.length > 0 && ids;
  });
  t.deepEqual(taken, [`${id}:1`], 'the dispatcher died: after the grace, claims take it');
});

test('an append in another process behind a dispatched row is not dispatched', async (t) => {
  const database = await createPostgresqlDatabase();
  t.teardown(() => database.drop());
  const [first, second] = [
    postgresqlStrategy({ url: database.url }),
    postgresqlStrategy({ url: database.url }),
  ];
  t.teardown(() => Promise.all([first.close(), second.close()]).then(() => undefined));
  const heard: OutboxCommit[] = [];
  first.watchOutbox((commit) => heard.push(commit));
  second.watchOutbox((commit) => heard.push(commit));
  const id = randomUUID();
  await first.append(...announced(id, 1));
  await second.append(...announced(id, 2));
  t.deepEqual(
    heard.map((commit) => [commit.dispatched.map((message) => message.id), commit.claimable]),
    [
      [[`${id}:1`], 0],
      [[], 1],
    ],
  );
});

test('settling with bad sequences fails before touching the outbox', async (t) => {
  const database = await createPostgresqlDatabase();
  t.teardown(() => database.drop());
  const strategy = postgresqlStrategy({ url: database.url });
  t.teardown(() => strategy.close());
  const error = await t.throwsAsync(strategy.settleOutbox([1.5], []), {
    message: /an outbox sequence must be an integer from 1 to \d+; got 1\.5/,
  });
  t.true(isValidationError(error));
});

test('a dispatch grace that is not a number of ms is refused, naming the option', (t) => {
  t.throws(
    () => postgresqlStrategy({ url: 'postgresql://postgres@127.0.0.1:5432/test', outboxDispatchGrace: -1 }),
    {
      instanceOf: RangeError,
      message: /outboxDispatchGrace must be a number of ms >= 0; got -1/,
    },
  );
});

test('appends in the caller’s own transactions and savepoints are dispatched once the outermost commits', async (t) => {
  const database = await createPostgresqlDatabase();
  t.teardown(() => database.drop());
  const strategy = postgresqlStrategy({ url: database.url });
  t.teardown(() => strategy.close());
  const heard: string[][] = [];
  strategy.watchOutbox((commit) => heard.push(commit.dispatched.map((message) => message.id)));
  const [own, savepoint, rolledBack] = [randomUUID(), randomUUID(), randomUUID()];
  await strategy.orm.em.transactional(() => strategy.append(...announced(own, 1)));
  await strategy.transaction(async () => {
    await strategy.orm.em.transactional(() => strategy.append(...announced(savepoint, 1)), {
      propagation: 'nested',
    });
    await strategy.orm.em
      .transactional(
        async () => {
          await strategy.append(...announced(rolledBack, 1));
          throw new Error('the savepoint rolls back');
        },
        { propagation: 'nested' },
      )
      .catch(() => undefined);
    t.deepEqual(heard, [[`${own}:1`]], 'the savepoint’s rows wait for the outer commit');
  });
  t.deepEqual(heard, [[`${own}:1`], [`${savepoint}:1`]], 'each committed append once, the rolled back never');
  let handed: string[] = [];
  await strategy.claimOutbox(
    100,
    async (messages) => {
      handed = messages.map((message) => message.id);
      return messages.map((message) => message.sequence);
    },
    { includeDispatched: true },
  );
  t.deepEqual(handed, [`${own}:1`, `${savepoint}:1`], 'the outbox holds only what was committed');
});
