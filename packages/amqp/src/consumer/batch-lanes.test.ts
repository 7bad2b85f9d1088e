import test from 'ava';
import { setTimeout as sleep } from 'node:timers/promises';
import { BatchLanes } from './batch-lanes.js';

test('items of one key reach work in order; waiting items gather into batches; lanes overlap', async (t) => {
  const batches: string[][] = [];
  let running = 0;
  let most = 0;
  const lanes = new BatchLanes<string>(3, 4, async (batch) => {
    running++;
    most = Math.max(most, running);
    batches.push(batch);
    await sleep(10);
    running--;
  });
  for (let n = 1; n <= 6; n++) for (const key of ['a', 'b', 'c', 'd', 'e']) lanes.push(key, `${key}${n}`);
  await lanes.idle();
  t.true(most > 1 && most <= 3);
  t.true(batches.every((batch) => batch.length <= 4));
  t.true(batches.length < 30, 'items waiting behind a batch were batched together');
  const seen = batches.flat();
  t.is(seen.length, 30);
  for (const key of ['a', 'b', 'c', 'd', 'e']) {
    t.deepEqual(
      seen.filter((item) => item.startsWith(key)),
      [1, 2, 3, 4, 5, 6].map((n) => `${key}${n}`),
      key,
    );
  }
});

test('a lone item is handed over at once, alone', async (t) => {
  const batches: number[][] = [];
  const lanes = new BatchLanes<number>(1, 100, async (batch) => {
    batches.push(batch);
    await sleep(5);
  });
  lanes.push('k', 1);
  t.deepEqual(batches, [[1]], 'started synchronously');
  lanes.push('k', 2);
  lanes.push('k', 3);
  await lanes.idle();
  t.deepEqual(batches, [[1], [2, 3]]);
});

test('a failing batch does not stall its lane', async (t) => {
  const done: number[] = [];
  const lanes = new BatchLanes<number>(1, 1, async (batch) => {
    if (batch[0] === 1) throw new Error('boom');
    done.push(...batch);
  });
  lanes.push('k', 1);
  lanes.push('k', 2);
  await lanes.idle();
  t.deepEqual(done, [2]);
});
