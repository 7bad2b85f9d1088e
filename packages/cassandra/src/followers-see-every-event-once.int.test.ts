import { randomUUID } from 'node:crypto';
import test from 'ava';
import type { StoredEvent } from '@annals/core';
import { followerFaults, followLog, type FollowUntil } from '@annals/test-support';
import { migratedStrategy } from './fixtures/migrated-strategy.js';
import type { CassandraStrategy } from './strategy/index.js';

const TOTAL_EVENTS = 20_000;
const WRITERS = 8;
const FOLLOWERS = 2;
/** Pages of 500 positions: the writers seal some forty pages while the followers read. */
const BUCKET_SIZE = 500;

test(`${FOLLOWERS} followers see all ${TOTAL_EVENTS} events of ${WRITERS} racing writers once, in order`, async (t) => {
  t.timeout(300_000);
  const first = await migratedStrategy(t, { bucketSize: BUCKET_SIZE });
  // Writers on two clients, each with its own idea of the log's tail, and followers on a third.
  const clients: CassandraStrategy[] = [
    first,
    await migratedStrategy(t, { bucketSize: BUCKET_SIZE, keyspace: first.keyspace }),
  ];
  const reader = await migratedStrategy(t, { bucketSize: BUCKET_SIZE, keyspace: first.keyspace });

  const committed: number[] = [];
  let remaining = TOTAL_EVENTS;
  const writer = async (index: number): Promise<void> => {
    const strategy = clients[index % clients.length] ?? first;
    while (remaining > 0) {
      const size = Math.min(remaining, 1 + Math.floor(Math.random() * 5));
      remaining -= size;
      // Some appends hold two aggregates: they take their positions together as well.
      const ids = Math.random() < 0.2 ? [randomUUID(), randomUUID()] : [randomUUID()];
      const events: StoredEvent[] = Array.from({ length: size }, (_, i) => ({
        originatorId: ids[i % ids.length] ?? '',
        originatorVersion: Math.floor(i / ids.length) + 1,
        topic: 'Stress.Happened',
        state: Uint8Array.of(i),
      }));
      committed.push(...(await strategy.append(events)));
    }
  };

  // Known once the writers are done: the position a caught-up follower has reached.
  const until: FollowUntil = { finalPosition: Number.POSITIVE_INFINITY, giveUpAt: Number.POSITIVE_INFINITY };
  const following = Array.from({ length: FOLLOWERS }, () =>
    followLog((start) => reader.selectNotifications({ start, limit: 1000 }), until),
  );
  await Promise.all(Array.from({ length: WRITERS }, (_, index) => writer(index)));
  until.finalPosition = Math.max(...committed);
  until.giveUpAt = Date.now() + 60_000;
  const followed = await Promise.all(following);

  t.is(committed.length, TOTAL_EVENTS);
  t.is(await reader.maxNotificationPosition(), until.finalPosition);
  t.deepEqual(followerFaults(committed, followed), []);
});
