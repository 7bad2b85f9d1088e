import test from 'ava';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StoredEvent } from '@annals/core';
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
  let finalPosition = Number.POSITIVE_INFINITY;
  const follower = async (): Promise<{ seen: number[]; outOfOrder: number; gaveUp: boolean }> => {
    const seen: number[] = [];
    let outOfOrder = 0;
    let last = 0;
    const deadline = () => Date.now() > giveUpAt;
    while (last < finalPosition && !deadline()) {
      const page = await strategy.selectNotifications({ start: last + 1, limit: 1000 });
      for (const notification of page) {
        if (notification.position <= last) outOfOrder++;
        last = notification.position;
        seen.push(notification.position);
      }
      if (page.length === 0) await sleep(2);
    }
    return { seen, outOfOrder, gaveUp: last < finalPosition };
  };

  let giveUpAt = Number.POSITIVE_INFINITY;
  const following = Array.from({ length: FOLLOWERS }, follower);
  await Promise.all(Array.from({ length: WRITERS }, writer));
  finalPosition = Math.max(...committed);
  giveUpAt = Date.now() + 60_000;
  const results = await Promise.all(following);

  t.is(committed.length, TOTAL_EVENTS);
  const expected = [...committed].sort((a, b) => a - b);
  for (const [index, { seen, outOfOrder, gaveUp }] of results.entries()) {
    t.is(outOfOrder, 0, `follower ${index} saw a position after a larger one`);
    const seenSet = new Set(seen);
    const missed = expected.filter((position) => !seenSet.has(position)).slice(0, 10);
    t.is(
      seen.length,
      expected.length,
      `follower ${index} saw ${seen.length} of ${expected.length} events; missed ${missed.join(', ')}` +
        (gaveUp ? ', having given up at the deadline' : ' and reached the last position'),
    );
    t.deepEqual(seen, expected, `follower ${index} saw every committed event exactly once`);
  }
});
