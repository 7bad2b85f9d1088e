import test from 'ava';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StoredEvent } from '@annals/core';
import { followerFaults, followLog, type FollowUntil } from '@annals/test-support';
import { postgresqlStrategy } from '../postgresql/index.js';
import { createPostgresqlDatabase } from '../testing/index.js';

const TOTAL_EVENTS = 50_000;
const WRITERS = 8;
const FOLLOWERS = 2;

test(`${FOLLOWERS} followers see all ${TOTAL_EVENTS} events of ${WRITERS} racing writers once, in order`, async (t) => {
  t.timeout(240_000);
  const database = await createPostgresqlDatabase();
  t.teardown(() => database.drop());
  const strategy = postgresqlStrategy({ url: database.url, poolSize: WRITERS + FOLLOWERS + 2 });
  t.teardown(() => strategy.close());
  await strategy.migrate();

  const committed: number[] = [];
  let remaining = TOTAL_EVENTS;
  const writer = async (): Promise<void> => {
    while (remaining > 0) {
      const size = Math.min(remaining, 1 + Math.floor(Math.random() * 5));
      remaining -= size;
      const id = randomUUID();
      const events: StoredEvent[] = Array.from({ length: size }, (_, i) => ({
        originatorId: id,
        originatorVersion: i + 1,
        topic: 'Stress.Happened',
        state: new Uint8Array([i]),
      }));
      const positions = await strategy.orm.em.transactional(async () => {
        const drawn = await strategy.append(events);
        // Holding the transaction open for a random while makes commits arrive out of position order.
        await sleep(Math.random() * 3);
        return drawn;
      });
      committed.push(...positions);
    }
  };

  // Known once the writers are done: the position a caught-up follower has reached. Until then, an empty
  // page only means that some transaction (in any database of the server) is still open.
  const until: FollowUntil = { finalPosition: Number.POSITIVE_INFINITY, giveUpAt: Number.POSITIVE_INFINITY };
  const following = Array.from({ length: FOLLOWERS }, () =>
    followLog((start) => strategy.selectNotifications({ start, limit: 1000 }), until),
  );
  await Promise.all(Array.from({ length: WRITERS }, writer));
  until.finalPosition = Math.max(...committed);
  until.giveUpAt = Date.now() + 60_000;
  const followed = await Promise.all(following);

  t.is(committed.length, TOTAL_EVENTS);
  t.deepEqual(followerFaults(committed, followed), []);
});
