import test from 'ava';
import { Wallet, Wallets } from '../application/fixtures/wallet.js';
import { InMemoryStrategy } from '../memory/index.js';
import { ApplicationLog } from '../projections/index.js';
import { hasOutbox } from '../storage/index.js';
import { ProcessRunner } from './process-runner.js';
import { Granted, Rewards } from './fixtures/rewards.js';

async function rewardsFollowingWallets() {
  const wallets = new Wallets({ strategy: new InMemoryStrategy(), env: {} });
  const rewardsStrategy = new InMemoryStrategy();
  const rewards = new Rewards({ strategy: rewardsStrategy, env: {} });
  const runnerOf = () =>
    new ProcessRunner({ app: rewards, source: new ApplicationLog(wallets), leaseRetry: 10 });
  return { wallets, rewards, rewardsStrategy, runnerOf };
}

async function granted(rewards: Rewards): Promise<string[]> {
  const wallets: string[] = [];
  for await (const notification of rewards.notificationLog.iterate()) {
    const event = rewards.notificationLog.decode(notification);
    if (event instanceof Granted) wallets.push(event.payload.wallet);
  }
  return wallets;
}

test('a process application records its effects, its messages and the tracking record in one append', async (t) => {
  const { wallets, rewards, rewardsStrategy, runnerOf } = await rewardsFollowingWallets();
  t.teardown(() => Promise.all([wallets.close(), rewards.close()]));
  const big = Wallet.create('big');
  big.credit(500);
  const small = Wallet.create('small');
  small.credit(5);
  const recordings = await wallets.save(big, small);

  const runner = runnerOf();
  await runner.start();
  t.teardown(() => runner.stop());
  await runner.waitFor(recordings.at(-1)?.position ?? 0);

  t.deepEqual(await granted(rewards), [big.id]);
  t.is(
    await rewardsStrategy.maxTrackingPosition('Wallets'),
    4,
    'every handled event is tracked, rewarded or not',
  );
  t.true(hasOutbox(rewardsStrategy));
  t.is((await rewardsStrategy.outboxBacklog()).pending, 1);
  t.like(await runner.status(), { application: 'Rewards', upstream: 'Wallets', position: 4, head: 4 });
});

test('a process application that crashed between loading and recording resumes without duplicating its effects', async (t) => {
  const { wallets, rewards, runnerOf } = await rewardsFollowingWallets();
  t.teardown(() => Promise.all([wallets.close(), rewards.close()]));
  const wallet = Wallet.create('lucky');
  wallet.credit(100);
  await wallets.save(wallet);
  rewards.failNext = true;

  const first = runnerOf();
  await first.start();
  await first.waitFor(2, { timeout: 10_000 });
  await first.stop();
  t.deepEqual(await granted(rewards), [wallet.id]);

  wallet.credit(200);
  const [recording] = await wallets.save(wallet);
  const second = runnerOf();
  await second.start();
  t.teardown(() => second.stop());
  await second.waitFor(recording?.position ?? 0);
  t.deepEqual(await granted(rewards), [wallet.id, wallet.id], 'one reward per big credit, none twice');
});

test('processing an event a second time conflicts on its tracking record and stores nothing', async (t) => {
  const { wallets, rewards } = await rewardsFollowingWallets();
  t.teardown(() => Promise.all([wallets.close(), rewards.close()]));
  const wallet = Wallet.create('twice');
  wallet.credit(300);
  await wallets.save(wallet);
  const [, credited] = await wallets.notificationLog.select(1, 2);
  const event = wallets.notificationLog.decode(credited ?? (undefined as never));
  await rewards.process(event, 'Wallets', 2);
  const error = await t.throwsAsync(rewards.process(event, 'Wallets', 2));
  t.is((error as { code?: string }).code, 'ANNALS_RECORD_CONFLICT');
  t.deepEqual(await granted(rewards), [wallet.id]);
});
