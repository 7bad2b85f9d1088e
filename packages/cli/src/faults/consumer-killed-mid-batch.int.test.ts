import test from 'ava';
import { setTimeout as sleep } from 'node:timers/promises';
import { databaseCounter } from '../fixtures/counting.js';
import { finished, runJson, startCli } from '../fixtures/run-cli.js';
import { faultWorld } from './fault-fixture.js';

test('a consumer killed mid-batch: redelivered messages have no second effect', async (t) => {
  const { env, consumer, url } = await faultWorld(t);
  const countInDatabase = databaseCounter(t, url);
  await runJson(['open-accounts', '30'], env);
  const { published } = await runJson<{ published: number }>(['flush'], env);
  t.is(published, 60);

  const slow = startCli(['drain', consumer], { ...env, FIXTURE_HANDLER_DELAY: '20' });
  const exit = finished(slow);
  const deadline = Date.now() + 30_000;
  while ((await countInDatabase()).applied.length < 20) {
    if (Date.now() > deadline) throw new Error('the consumer made no progress');
    await sleep(20);
  }
  slow.kill('SIGKILL');
  t.is((await exit).code, null, 'the consumer died by SIGKILL');
  const midway = (await countInDatabase()).applied.length;

  const drained = await runJson<Record<string, { handled: number; duplicates: number }>>(
    ['drain', consumer],
    env,
  );
  const { committed, applied } = await countInDatabase();
  t.log(
    `committed ${committed.length}, published ${published}, applied ${applied.length} (${midway} before the kill, ` +
      `${drained[consumer]?.duplicates ?? 0} redeliveries recognised)`,
  );
  t.is(new Set(applied).size, applied.length, 'no message had a second effect');
  t.deepEqual([...applied].sort(), [...committed].sort(), 'applied = published = committed');
  t.is(midway + (drained[consumer]?.handled ?? 0), 60);
});

test('a consumer killed between a commit and its acknowledgement: the redelivery is recognised and has no effect', async (t) => {
  const { env, consumer, url } = await faultWorld(t);
  const countInDatabase = databaseCounter(t, url);
  await runJson(['open-accounts', '10'], env);
  await runJson(['flush'], env);
  const dying = await finished(startCli(['drain', consumer], { ...env, FIXTURE_KILL_AFTER_COMMITS: '7' }));
  t.is(dying.code, null, 'the consumer died by SIGKILL');
  const midway = (await countInDatabase()).applied.length;
  t.is(midway, 7);
  const drained = await runJson<Record<string, { handled: number; duplicates: number }>>(
    ['drain', consumer],
    env,
  );
  const { committed, applied } = await countInDatabase();
  t.like(drained[consumer], { handled: 13, duplicates: 1 });
  t.is(new Set(applied).size, applied.length, 'no message had a second effect');
  t.deepEqual([...applied].sort(), [...committed].sort());
});
