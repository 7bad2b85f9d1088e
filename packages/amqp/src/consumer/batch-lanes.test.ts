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

test('the next batch begins while the one before commits, and runs its handlers only after that commit', async (t) => {
  const steps: string[] = [];
  let commit: () => void = () => undefined;
  const lanes = new BatchLanes<number>(1, 100, async (batch, turn) => {
    const name = batch.join('+');
    steps.push(`begin ${name}`);
    if (!(await turn.previous)) throw new Error('unexpected');
    steps.push(`handle ${name}`);
    turn.committing();
    if (name === '1') await new Promise<void>((resolve) => (commit = resolve));
    steps.push(`committed ${name}`);
    turn.committed(true);
  });
  lanes.push('k', 1);
  await sleep(5);
  lanes.push('k', 2);
  await sleep(5);
  t.deepEqual(steps, ['begin 1', 'handle 1', 'begin 2'], 'batch 2 began during the commit of batch 1');
  commit();
  await lanes.idle();
  t.deepEqual(steps, ['begin 1', 'handle 1', 'begin 2', 'committed 1', 'handle 2', 'committed 2']);
});

test('when a commit fails, the batch that began meanwhile learns it and can wait for the recovery', async (t) => {
  const steps: string[] = [];
  const lanes = new BatchLanes<number>(1, 100, async (batch, turn) => {
    const name = batch.join('+');
    if (name === '1') {
      turn.committing();
      await sleep(10);
      turn.committed(false);
      await sleep(10);
      steps.push('recovered 1');
      return;
    }
    const previousCommitted = await turn.previous;
    steps.push(`2 sees ${previousCommitted}`);
    await turn.previousDone;
    steps.push('2 starts again');
  });
  lanes.push('k', 1);
  lanes.push('k', 2);
  await lanes.idle();
  t.deepEqual(steps, ['2 sees false', 'recovered 1', '2 starts again']);
});
