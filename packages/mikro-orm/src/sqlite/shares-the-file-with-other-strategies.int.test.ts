import test from 'ava';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isOperationalError, type StoredEvent } from '@annals/core';
import { sqliteStrategy } from './sqlite-strategy.js';

const directory = mkdtempSync(join(tmpdir(), 'annals-sqlite-strategies-'));
test.after.always(() => rmSync(directory, { recursive: true, force: true }));

const event = (): StoredEvent => ({
  originatorId: randomUUID(),
  originatorVersion: 1,
  topic: 'Order.Placed',
  state: new Uint8Array([1]),
});

/** Resolves when `promise` does, or with `'pending'` once everything already queued has run. */
async function settledYet<T>(promise: Promise<T>): Promise<T | 'pending'> {
  return Promise.race([promise, new Promise<'pending'>((resolve) => setImmediate(resolve, 'pending'))]);
}

// Waits are generous, so that a slow machine cannot fail these tests: they end as soon as the lock goes.
const busyTimeout = 60_000;

test('a strategy waits for the transaction another strategy of this process holds on the file, then writes', async (t) => {
  const path = join(directory, 'waits.sqlite');
  const first = sqliteStrategy({ path });
  const second = sqliteStrategy({ path, busyTimeout });
  t.teardown(() => Promise.all([first.close(), second.close()]));
  await first.append([event()]);
  await second.append([event()]);

  let writing: Promise<unknown> | undefined;
  await first.transaction(async () => {
    await first.append([event()]);
    writing = second.append([event()]);
    t.is(await settledYet(writing), 'pending', 'the write lock is the first strategy’s until it commits');
    await first.append([event()]);
  });
  await writing;
  t.is(await first.maxNotificationPosition(), 5);
  t.is(await second.maxNotificationPosition(), 5);
});

test('strategies appending to one file at once store every event', async (t) => {
  const path = join(directory, 'at-once.sqlite');
  const strategies = [1, 2, 3].map(() => sqliteStrategy({ path, busyTimeout }));
  t.teardown(() => Promise.all(strategies.map((strategy) => strategy.close())));
  await Promise.all(
    strategies.map(async (strategy) => {
      for (let index = 0; index < 20; index++) {
        // Several events with a tracking record: a transaction of several statements.
        await strategy.append([event(), event()], {
          tracking: { application: `upstream-${strategies.indexOf(strategy)}`, position: index + 1 },
        });
      }
    }),
  );
  t.is(await strategies[0]?.maxNotificationPosition(), 120);
});

test('a strategy that waited longer than its busy timeout for another of this process fails naming the file', async (t) => {
  const path = join(directory, 'gives-up.sqlite');
  const first = sqliteStrategy({ path });
  const second = sqliteStrategy({ path, busyTimeout: 50 });
  t.teardown(() => Promise.all([first.close(), second.close()]));
  await second.append([event()]);
  const error = await first.transaction(async () => {
    await first.append([event()]);
    return t.throwsAsync(second.append([event()]));
  });
  t.true(isOperationalError(error), String(error));
  t.regex(error?.message ?? '', /gives-up\.sqlite.*database is locked/);
  t.is(await second.maxNotificationPosition(), 2);
});
