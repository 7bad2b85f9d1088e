import test from 'ava';
import { ApplicationLog, ProcessRunner } from '@annals/core';
import { migratedStrategy } from './fixtures/migrated-strategy.js';
import { Granted, Rewards, Wallet, Wallets } from './fixtures/wallets-and-rewards.js';

const WALLETS = 30;

test('two runners of a process application on Cassandra grant each reward once, with its message and tracking record', async (t) => {
  const upstream = await migratedStrategy(t);
  const wallets = new Wallets({ strategy: upstream, env: {} });
  const first = await migratedStrategy(t);
  const second = await migratedStrategy(t, { keyspace: first.keyspace });
  const rewards = [new Rewards({ strategy: first, env: {} }), new Rewards({ strategy: second, env: {} })];
  const runners = rewards.map(
    (app) =>
      new ProcessRunner({ app, source: new ApplicationLog(wallets), leaseRetry: 50, pollInterval: 50 }),
  );
  for (const runner of runners) {
    await runner.start();
    t.teardown(() => runner.stop());
  }

  let last = 0;
  const rewarded: string[] = [];
  for (let index = 0; index < WALLETS; index++) {
    const wallet = new Wallet();
    wallet.credit(index % 2 === 0 ? 150 : 5);
    wallet.credit(10);
    if (index % 2 === 0) rewarded.push(wallet.id);
    last = (await wallets.save(wallet)).at(-1)?.position ?? last;
    // Half way, the first runner stops: when it held the lease, the other takes over from the tracking record.
    if (index === WALLETS / 2) await runners[0]?.stop();
  }
  await runners[1]?.waitFor(last, { timeout: 30_000 });

  const granted: string[] = [];
  for await (const notification of rewards[1]?.notificationLog.iterate() ?? []) {
    const event = rewards[1]?.notificationLog.decode(notification);
    if (event instanceof Granted) granted.push(event.payload.wallet);
  }
  t.deepEqual([...granted].sort(), [...rewarded].sort(), 'one reward per big credit, none twice');
  t.is(await second.maxTrackingPosition('Wallets'), last, 'every upstream event is tracked, rewarded or not');
  t.is((await second.outboxBacklog()).pending, rewarded.length, 'one message per reward, written with it');
});
