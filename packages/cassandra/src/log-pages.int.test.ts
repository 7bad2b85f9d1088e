import { randomUUID } from 'node:crypto';
import test from 'ava';
import {
  InMemoryStrategy,
  isConfigurationError,
  isRecordConflictError,
  isValidationError,
  stateBytes,
  type EventRange,
  type StoredEvent,
} from '@annals/core';
import { cassandraStrategy } from './strategy/index.js';
import { testContactPoints } from './testing/index.js';
import { migratedStrategy } from './fixtures/migrated-strategy.js';
import { pagesOfLane } from './fixtures/raw-rows.js';

const history = (id: string, from: number, to: number): StoredEvent[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({
    originatorId: id,
    originatorVersion: from + i,
    topic: 'Page.Filled',
    state: Uint8Array.of(from + i),
  }));

test('an append takes the next positions of the tail page, or the next page whole; reads across pages equal the in-memory ones', async (t) => {
  const strategy = await migratedStrategy(t, { bucketSize: 10, pageSize: 4 });
  const oracle = new InMemoryStrategy();
  const [a, b] = [randomUUID(), randomUUID()];
  // Pages of 10 positions: 1-7 fill 1-7; 8-13 do not fit in 8-10, so page 0 is sealed and they take 11-16;
  // b's 1-4 take 17-20, ending page 1 exactly; 14-20 take 21-27; b's 5-9 do not fit in 28-30: 31-35.
  const appends: [string, number, number][] = [
    [a, 1, 7],
    [a, 8, 13],
    [b, 1, 4],
    [a, 14, 20],
    [b, 5, 9],
    [a, 21, 21],
  ];
  const positions: number[] = [];
  for (const [id, from, to] of appends) {
    positions.push(...(await strategy.append(history(id, from, to))));
    await oracle.append(history(id, from, to));
  }
  const expected = [1, 2, 3, 4, 5, 6, 7, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27];
  t.deepEqual(positions, [...expected, 31, 32, 33, 34, 35, 36]);
  t.deepEqual(await pagesOfLane(strategy.keyspace, a), [0, 1, 2, 3]);
  const log = await strategy.selectNotifications({ start: 1, limit: 100 });
  t.deepEqual(
    log.map((n) => [n.position, n.originatorId, n.originatorVersion]),
    appends
      .flatMap(([id, from, to]) => history(id, from, to))
      .map((e, i) => [positions[i], e.originatorId, e.originatorVersion]),
  );
  t.is(await strategy.maxNotificationPosition(), 36);
  t.deepEqual(
    (await strategy.selectNotifications({ start: 8, limit: 3 })).map((n) => n.position),
    [11, 12, 13],
  );
  t.deepEqual(
    (await strategy.selectNotifications({ start: 28, limit: 100, stop: 32 })).map((n) => n.position),
    [31, 32],
  );

  const ranges: EventRange[] = [];
  for (const gt of [undefined, 0, 5, 7, 8, 13, 19, 20, 21, 25]) {
    for (const lte of [undefined, 1, 7, 8, 13, 14, 20, 21, 30]) {
      for (const desc of [false, true]) {
        for (const limit of [undefined, 1, 3, 12]) ranges.push({ gt, lte, desc, limit });
      }
    }
  }
  for (const id of [a, b]) {
    for (const range of ranges) {
      const streamed: StoredEvent[] = [];
      for await (const event of strategy.streamEvents(id, range)) {
        streamed.push({ ...event, state: stateBytes(event.state) });
      }
      t.deepEqual(streamed, await oracle.selectEvents(id, range), JSON.stringify(range));
    }
  }
});

test('a version stored in a sealed page conflicts, as does one in the tail page', async (t) => {
  const strategy = await migratedStrategy(t, { bucketSize: 10 });
  const id = randomUUID();
  await strategy.append(history(id, 1, 8));
  await strategy.append(history(id, 9, 13));
  for (const [from, to] of [
    [11, 12],
    [13, 14],
    [9, 9],
    [1, 1],
  ] as const) {
    const error = await t.throwsAsync(strategy.append(history(id, from, to)));
    t.true(isRecordConflictError(error), `${from}-${to}: ${String(error)}`);
  }
  await strategy.append(history(id, 14, 21));
  await strategy.append(history(id, 22, 22));
  t.deepEqual(
    (await strategy.selectEvents(id)).map((e) => e.originatorVersion),
    Array.from({ length: 22 }, (_, i) => i + 1),
  );
});

test('a gap is refused, in the first page and past a sealed one', async (t) => {
  const strategy = await migratedStrategy(t, { bucketSize: 10 });
  const id = randomUUID();
  const first = await t.throwsAsync(strategy.append(history(id, 2, 3)));
  t.true(isValidationError(first), String(first));
  await strategy.append(history(id, 1, 10));
  const past = await t.throwsAsync(strategy.append(history(id, 12, 12)));
  t.true(isValidationError(past), String(past));
  const far = await t.throwsAsync(strategy.append(history(id, 25, 25)));
  t.true(isValidationError(far), String(far));
  t.is((await strategy.selectEvents(id)).length, 10);
});

test('an append of more events than a page has positions is refused before anything is sent', async (t) => {
  const strategy = await migratedStrategy(t, { bucketSize: 10 });
  const id = randomUUID();
  const error = await t.throwsAsync(strategy.append(history(id, 1, 11)));
  t.true(isValidationError(error), String(error));
  t.regex(error?.message ?? '', /at most bucketSize \(10\)/);
  await strategy.append(history(id, 1, 10));
  await strategy.append(history(id, 11, 20));
  t.is((await strategy.selectEvents(id, { gt: 5, lte: 15 })).length, 10);
});

test('a keyspace keeps its bucket size: another one is refused by migrate() and by every operation', async (t) => {
  const strategy = await migratedStrategy(t, { bucketSize: 10 });
  const other = await migratedStrategy(t, { bucketSize: 10, keyspace: strategy.keyspace });
  await other.append(history(randomUUID(), 1, 1));
  const wrong = cassandraStrategy({
    contactPoints: testContactPoints,
    keyspace: strategy.keyspace,
    bucketSize: 20,
  });
  t.teardown(() => wrong.close());
  const migrateError = await t.throwsAsync(wrong.migrate());
  t.true(isConfigurationError(migrateError), String(migrateError));
  t.regex(migrateError?.message ?? '', /pages of 10 positions.*bucketSize 20/);
  const readError = await t.throwsAsync(wrong.selectEvents(randomUUID()));
  t.true(isConfigurationError(readError), String(readError));
});

test('a keyspace that was never migrated is named, with what to do', async (t) => {
  const strategy = cassandraStrategy({
    contactPoints: testContactPoints,
    keyspace: 'annals_test_never_migrated',
  });
  t.teardown(() => strategy.close());
  const error = await t.throwsAsync(strategy.selectEvents(randomUUID()));
  t.true(isConfigurationError(error), String(error));
  t.regex(
    error?.message ?? '',
    /annals_test_never_migrated has no Annals tables; run the strategy's migrate\(\)/,
  );
});
