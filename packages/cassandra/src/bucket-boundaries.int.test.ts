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
import { bucketsOfVersions } from './fixtures/raw-rows.js';

const history = (id: string, from: number, to: number): StoredEvent[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({
    originatorId: id,
    originatorVersion: from + i,
    topic: 'Bucket.Filled',
    state: Uint8Array.of(from + i),
  }));

// Bucket size 10. 8-13 crosses 10 and is stored whole in bucket 0; 14-20 ends exactly on 20; 30-36 crosses 30
// and is stored whole in bucket 2; 37-41 opens bucket 3 after that overflow.
const appends: [number, number][] = [
  [1, 7],
  [8, 13],
  [14, 20],
  [21, 29],
  [30, 36],
  [37, 41],
];

test('an append goes whole to the bucket of its first version; reads across buckets equal the in-memory ones', async (t) => {
  const strategy = await migratedStrategy(t, { bucketSize: 10, pageSize: 4 });
  const oracle = new InMemoryStrategy();
  const id = randomUUID();
  for (const [from, to] of appends) {
    await strategy.append(history(id, from, to));
    await oracle.append(history(id, from, to));
  }
  const buckets = await bucketsOfVersions(strategy.keyspace, id);
  const expected = new Map<number, number>();
  for (const [from, to] of appends)
    for (let v = from; v <= to; v++) expected.set(v, Math.floor((from - 1) / 10));
  t.deepEqual(
    [...buckets].sort(([a], [b]) => a - b),
    [...expected],
  );

  const ranges: EventRange[] = [];
  for (const gt of [undefined, 0, 5, 9, 10, 11, 13, 19, 20, 21, 29, 30, 35, 36, 37, 40, 41, 45]) {
    for (const lte of [undefined, 1, 9, 10, 11, 13, 14, 20, 21, 30, 31, 36, 37, 40, 41, 50]) {
      for (const desc of [false, true]) {
        for (const limit of [undefined, 1, 3, 12]) ranges.push({ gt, lte, desc, limit });
      }
    }
  }
  for (const range of ranges) {
    const streamed: StoredEvent[] = [];
    for await (const event of strategy.streamEvents(id, range)) {
      streamed.push({ ...event, state: stateBytes(event.state) });
    }
    t.deepEqual(streamed, await oracle.selectEvents(id, range), JSON.stringify(range));
  }
});

test('an append starting in the tail of a sealed bucket conflicts, as does one inside the open bucket', async (t) => {
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

test('a gap is refused, in the first bucket and past a sealed one', async (t) => {
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

test('an append of more events than the bucket size is refused before anything is sent', async (t) => {
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
  t.regex(migrateError?.message ?? '', /buckets of 10 versions.*bucketSize 20/);
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
